/**
 * Backup and restore (issue 19) on both databases: a backup of a database with data restores into a fresh
 * instance holding exactly the same rows in every table, with the audit chain intact; a restore never writes
 * over data, and a wrong or damaged file is refused with a clear message.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sql, { raw } from 'sql-template-tag';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  BackupError,
  backupDatabase,
  restoreEmbedded,
  restoreNative,
  takeScheduledBackup,
} from '../src/db/backup';
import { connect, type Db } from '../src/db/connect';
import { recordAudit, verifyAuditLog } from '../src/modules/audit/audit.service';
import { createTestDb, type TestDb, testDatabases } from './databases';
import { makeDialogue, makeUser } from './factories';

/** Every table of the schema with its row count and a digest of its rows (in a stable order). */
async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ t: string }>(
    sql`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const name = raw(`"${t.replaceAll('"', '""')}"`);
    const [r] = await db.query<{ n: number; h: string | null }>(
      sql`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${name} x`,
    );
    out[t] = `${r!.n}:${r!.h ?? ''}`;
  }
  return out;
}

async function emptyNativeDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresUrl')!;
  const name = `passage_restore_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

describe.each(testDatabases())('backup and restore [%s]', { timeout: 240_000 }, (kind) => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'passage-backup-'));
    dirs.push(d);
    return d;
  };
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('restores every table row for row, with the audit chain intact; never over existing data', async () => {
    const source: TestDb = await createTestDb(kind);
    cleanups.push(() => source.drop());
    const d = await makeDialogue(source.db, { states: ['GRC', 'ITA'] });
    const u = await makeUser(source.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    for (let i = 0; i < 5; i++)
      await source.db.transaction((tx) =>
        recordAudit(tx, null, 'test.event', { dialogueIds: [d.id] }, { i, user: u.id }),
      );
    const before = await snapshot(source.db);
    expect(before.dialogues).toMatch(/^[1-9]/);

    const file = join(tmp(), kind === 'pglite' ? 'b.tar.gz' : 'b.dump');
    const r = await backupDatabase(source.db, file, source.url);
    expect(r.bytes).toBeGreaterThan(1000);

    let restored: Db;
    if (kind === 'pglite') {
      const dir = join(tmp(), 'restored');
      await restoreEmbedded(file, dir);
      restored = await connect({ dataDir: dir });
      // Into a directory that now holds data: refused, nothing changed.
      await restored.close();
      await expect(restoreEmbedded(file, dir)).rejects.toThrow(/not empty/);
      restored = await connect({ dataDir: dir });
    } else {
      const target = await emptyNativeDatabase();
      cleanups.push(() => target.drop());
      await restoreNative(file, target.url);
      await expect(restoreNative(file, target.url)).rejects.toThrow(/not empty/);
      restored = await connect({ databaseUrl: target.url });
    }
    try {
      expect(await snapshot(restored)).toEqual(before);
      const chain = await verifyAuditLog(restored);
      expect(chain).toMatchObject({ ok: true });
      expect(chain.count).toBeGreaterThanOrEqual(5);
    } finally {
      await restored.close();
    }
  });

  it('refuses a file of the wrong kind or a damaged one, writing nothing', async () => {
    const dir = tmp();
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'not a backup at all');
    if (kind === 'pglite') {
      const into = join(dir, 'into');
      await expect(restoreEmbedded(junk, into)).rejects.toBeInstanceOf(BackupError);
      const damaged = join(dir, 'damaged.tar.gz');
      writeFileSync(damaged, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
      await expect(restoreEmbedded(damaged, into)).rejects.toThrow(/damaged/);
    } else {
      const target = await emptyNativeDatabase();
      cleanups.push(() => target.drop());
      await expect(restoreNative(junk, target.url)).rejects.toThrow(/not a PostgreSQL backup/);
      const db = await connect({ databaseUrl: target.url });
      const [t] = await db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
      );
      await db.close();
      expect(t!.n).toBe(0);
    }
    await expect(restoreEmbedded(join(dir, 'missing.tar.gz'), join(dir, 'x'))).rejects.toThrow(
      /does not exist/,
    );
  });

  it('scheduled backups keep the newest N', async () => {
    const source = await createTestDb(kind);
    cleanups.push(() => source.drop());
    const dir = tmp();
    const s = { dir, keep: 1, databaseUrl: source.url };
    // A file that is not one of Passage's backups is never removed.
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    const first = await takeScheduledBackup(source.db, s, new Date('2026-11-01T02:00:00Z'));
    expect(first.removed).toEqual([]);
    const second = await takeScheduledBackup(source.db, s, new Date('2026-11-02T02:00:00Z'));
    expect(second.removed).toHaveLength(1);
    expect(second.removed[0]).toMatch(/^passage-20261101T020000Z\./);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', second.file.split('/').at(-1)]);
  });
});
