/**
 * The embedded database on a full disk (docs/operations.md, "A full disk"). A tmpfs of its own is mounted for
 * the data directory, so the test needs root on Linux; elsewhere it is skipped with the reason printed.
 * - A table file that cannot grow: a clear error, the transaction rolled back, the database goes on.
 * - The log (pg_wal) that cannot grow: PGlite would hang on every later query; Passage stops it instead
 *   (src/db/pglite-stop.ts): every call fails at once with DatabaseStoppedError, readiness answers 503 with the
 *   reason, and closing returns.
 * - After space is freed, the next start opens the directory with every committed change and writes again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteTemplateTarball } from '../../../test/databases';
import { run, tmpfsUnavailable, usedMiB } from '../../../test/tmpfs';
import { buildApp } from '../../server/app';
import { connect, type Db } from '../connect';
import { DatabaseStoppedError } from '../pglite-stop';

const skipReason = tmpfsUnavailable();
if (skipReason) console.log(`PGlite full-disk test skipped: ${skipReason}`);

/** Fails after `ms` instead of hanging: the point of the guard is that nothing waits forever. */
const within = <T>(p: Promise<T>, ms = 5_000) =>
  Promise.race([
    p,
    new Promise<never>((_, r) => setTimeout(() => r(new Error(`still waiting after ${ms} ms`)), ms)),
  ]);

describe.skipIf(skipReason !== undefined)('embedded database on a full disk [pglite]', () => {
  let mnt: string;
  let dataDir: string;
  let db: Db;
  const fill = () => {
    try {
      run('dd', ['if=/dev/zero', `of=${join(mnt, 'ballast')}`, 'bs=1M', 'count=400']);
    } catch {
      // dd stops with "No space left on device": the disk is full, as wanted.
    }
  };
  const free = () => {
    rmSync(join(mnt, 'ballast'), { force: true });
    run('mount', ['-o', 'remount,size=400m', mnt]);
  };

  beforeAll(async () => {
    mnt = mkdtempSync(join(tmpdir(), 'passage-full-disk-'));
    run('mount', ['-t', 'tmpfs', '-o', 'size=400m', 'tmpfs', mnt]);
    dataDir = join(mnt, 'data');
    db = await connect({ dataDir, loadDataDir: pgliteTemplateTarball(), sharedBuffers: '16MB' });
    await db.query(sql`CREATE TABLE full_disk_probe (id serial PRIMARY KEY, pad text NOT NULL)`);
    await db.query(sql`INSERT INTO full_disk_probe (pad) VALUES ('committed before the disk filled')`);
    await db.query(sql`CHECKPOINT`);
    // Room for what is there and a little more, then a ballast file takes the rest.
    run('mount', ['-o', `remount,size=${usedMiB(mnt) + 4}m`, mnt]);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (mnt) {
      try {
        // Lazily: the stopped engine may still hold files open there.
        run('umount', ['-l', mnt]);
      } finally {
        rmSync(mnt, { recursive: true, force: true });
      }
    }
  });

  it('a table that cannot grow: a clear error, nothing written, the database goes on', async () => {
    fill();
    const big = db.transaction(async (tx) => {
      await tx.query(sql`INSERT INTO full_disk_probe (pad)
        SELECT md5(g::text) || repeat(md5(random()::text), 60) FROM generate_series(1, 200000) g`);
    });
    await expect(within(big, 30_000)).rejects.toThrow(/No space left on device/);
    rmSync(join(mnt, 'ballast'), { force: true });
    const rows = await within(db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM full_disk_probe`));
    expect(rows[0]?.n).toBe(1);
  });

  it('the log that cannot grow: every call fails at once with the reason, readiness says it, close returns', async () => {
    fill();
    // A small write and a switch to the next log segment, until a new segment file is needed (segments the
    // failed import above left are used first).
    const untilTheLogFails = async () => {
      for (let i = 0; i < 64; i++) {
        await db.query(sql`UPDATE full_disk_probe SET pad = pad WHERE id = 1`);
        await db.query(sql`SELECT pg_switch_wal()`);
      }
    };
    await expect(within(untilTheLogFails(), 30_000)).rejects.toBeInstanceOf(DatabaseStoppedError);
    await expect(within(db.query(sql`SELECT 1`))).rejects.toThrow(/embedded database stopped.*disk is full/);
    await expect(within(db.transaction(async (tx) => tx.query(sql`SELECT 1`)))).rejects.toBeInstanceOf(
      DatabaseStoppedError,
    );
    const app = await buildApp({ db });
    try {
      const ready = await within(app.inject({ url: '/api/health/ready' }));
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.database).toMatchObject({ ok: false });
      expect(ready.json().checks.database.detail).toMatch(/disk is full/);
      const api = await within(app.inject({ url: '/api/dialogues' }));
      expect(api.statusCode).toBe(503);
      expect(api.json().code).toBe('DATABASE_STOPPED');
    } finally {
      await within(app.close());
    }
    await within(db.close());
  });

  it('after space is freed, the next start has every committed change and writes again', async () => {
    free();
    db = await connect({ dataDir, sharedBuffers: '16MB' });
    const rows = await db.query<{ pad: string }>(sql`SELECT pad FROM full_disk_probe ORDER BY id`);
    expect(rows.map((r) => r.pad)).toEqual(['committed before the disk filled']);
    await db.query(sql`INSERT INTO full_disk_probe (pad) VALUES ('after')`);
    expect((await db.query(sql`SELECT id FROM full_disk_probe`)).length).toBe(2);
  });
});
