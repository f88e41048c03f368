/**
 * The public table in columns (public-figures.ts, read by a cursor in batches, protected by suppressColumns)
 * gives the demo dialogue exactly the figures and derived totals of the reference path it replaced: every row
 * as objects, protectObservationTable (suppressTable), one PublicFigure per row.
 */
import pino from 'pino';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../../../test/databases';
import type { Queryable } from '../../../db/connect';
import { readAsActor } from '../../../db/with-actor';
import { DEMO_SLUG } from '../../../demo/demo-dialogue';
import { seedDemo } from '../../../demo/seed-demo';
import { CONF_STATUS_OF, protectObservationTable } from '../../../domain/disclosure/observations';
import { type Breakdowns, DIMENSIONS } from '../../../domain/observations/dimensions';
import { obsStatus } from '../../../domain/sdmx/sdmx-csv';
import { type PublicFigure, PublicTableBuilder } from '../public-figures';
import { readPublicTable } from '../sdmx.service';
import {
  findDisclosureThreshold,
  forEachPublishedFigureBatch,
  listPublishedFigures,
  type PublishedFigure,
} from '../sdmx.sql';

/** The public table as readPublicTable built it before the columns (objects all the way). */
function referenceTable(rows: readonly PublishedFigure[], threshold: number) {
  const protectable = rows.map((r) => ({
    indicator: r.indicator,
    reporter: r.reporter,
    period: r.period,
    breakdowns: Object.fromEntries(DIMENSIONS.map((c) => [c, r[c]])) as Breakdowns, // every dimension
    value: r.value === null ? null : Number(r.value),
    flags: r.flags,
  }));
  const { status, totals } = protectObservationTable(protectable, threshold);
  const figures = protectable.map((f, i): PublicFigure => {
    const w = status[i];
    return {
      indicator: f.indicator,
      reporter: f.reporter,
      period: f.period,
      breakdowns: f.breakdowns,
      value: w ? null : f.value,
      obsStatus: obsStatus(f.flags),
      confStatus: w ? CONF_STATUS_OF[w] : f.flags.includes('confidential') ? 'C' : 'F',
      publishedAt: new Date(rows[i]!.published_at),
    };
  });
  return { figures, totals };
}

describe.each(testDatabases())('public table in columns [%s]', (kind) => {
  let t: TestDb;
  let dialogueId: number;
  beforeAll(async () => {
    t = await createTestDb(kind);
    dialogueId = (await seedDemo(t.db, { from: '2024-01', to: '2024-12', password: 'a fixed demo password' }))
      .dialogueId;
    // As the public-api-load benchmark does: the demo's routes and figures public.
    await t.db.query(sql`UPDATE routes SET classification = 'public' WHERE dialogue_id = ${dialogueId}`);
    await t.db.query(
      sql`UPDATE observations SET classification = 'public' WHERE dialogue_id = ${dialogueId}`,
    );
  });
  afterAll(() => t?.drop());

  const read = <T>(fn: (tx: Queryable) => Promise<T>) => readAsActor({ db: t.db, actor: null }, fn);
  const filter = () => ({ dialogueId, indicators: null, reporters: null });

  it('the cursor reads the rows of the plain query, in its order, in batches', async () => {
    const plain = await read((tx) => listPublishedFigures(tx, null, filter()));
    const batches: number[] = [];
    const batched = await read(async (tx) => {
      const out: PublishedFigure[] = [];
      await forEachPublishedFigureBatch(
        tx,
        null,
        filter(),
        (rows) => {
          batches.push(rows.length);
          out.push(...rows);
        },
        1000,
      );
      return out;
    });
    expect(plain.length).toBeGreaterThan(2000);
    expect(batches.length).toBeGreaterThan(2);
    expect(batched).toEqual(plain);
  });

  it('gives the same figures and derived totals as the reference path, row by row', async () => {
    const { rows, threshold } = await read(async (tx) => ({
      rows: await listPublishedFigures(tx, null, filter()),
      threshold: await findDisclosureThreshold(tx, dialogueId),
    }));
    const ref = referenceTable(rows, threshold);
    const builder = new PublicTableBuilder();
    for (const r of rows) builder.add(r);
    const built = builder.finish(threshold);
    expect(built.figures.size).toBe(rows.length);
    expect(Array.from({ length: built.figures.size }, (_, i) => built.figures.figure(i))).toEqual(
      ref.figures,
    );
    expect(ref.figures.some((f) => f.confStatus === 'D')).toBe(true); // secondary suppression was exercised
    expect(built.totals.size).toBe(ref.totals.length);
    for (const total of ref.totals) expect(built.totals.get(total.key)).toEqual(total);

    // And readPublicTable, which reads through the cursor: the same figures in the same order.
    const ctx = { db: t.db, actor: null, log: pino({ level: 'silent' }) };
    const table = await readPublicTable(ctx, DEMO_SLUG, null);
    expect(Array.from({ length: table.figures.size }, (_, i) => table.figures.figure(i))).toEqual(
      ref.figures,
    );
    expect(table.lastPublished).toEqual(
      new Date(Math.max(...ref.figures.map((f) => f.publishedAt.getTime()))),
    );
  });

  it('comes in key order, so the same figures are withheld whatever the physical order of the rows', async () => {
    const statuses = async () => {
      const { rows, threshold } = await read(async (tx) => ({
        rows: await listPublishedFigures(tx, null, filter()),
        threshold: await findDisclosureThreshold(tx, dialogueId),
      }));
      const ref = referenceTable(rows, threshold);
      return new Map(
        ref.figures.map((f) => [
          [f.indicator, f.reporter, f.period, ...DIMENSIONS.map((d) => f.breakdowns[d])].join('|'),
          f.confStatus,
        ]),
      );
    };
    const before = await statuses();
    // Byte-wise order of the key, column by column, on every database.
    const keys = [...before.keys()].map((k) => k.split('|'));
    const byColumns = (a: string[], b: string[]) => {
      for (let c = 0; c < a.length; c++) if (a[c] !== b[c]) return a[c]! < b[c]! ? -1 : 1;
      return 0;
    };
    expect(keys).toEqual([...keys].sort(byColumns));
    // Rewriting every other row moves it to the end of the table's heap: another physical order.
    await t.db.query(
      sql`UPDATE observations SET comment = comment WHERE dialogue_id = ${dialogueId} AND id % 2 = 0`,
    );
    expect(await statuses()).toEqual(before);
  });
});
