import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, testDatabases } from '../../../test/databases';
import { prepareDatabase } from '../../server/main';
import { connect, DatabaseStartupError } from '../connect';
import { listMigrations, migrate } from '../migrate';

describe.each(testDatabases())('migrations [%s]', (kind) => {
  it('records every migration once; running again applies nothing', async () => {
    const t = await createTestDb(kind);
    try {
      const rows = await t.db.query<{ version: string }>(
        sql`SELECT version FROM schema_migrations ORDER BY version`,
      );
      expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
      expect(await migrate(t.db)).toEqual([]);
    } finally {
      await t.drop();
    }
  });

  it('rolls a failing transaction back completely', async () => {
    const t = await createTestDb(kind);
    try {
      await expect(
        t.db.transaction(async (tx) => {
          await tx.query(sql`INSERT INTO organisations (kind, name) VALUES ('international', 'Rolled back')`);
          await tx.query(sql`INSERT INTO organisations (kind, name) VALUES ('state', 'No country')`);
        }),
      ).rejects.toThrow(/state_orgs_have_country/);
      const rows = await t.db.query(sql`SELECT 1 FROM organisations WHERE name = 'Rolled back'`);
      expect(rows).toHaveLength(0);
    } finally {
      await t.drop();
    }
  });
});

describe('start-up failures give one clear message', () => {
  it('an unreachable DATABASE_URL', async () => {
    const err = await connect({ databaseUrl: 'postgres://nobody:secret@127.0.0.1:1/passage' }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(DatabaseStartupError);
    expect(err.message).toMatch(
      /Cannot connect to DATABASE_URL \(postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/passage\)/,
    );
    expect(err.message).not.toContain('secret');
  });

  it('an unwritable data directory', async () => {
    const err = await connect({ dataDir: '/etc/hostname/passage-data' }).catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseStartupError);
    expect(err.message).toMatch(/is not writable.*PASSAGE_DATA_DIR/);
  });
});

describe('embedded database on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passage-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the demo once; a second start reuses the data without re-seeding or losing anything', {
    timeout: 180_000,
  }, async () => {
    const config = { databaseUrl: undefined, dataDir: dir, seedDemo: true };
    const first = await prepareDatabase(config, () => {});
    expect(first.seeded).toBe(true);
    const count = async (db: typeof first.db) =>
      (await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM observations`))[0]!.n;
    const n = await count(first.db);
    expect(n).toBeGreaterThan(40_000);
    await first.db.query(
      sql`INSERT INTO organisations (kind, name) VALUES ('international', 'Added by a user')`,
    );
    await first.db.close();

    const second = await prepareDatabase(config, () => {});
    try {
      expect(second.seeded).toBe(false);
      expect(await count(second.db)).toBe(n);
      const kept = await second.db.query(sql`SELECT 1 FROM organisations WHERE name = 'Added by a user'`);
      expect(kept).toHaveLength(1);
    } finally {
      await second.db.close();
    }
  });
});
