import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSAGE_BIN, runPassage } from '../../test/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'passage-cli-'));

function passage(args: string[], env: Record<string, string> = {}, entry?: string) {
  return runPassage(
    args,
    { ...process.env, PASSAGE_DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    60_000,
    entry,
  );
}

// Each test spawns fresh CLI processes (tsx start-up + PGlite open); allow for a loaded CI machine.
describe('passage CLI', { timeout: 180_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Through the package bin (tsx's loader), as an operator runs it; the other commands run from the compiled
  // bundle of the same sources (test/cli.ts).
  it('lists its commands, each with --help', () => {
    const help = passage(['--help'], {}, PASSAGE_BIN);
    expect(help.code).toBe(0);
    for (const cmd of ['start', 'migrate', 'seed-demo', 'user']) expect(help.out).toContain(cmd);
    const add = passage(['user', 'add', '--help']);
    expect(add.out).toContain('--email <email>');
  });

  it('migrates, refuses a bad user with a clear message, then adds a good one', () => {
    const m = passage(['migrate']);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/migration\(s\) applied; \d{3} countries/);
    const seed = passage(['seed-demo']);
    expect(seed.out).toContain('demo dialogue created');
    const bad = passage([
      'user',
      'add',
      '--email',
      'x@y.org',
      '--name',
      'X',
      '--org',
      'SEC',
      '--password',
      'short',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('password: must have at least 12 characters');
    const noOrg = passage([
      'user',
      'add',
      '--email',
      'x@y.org',
      '--name',
      'X',
      '--org',
      'NOPE',
      '--password',
      'long enough pw',
    ]);
    expect(noOrg.code).toBe(1);
    expect(noOrg.err).toContain('Organisation "NOPE" was not found');
    const ok = passage([
      'user',
      'add',
      '--email',
      'new@demo.passage',
      '--name',
      'New Person',
      '--org',
      'SEC',
      '--password',
      'long enough pw',
      '--dialogue',
      'demo',
      '--role',
      'viewer',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/user new@demo.passage created/);
    const again = passage([
      'user',
      'add',
      '--email',
      'NEW@demo.passage',
      '--name',
      'Y',
      '--org',
      'SEC',
      '--password',
      'long enough pw',
    ]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('exists already');
  });

  it('start with an unreachable DATABASE_URL prints one line and exits non-zero', () => {
    const r = passage(['start', '--port', '0'], { DATABASE_URL: 'postgres://passage@127.0.0.1:1/passage' });
    expect(r.code).toBe(1);
    const lines = r.err.split('\n').filter((l) => l.startsWith('passage:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Cannot connect to DATABASE_URL .*unset DATABASE_URL/);
  });
});
