import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { runPassage } from '../../test/cli';
import { pgliteTemplateTarball } from '../../test/databases';

/** `passage backup` and `passage restore` of the embedded database, as an operator runs them. */
const work = mkdtempSync(join(tmpdir(), 'passage-backup-cli-'));

function passage(args: string[], dataDir: string) {
  return runPassage(args, { ...process.env, PASSAGE_DATA_DIR: dataDir, DATABASE_URL: '' }, 150_000);
}

describe('passage backup / restore (embedded)', { timeout: 400_000 }, () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('backs up a data directory and restores it into a new one; refuses a directory with data', async () => {
    const source = join(work, 'source');
    // A data directory started from the run's migrated template (no initdb on disk, ~10 s of WASM CPU).
    const db = await connect({
      dataDir: source,
      loadDataDir: pgliteTemplateTarball(),
      sharedBuffers: '16MB',
    });
    await migrate(db);
    await db.query(
      sql`INSERT INTO organisations (name, kind) VALUES ('Backup Test Ministry', 'secretariat')`,
    );
    await db.close();

    const file = join(work, 'b.tar.gz');
    const backup = passage(['backup', '--out', file], source);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/backup of the pglite database written to .*b\.tar\.gz \(\d+ bytes\)/);

    const target = join(work, 'target');
    const restore = passage(['restore', file, '--data-dir', target], source);
    expect(restore.code, restore.err).toBe(0);
    const restored = await connect({ dataDir: target });
    const rows = await restored.query<{ name: string }>(
      sql`SELECT name FROM organisations WHERE name = 'Backup Test Ministry'`,
    );
    await restored.close();
    expect(rows).toHaveLength(1);

    const again = passage(['restore', file, '--data-dir', target], source);
    expect(again.code).toBe(1);
    expect(again.err).toContain('is not empty');
  });
});
