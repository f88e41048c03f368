/**
 * Backups and restores of the whole database (issue 19), for both engines:
 * - embedded PGlite: the engine's own dump of its data directory (`dumpDataDir`, a tarball), gzip-compressed,
 *   taken through the open connection — consistent because PGlite has one connection and the dump runs between
 *   statements; restored by starting a fresh data directory from it (`loadDataDir`);
 * - native PostgreSQL: `pg_dump --format=custom` of the server's own major version (a consistent snapshot
 *   while the server runs), restored with `pg_restore --single-transaction --exit-on-error` into an empty
 *   database.
 * A restore never writes over data: the target must be empty. `passage backup` / `passage restore` call these;
 * the server takes scheduled backups with retention (runBackupJob) when PASSAGE_BACKUP_DIR is set.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sql from 'sql-template-tag';
import { connect, type Db } from './connect';

export class BackupError extends Error {}

/** The job of the scheduled backups (registered at the composition root). */
export const BACKUP_JOB = 'db.backup';

export interface BackupResult {
  file: string;
  bytes: number;
  engine: 'pglite' | 'postgres';
}

/** The first bytes of each kind of backup file, to refuse the wrong one with a clear message. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const PGDMP_MAGIC = Buffer.from('PGDMP');

/** pg_dump / pg_restore of the server's major version (Debian installs them per version), else on PATH. */
async function pgTool(db: Db, tool: 'pg_dump' | 'pg_restore'): Promise<string> {
  const [v] = await db.query<{ n: string }>(sql`SELECT current_setting('server_version_num') AS n`);
  const major = Math.floor(Number(v?.n ?? 0) / 10000);
  const debian = `/usr/lib/postgresql/${major}/bin/${tool}`;
  return existsSync(debian) ? debian : tool;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      if (err.length < 4000) err += c.toString();
    });
    child.on('error', (e) => fail(new BackupError(`${cmd} could not run: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? ok() : fail(new BackupError(`${cmd} failed (exit ${code}): ${err.trim()}`)),
    );
  });
}

/** Writes a backup of the open database to `file`. `databaseUrl` is needed for native PostgreSQL. */
export async function backupDatabase(db: Db, file: string, databaseUrl?: string): Promise<BackupResult> {
  const out = resolve(file);
  mkdirSync(resolve(out, '..'), { recursive: true });
  if (db.kind === 'pglite') {
    if (!db.dumpDataDir) throw new BackupError('this embedded database cannot be dumped');
    const tar = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
    // Level 1: a third of the time of the default for about the same size on a database directory.
    writeFileSync(out, gzipSync(tar, { level: 1 }));
    return { file: out, bytes: statSync(out).size, engine: 'pglite' };
  }
  if (!databaseUrl) throw new BackupError('a native PostgreSQL backup needs DATABASE_URL');
  await run(await pgTool(db, 'pg_dump'), ['--format=custom', '--no-owner', `--file=${out}`, databaseUrl]);
  return { file: out, bytes: statSync(out).size, engine: 'postgres' };
}

function readBackup(file: string): Buffer {
  const path = resolve(file);
  if (!existsSync(path)) throw new BackupError(`backup file ${path} does not exist`);
  return readFileSync(path);
}

/** Restores an embedded backup into `dataDir`, which must be empty or absent. */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  const bytes = readBackup(file);
  if (!bytes.subarray(0, 2).equals(GZIP_MAGIC))
    throw new BackupError(`${resolve(file)} is not an embedded-database backup (gzip tarball)`);
  const dir = resolve(dataDir);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new BackupError(`data directory ${dir} is not empty: restore into a new directory`);
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch (e) {
    throw new BackupError(`${resolve(file)} is damaged: ${(e as Error).message}`);
  }
  const db = await connect({ dataDir: dir, loadDataDir: new Blob([tar]) });
  try {
    await db.query(sql`SELECT count(*) FROM schema_migrations`);
  } catch (e) {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    throw new BackupError(`${resolve(file)} does not hold a Passage database: ${(e as Error).message}`);
  }
  await db.close();
}

/** Restores a native backup into the (empty) database at `databaseUrl`, in one transaction. */
export async function restoreNative(file: string, databaseUrl: string): Promise<void> {
  const bytes = readBackup(file);
  if (!bytes.subarray(0, 5).equals(PGDMP_MAGIC))
    throw new BackupError(`${resolve(file)} is not a PostgreSQL backup (pg_dump custom format)`);
  const db = await connect({ databaseUrl });
  try {
    const [t] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    if ((t?.n ?? 0) > 0)
      throw new BackupError('the target database is not empty: restore into a new, empty database');
    await run(await pgTool(db, 'pg_restore'), [
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      `--dbname=${databaseUrl}`,
      resolve(file),
    ]);
  } finally {
    await db.close();
  }
}

export interface BackupSchedule {
  dir: string;
  /** How many backups to keep (the oldest are removed). */
  keep: number;
  databaseUrl?: string | undefined;
}

/** Scheduled backups: PASSAGE_BACKUP_DIR (unset: none) and PASSAGE_BACKUP_KEEP (default 7). */
export function readBackupSchedule(env: NodeJS.ProcessEnv = process.env): BackupSchedule | null {
  if (!env.PASSAGE_BACKUP_DIR) return null;
  const keep = Number(env.PASSAGE_BACKUP_KEEP ?? 7);
  return {
    dir: resolve(env.PASSAGE_BACKUP_DIR),
    keep: Number.isInteger(keep) && keep > 0 ? keep : 7,
    databaseUrl: env.DATABASE_URL || undefined,
  };
}

const BACKUP_NAME = /^passage-\d{8}T\d{6}Z\.(tar\.gz|dump)$/;

/** A backup's file name: `passage-<UTC time>.tar.gz` (embedded) or `.dump` (PostgreSQL); sorts by time. */
export function backupFileName(kind: Db['kind'], at = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `passage-${stamp}.${kind === 'pglite' ? 'tar.gz' : 'dump'}`;
}

/** One scheduled backup, then the retention: keeps the newest `keep` files Passage wrote there. */
export async function takeScheduledBackup(
  db: Db,
  s: BackupSchedule,
  now = new Date(),
): Promise<BackupResult & { removed: string[] }> {
  const result = await backupDatabase(db, join(s.dir, backupFileName(db.kind, now)), s.databaseUrl);
  const ours = readdirSync(s.dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort();
  const removed = ours.slice(0, Math.max(0, ours.length - s.keep));
  for (const f of removed) rmSync(join(s.dir, f), { force: true });
  return { ...result, removed };
}
