import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect';
import { runPassage } from '../../test/cli';
import { pgliteTemplateTarball } from '../../test/databases';

const dataDir = mkdtempSync(join(tmpdir(), 'passage-cli-forecast-'));

function passage(args: string[]) {
  return runPassage(args, { ...process.env, PASSAGE_DATA_DIR: dataDir, DATABASE_URL: '' }, 120_000);
}

// The whole demo takes a minute or more to forecast; the service test covers the computation itself.
describe('passage forecast', { timeout: 240_000 }, () => {
  // A migrated database from the run's template: the command's first open would otherwise run initdb and
  // every migration in WASM on disk (~10 s of CPU), which is not what this test is about.
  beforeAll(async () => {
    const db = await connect({ dataDir, loadDataDir: pgliteTemplateTarball(), sharedBuffers: '16MB' });
    await db.close();
  });
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
