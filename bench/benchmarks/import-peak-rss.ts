/**
 * Peak RSS of a child process importing the whole demo data set as CSV files (one per reporter) through the
 * exchange import service, against a child doing a bare COPY of the same files. At --scale=1e7 that is the
 * 10^7-row import (native PostgreSQL only: PGlite would need most of the time budget); at smaller scales the
 * scale's rows on both databases. Goal: memory stays flat, i.e. about the same peak at 10^6 and 10^7.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type DbKind } from '../../src/db/connect';
import { prepareDemoSchema } from '../lib/demo-data';
import type { BenchEnv } from '../lib/env';
import { runChild } from '../lib/rss';
import type { Benchmark } from '../lib/types';
import { importFiles } from './csv-import-vs-copy';

const BENCH = 'import-peak-rss';

interface ChildResult {
  subject: string;
  rows: number;
  seconds: number;
  maxRssMiB: number;
}

async function freshTarget(env: BenchEnv, kind: DbKind, name: string): Promise<string> {
  if (kind === 'postgres') {
    const url = await env.createNativeDatabase(name);
    const db = await connect({ databaseUrl: url });
    await prepareDemoSchema(db, env.scale);
    await db.close();
    return url;
  }
  const dir = env.pgliteDir(name);
  const db = await connect({ dataDir: dir });
  await prepareDemoSchema(db, env.scale);
  await db.close();
  return dir;
}

export const importPeakRss: Benchmark = {
  name: BENCH,
  summary: 'peak RSS of a child process importing the whole scale as CSV (10^7 at --scale=1e7) vs bare COPY',
  async run(env) {
    const files = await importFiles(env);
    const rows = files.reduce((s, f) => s + f.rows, 0);
    const listPath = join(env.tmp, `import-files-${env.scale}.json`);
    writeFileSync(listPath, JSON.stringify(files));
    const kinds: DbKind[] = env.scale === '1e7' ? ['postgres'] : ['postgres', 'pglite'];
    if (env.scale !== '1e7')
      env.reporter.note(
        BENCH,
        `measured at ${env.scale} (${rows.toLocaleString('en')} rows), not 10^7: run \`npm run bench -- import-peak-rss --scale=1e7\` for the 10^7-row import`,
      );
    else
      env.reporter.note(
        BENCH,
        'at 10^7 only native PostgreSQL is measured (PGlite would take most of the budget)',
      );
    for (const kind of kinds) {
      const copy = await runChild<ChildResult>('bench/children/import-child.ts', [
        'copy',
        kind,
        await freshTarget(env, kind, `rss_copy_${env.scale}`),
        listPath,
      ]);
      const imp = await runChild<ChildResult>('bench/children/import-child.ts', [
        'import',
        kind,
        await freshTarget(env, kind, `rss_import_${env.scale}`),
        listPath,
      ]);
      if (imp.rows !== rows || copy.rows !== rows)
        throw new Error(`child wrote ${imp.rows} (import) / ${copy.rows} (copy) rows, expected ${rows}`);
      env.reporter.add({
        bench: BENCH,
        name: `import-rss.${imp.subject}.${kind}.${env.scale}`,
        value: imp.maxRssMiB,
        unit: 'MiB',
        ratio: imp.maxRssMiB / copy.maxRssMiB,
        reference: `bare-copy-child@${Math.round(copy.maxRssMiB)}MiB`,
        details: {
          rows,
          importSeconds: imp.seconds,
          copySeconds: copy.seconds,
          importRate: Math.round(rows / imp.seconds),
          note:
            kind === 'pglite'
              ? 'PGlite runs in the child process, so its RSS includes the database itself'
              : 'client process only; the PostgreSQL server is a separate process',
        },
      });
    }
  },
};
