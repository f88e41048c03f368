/**
 * The terminal from an empty install: `passage setup` (link and interactive-free flags), `passage dialogue
 * create|list`, `passage member add|remove|list`, `passage user list|disable|role` on a fresh embedded database,
 * and `passage import` / `passage export` against a running server through the HTTP API. Clear errors, exit 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../test/app';
import { runPassage, runPassageAsync } from '../../test/cli';
import { makeIndicators } from '../../test/exchange-world';
import { makeDialogue, makeOrganisation, makeUser } from '../../test/factories';

const dataDir = mkdtempSync(join(tmpdir(), 'passage-cli-setup-'));

function passage(args: string[], env: Record<string, string> = {}) {
  return runPassage(
    args,
    { ...process.env, PASSAGE_DATA_DIR: dataDir, DATABASE_URL: '', PASSAGE_PASSWORD: '', ...env },
    90_000,
  );
}

/** The same, without blocking the event loop (for commands that talk to the in-process server). */
function passageAsync(args: string[]) {
  return runPassageAsync(args, {
    ...process.env,
    PASSAGE_DATA_DIR: dataDir,
    DATABASE_URL: '',
    PASSAGE_TOKEN: '',
  });
}

const ADMIN = ['--name', 'Eva Admin', '--email', 'eva@secretariat.example', '--org', 'Test Secretariat'];

describe('passage setup, dialogue, member and user commands', { timeout: 300_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a set-up link, refuses a short password, creates the first administrator once', () => {
    const link = passage(['setup', '--link', '--json', '--url', 'https://passage.example.org']);
    expect(link.code, link.err).toBe(0);
    expect(JSON.parse(link.out).url).toMatch(/^https:\/\/passage\.example\.org\/setup\?token=setup_/);
    const short = passage(['setup', ...ADMIN], { PASSAGE_PASSWORD: 'short' });
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/password: .*12/);
    const ok = passage(['setup', ...ADMIN], { PASSAGE_PASSWORD: 'Eva-setup-9f4k-orchid' });
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('administrator eva@secretariat.example created');
    expect(ok.out).toContain('two-factor');
    const again = passage(['setup', ...ADMIN], { PASSAGE_PASSWORD: 'Eva-setup-9f4k-orchid' });
    expect(again.code).toBe(1);
    expect(again.err).toContain('has an administrator already');
  });

  it('creates and lists dialogues; a duplicate slug is refused naming the field', () => {
    const created = passage([
      'dialogue',
      'create',
      '--slug',
      'test-process',
      '--name',
      'Test Process',
      '--json',
    ]);
    expect(created.code, created.err).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      slug: 'test-process',
      secretariat: { name: 'Test Secretariat' },
    });
    const dup = passage(['dialogue', 'create', '--slug', 'test-process', '--name', 'Again']);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('exists already');
    expect(dup.err).toContain('slug: "test-process" is taken');
    const list = passage(['dialogue', 'list']);
    expect(list.out).toMatch(/test-process\s+Test Process \(Test Secretariat; 0 member states/);
  });

  it('adds and removes member states with dates; twice and a left date before the joined date are refused', () => {
    for (const c of ['GRC', 'ITA', 'TUR']) {
      const r = passage([
        'member',
        'add',
        '--dialogue',
        'test-process',
        '--country',
        c,
        '--joined',
        '2020-01-01',
      ]);
      expect(r.code, r.err).toBe(0);
    }
    const twice = passage(['member', 'add', '--dialogue', 'test-process', '--country', 'GRC']);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('member of this dialogue already (since 2020-01-01)');
    const early = passage([
      'member',
      'remove',
      '--dialogue',
      'test-process',
      '--country',
      'TUR',
      '--left',
      '2019-12-31',
    ]);
    expect(early.code).toBe(1);
    expect(early.err).toContain('leftOn: 2019-12-31 is before TUR joined the dialogue (2020-01-01)');
    const removed = passage([
      'member',
      'remove',
      '--dialogue',
      'test-process',
      '--country',
      'TUR',
      '--left',
      '2024-06-30',
    ]);
    expect(removed.code, removed.err).toBe(0);
    const list = JSON.parse(passage(['member', 'list', '--dialogue', 'test-process', '--json']).out);
    expect(list.states.map((s: { iso3: string; isCurrent: boolean }) => `${s.iso3} ${s.isCurrent}`)).toEqual([
      'GRC true',
      'ITA true',
      'TUR false',
    ]);
  });

  it('lists users, grants roles, refuses to remove the last installation administrator', () => {
    const users = JSON.parse(passage(['user', 'list', '--json']).out);
    expect(users).toMatchObject([
      {
        email: 'eva@secretariat.example',
        isPlatformAdmin: true,
        roles: [
          { dialogue: 'test-process', role: 'admin' },
          { dialogue: 'test-process', role: 'data_manager' },
        ],
      },
    ]);
    const grant = passage([
      'user',
      'role',
      'eva@secretariat.example',
      '--dialogue',
      'test-process',
      '--grant',
      'analyst',
    ]);
    expect(grant.out).toContain('now holds analyst in test-process');
    const last = passage(['user', 'role', 'eva@secretariat.example', '--platform-admin', 'off']);
    expect(last.code).toBe(1);
    expect(last.err).toContain('last installation administrator');
    const nobody = passage(['user', 'disable', 'nobody@example.org']);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('User "nobody@example.org" was not found');
  });
});

describe('passage import and export through the API', { timeout: 300_000 }, () => {
  let t: TestApp;
  let url: string;
  let token: string;
  let slug: string;
  const files = mkdtempSync(join(tmpdir(), 'passage-cli-files-'));

  beforeAll(async () => {
    t = await createTestApp('pglite');
    const d = await makeDialogue(t.db, { classification: 'public', states: ['ITA'] });
    slug = d.slug;
    await makeIndicators(t.db, d.id, d.secretariatOrgId, 'public');
    const ita = await makeOrganisation(t.db, { country: 'ITA' });
    const provider = await makeUser(t.db, {
      orgId: ita.id,
      roles: [{ dialogueId: d.id, role: 'data_provider' }],
    });
    const headers = sessionHeaders(await loginCookie(t.app, provider.email, provider.password));
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'cli', dialogueId: d.id, scopes: ['observations:write'], expiresInDays: 1 },
    });
    token = created.json().secret;
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('imports a file into a draft, lists every bad row of a bad one with exit 1, and exports', async () => {
    const header = 'indicator,reporter,period,citizenship,value';
    writeFileSync(
      join(files, 'good.csv'),
      `${header}\nRET_DEC,ITA,2024-01,SYR,12\nRET_DEC,ITA,2024-01,AFG,3\n`,
    );
    writeFileSync(
      join(files, 'bad.csv'),
      `${header}\nRET_DEC,ITA,2024-01,SYR,12\nRET_DEC,ITA,2024-13,AFG,x\n`,
    );
    const good = await passageAsync([
      'import',
      join(files, 'good.csv'),
      '--dialogue',
      slug,
      '--url',
      url,
      '--token',
      token,
      '--json',
    ]);
    expect(good.code, good.err).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ reporter: 'ITA', observations: 2 });
    const bad = await passageAsync([
      'import',
      join(files, 'bad.csv'),
      '--dialogue',
      slug,
      '--url',
      url,
      '--token',
      token,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.csv, row 3, column C: period/);
    expect(bad.err).toMatch(/row 3, column E: value/);
    const anonymous = await passageAsync([
      'import',
      join(files, 'good.csv'),
      '--dialogue',
      slug,
      '--url',
      url,
    ]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.err).toContain('passage:');
    const exported = await passageAsync(['export', '--dialogue', slug, '--url', url]);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out.split('\n')[0]).toContain('indicator');
    const down = await passageAsync(['export', '--dialogue', slug, '--url', 'http://127.0.0.1:1']);
    expect(down.code).toBe(1);
    expect(down.err).toContain('cannot reach the Passage server');
  });
});
