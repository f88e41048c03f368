import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const dataDir = mkdtempSync(join(tmpdir(), 'passage-cli-forecast-'));

function passage(args: string[]) {
  const r = spawnSync(process.execPath, [tsx, 'cli/passage.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PASSAGE_DATA_DIR: dataDir, DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The whole demo takes a minute or more to forecast; the service test covers the computation itself.
describe('passage forecast', { timeout: 240_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('explains itself and names an unknown dialogue with exit code 1', () => {
    const help = passage(['forecast', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--dialogue <slug>');
    expect(help.out).toContain('forecast.refresh');
    const unknown = passage(['forecast', '--dialogue', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no dialogue "nope"');
  });
});
