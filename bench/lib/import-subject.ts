/**
 * The subject of the import benchmarks: the observations module's streaming CSV import
 * (importObservationsCsvFile) when it exists, else the batched `INSERT … SELECT FROM unnest(…)` path of the
 * demo seeder. The name says which one ran.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import sql from 'sql-template-tag';
import type { Db } from '../../src/db/connect';
import { DEMO_SLUG, type ImportFile } from './demo-data';

export interface ImportSubject {
  /** Short id used in result names: exchange-import or unnest-insert. */
  id: string;
  description: string;
  /** Imports the files; returns the number of observations written. */
  run(db: Db, files: readonly ImportFile[]): Promise<number>;
}

type ImportFn = (
  db: Db,
  who: 'system',
  opts: { slug: string; path: string; reporter: string },
) => Promise<{ observations: number }>;

export async function loadImportSubject(): Promise<ImportSubject> {
  const modulePath = '../../src/modules/observations/observations.import.ts';
  try {
    const mod = (await import(modulePath)) as { importObservationsCsvFile?: ImportFn };
    const importFile = mod.importObservationsCsvFile;
    if (typeof importFile === 'function') {
      return {
        id: 'exchange-import',
        description:
          'exchange import service (importObservationsCsvFile: COPY into a staging table, set-based checks, one INSERT … SELECT)',
        async run(db, files) {
          let n = 0;
          for (const f of files)
            n += (await importFile(db, 'system', { slug: DEMO_SLUG, path: f.path, reporter: f.reporter }))
              .observations;
          return n;
        },
      };
    }
  } catch {}
  return {
    id: 'unnest-insert',
    description:
      'batched INSERT … SELECT FROM unnest(…) of the demo seeder (no exchange import module found)',
    run: insertWithUnnest,
  };
}

async function insertWithUnnest(db: Db, files: readonly ImportFile[]): Promise<number> {
  const [d] = await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = ${DEMO_SLUG}`);
  const ids = new Map(
    (
      await db.query<{ id: number; code: string }>(
        sql`SELECT id, code FROM indicators WHERE dialogue_id = ${d!.id}`,
      )
    ).map((r) => [r.code, r.id]),
  );
  let n = 0;
  await db.transaction(async (tx) => {
    for (const f of files) {
      let batch: string[][] = [];
      const flush = async () => {
        if (!batch.length) return;
        const col = (i: number) => batch.map((r) => r[i]!);
        await tx.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route,
            citizenship, border_type, value, status, classification)
          SELECT ${d!.id}, i, r, (p || '-01')::date, rt, c, b, v, 'draft', 'dialogue'
          FROM unnest(${batch.map((r) => ids.get(r[0]!)!)}::int[], ${col(1)}::text[], ${col(2)}::text[],
            ${col(3)}::text[], ${col(4)}::text[], ${col(5)}::text[], ${col(13)}::numeric[]) AS t(i, r, p, rt, c, b, v)`);
        n += batch.length;
        batch = [];
      };
      let header = true;
      for await (const line of createInterface({ input: createReadStream(f.path) })) {
        if (header) {
          header = false;
          continue;
        }
        batch.push(line.split(','));
        if (batch.length >= 5000) await flush();
      }
      await flush();
    }
  });
  return n;
}
