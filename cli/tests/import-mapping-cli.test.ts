/**
 * `passage import FILE --mapping NAME [--dry-run]` against a running server through the HTTP API: a table
 * wide by month read through a saved mapping, a dry run that writes nothing, and a file whose header no
 * longer matches the mapping (every problem listed, exit 1).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../test/app';
import { runPassageAsync } from '../../test/cli';
import { makeIndicators } from '../../test/exchange-world';
import { makeDialogue, makeOrganisation, makeUser } from '../../test/factories';

function passage(args: string[]) {
  return runPassageAsync(args, { ...process.env, DATABASE_URL: '', PASSAGE_TOKEN: '' });
}

describe('passage import --mapping', { timeout: 300_000 }, () => {
  let t: TestApp;
  let url: string;
  let token: string;
  let slug: string;
  let dialogueId: number;
  const files = mkdtempSync(join(tmpdir(), 'passage-cli-mapping-'));

  beforeAll(async () => {
    t = await createTestApp('pglite');
    const d = await makeDialogue(t.db, { classification: 'public', states: ['ITA'] });
    slug = d.slug;
    dialogueId = d.id;
    await makeIndicators(t.db, d.id, d.secretariatOrgId, 'public');
    const ita = await makeOrganisation(t.db, { country: 'ITA' });
    const provider = await makeUser(t.db, {
      orgId: ita.id,
      roles: [{ dialogueId: d.id, role: 'data_provider' }],
    });
    const headers = sessionHeaders(await loginCookie(t.app, provider.email, provider.password));
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/dialogues/${slug}/import-mappings/monthly`,
      headers,
      payload: {
        reporter: 'ITA',
        mapping: {
          header: ['Nationality', 'Jan 2024', 'Feb 2024'],
          columns: [
            { kind: 'field', field: 'citizenship' },
            { kind: 'period', period: '2024-01' },
            { kind: 'period', period: '2024-02' },
          ],
          fixed: { indicator: 'RET_DEC' },
          codes: {},
        },
      },
    });
    expect(saved.statusCode, saved.body).toBe(201);
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

  const count = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM observations WHERE dialogue_id = ${dialogueId}`,
      )
    )[0]!.n;

  it('checks a wide file with --dry-run (nothing written), imports it, and refuses a header that changed', async () => {
    writeFileSync(
      join(files, 'march.csv'),
      'Nationality,Jan 2024,Feb 2024,Mar 2024\nSyria,12,14,9\nAfghanistan,3,,4\n',
    );
    writeFileSync(join(files, 'other.csv'), 'Country,Jan 2024\nSyria,1\n');
    const common = ['--dialogue', slug, '--url', url, '--token', token, '--mapping', 'monthly'];
    const dry = await passage(['import', join(files, 'march.csv'), ...common, '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('passage: 5 figure(s) for ITA would be imported');
    expect(dry.out).toContain('dry run through the mapping "monthly": nothing was written');
    expect(dry.out).toContain('RET_DEC ITA 2024-01 citizenship=SYR 12');
    expect(await count()).toBe(0);
    const done = await passage(['import', join(files, 'march.csv'), ...common, '--json']);
    expect(done.code, done.err).toBe(0);
    expect(JSON.parse(done.out).submissions).toEqual([
      expect.objectContaining({ reporter: 'ITA', observations: 5, submissionId: expect.any(Number) }),
    ]);
    expect(await count()).toBe(5);
    const bad = await passage(['import', join(files, 'other.csv'), ...common]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /other\.csv, row 1, column A: header: the column "Country" is not in the saved mapping "monthly"/,
    );
    expect(await count()).toBe(5);
  });
});
