import type { Command } from 'commander';
import {
  BackupError,
  backupDatabase,
  backupFileName,
  restoreEmbedded,
  restoreNative,
} from '../../src/db/backup';
import { connect, connectOptionsOf } from '../../src/db/connect';
import { readConfig } from '../../src/shared/config';
import { exitOnStartupError } from './shared';

/** A backup error is one clear line and exit code 1. */
function fail(e: unknown): never {
  if (e instanceof BackupError) {
    console.error(`passage: ${e.message}`);
    process.exit(1);
  }
  throw e;
}

/**
 * `passage backup` and `passage restore` (docs/operations.md). The embedded database is dumped by the
 * process that holds it: with the server running, `passage backup` is refused (the data directory is locked)
 * and the server's scheduled backups (PASSAGE_BACKUP_DIR) are the way; native PostgreSQL is dumped with
 * pg_dump while the server runs.
 */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'Write a backup of the whole database (embedded: a .tar.gz of its data directory; native: pg_dump)',
    )
    .option('--out <file>', 'where to write it (default: passage-<time>.tar.gz or .dump here)')
    .action(async (opts: { out?: string }) => {
      const config = readConfig();
      const db = await connect(connectOptionsOf(config)).catch(exitOnStartupError);
      try {
        const out = opts.out ?? backupFileName(db.kind);
        const r = await backupDatabase(db, out, config.databaseUrl).catch(fail);
        console.log(`passage: backup of the ${r.engine} database written to ${r.file} (${r.bytes} bytes)`);
      } finally {
        await db.close();
      }
    });
  program
    .command('restore <file>')
    .description(
      'Restore a backup into an empty data directory (PASSAGE_DATA_DIR or --data-dir) or an empty database (DATABASE_URL)',
    )
    .option('--data-dir <dir>', 'embedded: the new data directory (default: PASSAGE_DATA_DIR)')
    .action(async (file: string, opts: { dataDir?: string }) => {
      const config = readConfig();
      if (config.databaseUrl) {
        await restoreNative(file, config.databaseUrl).catch(fail);
        console.log('passage: restored into the database of DATABASE_URL');
      } else {
        const dir = opts.dataDir ?? config.dataDir;
        await restoreEmbedded(file, dir).catch(fail);
        console.log(`passage: restored into ${dir}`);
      }
    });
}
