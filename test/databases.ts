import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Db, type DbKind } from '../src/db/connect';

/** The databases every database-backed test runs on: PGlite always, native PostgreSQL when available. */
export function testDatabases(): DbKind[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDb {
  db: Db;
  /** Connection URL of the native database (for code that opens its own connection). */
  url?: string;
  drop(): Promise<void>;
}

let pgliteTemplate: Blob | undefined;

/**
 * A fresh, migrated database with reference data: in-memory PGlite, or a new database on the native cluster,
 * both copied from the run's template (test/templates.ts, built by the global set-up).
 */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    pgliteTemplate ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
    const db = await connect({ loadDataDir: pgliteTemplate });
    return { db, drop: () => db.close() };
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('native PostgreSQL is not available in this run');
  const name = `passage_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = await connect({ databaseUrl: url });
  return {
    db,
    url,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
