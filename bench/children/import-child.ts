/**
 * Child process of the import-peak-rss benchmark: imports (or bare-COPYs) CSV files into a database and
 * prints its own peak RSS as one JSON line. Usage:
 *   tsx bench/children/import-child.ts <import|copy> <postgres|pglite> <url|dataDir> <files.json>
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { connect } from '../../src/db/connect';
import { copyFilesNative, copyFilesPglite, type ImportFile, STAGING_DDL } from '../lib/demo-data';
import { loadImportSubject } from '../lib/import-subject';

const [mode, kind, target, filesJson] = process.argv.slice(2);
const files = JSON.parse(readFileSync(filesJson!, 'utf8')) as ImportFile[];
const t0 = performance.now();
let rows = 0;
let subject = 'copy';
if (mode === 'import') {
  const s = await loadImportSubject();
  subject = s.id;
  const db = await connect(kind === 'postgres' ? { databaseUrl: target } : { dataDir: target });
  rows = await s.run(db, files);
  await db.close();
} else if (kind === 'postgres') {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  await client.query(STAGING_DDL);
  await copyFilesNative(client, files);
  rows = Number((await client.query('SELECT count(*) AS n FROM observations_staging')).rows[0].n);
  await client.end();
} else {
  const raw = await PGlite.create(target!);
  await raw.exec(STAGING_DDL);
  await copyFilesPglite(raw, files);
  rows = (await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM observations_staging')).rows[0]!.n;
  await raw.close();
}
// maxRSS is in kilobytes (KiB) on Linux.
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({ mode, kind, subject, rows, seconds: (performance.now() - t0) / 1000, maxRssMiB }),
);
