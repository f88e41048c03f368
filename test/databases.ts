import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Db, type DbKind } from '../src/db/connect';
import { leasePglite } from './pglite-pool';

/** The databases every database-backed test runs on: PGlite always, native PostgreSQL when available. */
export function testDatabases(): DbKind[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** An in-memory PGlite database started from a dumped data directory (a template). */
export async function createPgliteFrom(tarball: Blob): Promise<TestDb> {
  // Small buffer pool: a test database holds little, and the pool is zeroed on every start (connect.ts).
  const db = await connect({ loadDataDir: tarball, sharedBuffers: '16MB' });
  return { db, drop: () => db.close() };
}

export interface TestDb {
  db: Db;
  /** Connection URL of the native database (for code that opens its own connection). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * The template tarball as a Blob whose bytes are already in memory: PGlite reads `loadDataDir` with
 * `arrayBuffer()`, which Node's file-backed Blob serves in small chunks it then concatenates (~0.2 s of CPU
 * per 45 MB database); a copy of one buffer takes milliseconds. PGlite may keep views into the copy.
 */
export class InMemoryTarball extends Blob {
  readonly #data: ArrayBuffer;
  constructor(data: ArrayBuffer) {
    super([]);
    this.#data = data;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#data.slice(0));
  }
}

let pgliteTemplate: Blob | undefined;

/** The run's migrated PGlite template (test/templates.ts), read once per worker. */
export function pgliteTemplateTarball(): Blob {
  if (!pgliteTemplate) {
    const file = readFileSync(inject('pgliteTemplate'));
    pgliteTemplate = new InMemoryTarball(
      file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    );
  }
  return pgliteTemplate;
}

/**
 * A fresh, migrated database with reference data: in-memory PGlite, or a new database on the native cluster,
 * both copied from the run's template (test/templates.ts, built by the global set-up).
 */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') return leasePglite(pgliteTemplateTarball());
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
