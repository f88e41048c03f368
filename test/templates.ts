/**
 * Template databases for the test suite: migrated once per run, with the reference data, so each test database
 * starts as a copy instead of paying initdb (about 3 s in WASM for PGlite) and every migration again.
 * - PGlite: the template's data directory, dumped to a tarball file that test workers load (`loadDataDir`).
 * - native PostgreSQL: a database on the throwaway cluster that test databases are created from
 *   (`CREATE DATABASE … TEMPLATE …`, a file copy).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { connect } from '../src/db/connect';
import { migrate } from '../src/db/migrate';
import { syncCountries } from '../src/modules/reference/reference.service';

/** Builds the PGlite template and returns the path of its dumped data directory. */
export async function buildPgliteTemplate(dir = '.tmp/test-templates'): Promise<string> {
  const db = await connect({});
  try {
    await migrate(db);
    await syncCountries(db);
    if (!db.dumpDataDir) throw new Error('PGlite connection without dumpDataDir');
    const blob = await db.dumpDataDir();
    mkdirSync(dir, { recursive: true });
    const path = resolve(join(dir, `pglite-${process.pid}.tar`));
    writeFileSync(path, Buffer.from(await blob.arrayBuffer()));
    return path;
  } finally {
    await db.close();
  }
}

/** Builds a migrated template database on the native cluster and returns its name. */
export async function buildPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `passage_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const db = await connect({ databaseUrl: adminUrl.replace(/\/[^/]*$/, `/${name}`) });
  try {
    await migrate(db);
    await syncCountries(db);
  } finally {
    // No session may stay connected to a template while databases are copied from it.
    await db.close();
  }
  return name;
}
