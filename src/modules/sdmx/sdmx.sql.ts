/**
 * Queries of the SDMX REST API: the published, current figures of a dialogue that an actor may read (the whole
 * table of the indicators concerned: disclosure control needs every cell, whatever the query's key), and the
 * dialogue's disclosure threshold. The public table reads the same query through a cursor, a batch at a time
 * (forEachPublishedFigureBatch), so that no array of every row is ever built.
 */
import sql, { raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { figureRouteVisibleTo } from '../../db/observation-fragments';
import { DIMENSIONS, type Dimension } from '../../domain/observations/dimensions';
import type { MaybeActor } from '../../shared/actor';
import { indicatorVisibleTo, visibleTo } from '../../shared/visibility';

export type PublishedFigure = Record<Dimension, string> & {
  indicator: string;
  reporter: string;
  period: string;
  value: string | number | null;
  flags: string[];
  comment: string | null;
  published_at: string | Date;
};

type FigureFilter = {
  dialogueId: number;
  indicators: readonly string[] | null;
  reporters: readonly string[] | null;
};

function publishedFiguresSql(actor: MaybeActor, f: FigureFilter): Sql {
  return sql`SELECT i.code AS indicator, trim(o.reporter_iso3) AS reporter,
      to_char(o.period, 'YYYY-MM') AS period, ${raw(DIMENSIONS.map((d) => `o.${d}`).join(', '))}, o.value, o.flags, o.comment, o.published_at
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.dialogue_id = ${f.dialogueId} AND o.status = 'published' AND o.superseded_at IS NULL
      AND ${visibleTo(actor, 'o', { originator: 'reporting-state' })}
      AND ${indicatorVisibleTo(actor, 'i')} AND ${figureRouteVisibleTo(actor, 'o')}
      AND (${f.indicators === null} OR i.code = ANY(${f.indicators ?? []}::text[]))
      AND (${f.reporters === null} OR trim(o.reporter_iso3) = ANY(${f.reporters ?? []}::text[]))
    ORDER BY ${raw(FIGURE_KEY_ORDER)}`;
}

/**
 * The rows in the order of their key, byte-wise (COLLATE "C": the same on every database and locale). The
 * disclosure control breaks ties by row order (suppress.ts: the first of the smallest parts), so without a
 * fixed order the same figures could be suppressed differently after the table's physical order changed
 * (a VACUUM, a restore), and two versions of the portal differenced against each other.
 */
const FIGURE_KEY_ORDER = [
  'i.code COLLATE "C"',
  'o.reporter_iso3 COLLATE "C"',
  'o.period',
  ...DIMENSIONS.map((d) => `o.${d} COLLATE "C"`),
].join(', ');

export function listPublishedFigures(
  db: Queryable,
  actor: MaybeActor,
  f: FigureFilter,
): Promise<PublishedFigure[]> {
  return db.query<PublishedFigure>(publishedFiguresSql(actor, f));
}

/** Rows a batch of the public table's cursor carries: bounded memory whatever the table's size. */
export const FIGURE_BATCH_ROWS = 50_000;

/**
 * The same figures as listPublishedFigures, handed to `onBatch` a batch at a time through a cursor (in the
 * caller's transaction: one snapshot for the whole table, as one query would be). The cursor is planned as the
 * plain query would be (cursor_tuple_fraction 1: the whole result is read), so the rows come in the same order.
 */
export async function forEachPublishedFigureBatch(
  tx: Queryable,
  actor: MaybeActor,
  f: FigureFilter,
  onBatch: (rows: readonly PublishedFigure[]) => void,
  batchRows: number = FIGURE_BATCH_ROWS,
): Promise<void> {
  await tx.query(sql`SELECT set_config('cursor_tuple_fraction', '1', true)`);
  await tx.query(sql`DECLARE published_figures NO SCROLL CURSOR FOR ${publishedFiguresSql(actor, f)}`);
  for (;;) {
    const rows = await tx.query<PublishedFigure>(
      raw(`FETCH FORWARD ${Math.trunc(batchRows)} FROM published_figures`),
    );
    if (rows.length) onBatch(rows);
    if (rows.length < batchRows) break;
  }
  await tx.query(sql`CLOSE published_figures`);
}

export async function findDisclosureThreshold(db: Queryable, dialogueId: number): Promise<number> {
  const [row] = await db.query<{ disclosure_threshold: number }>(
    sql`SELECT disclosure_threshold FROM dialogues WHERE id = ${dialogueId}`,
  );
  return row?.disclosure_threshold ?? 5;
}

/**
 * A fingerprint of what a dialogue's published figures may have become: its publications (count and latest
 * time), the figure ids written so far and the disclosure threshold. Read as the owner (it tells the caller
 * nothing): the public table is cached per dialogue until this, or what the public may see of the structure,
 * changes (sdmx.service.ts, readPublicTable).
 */
export async function findPublicationVersion(db: Queryable, dialogueId: number): Promise<string> {
  const [row] = await db.query<{ v: string }>(sql`SELECT concat_ws('|',
      (SELECT count(*) FROM submissions WHERE dialogue_id = ${dialogueId} AND status = 'published'),
      (SELECT max(published_at) FROM submissions WHERE dialogue_id = ${dialogueId}),
      (SELECT max(id) FROM observations),
      (SELECT disclosure_threshold FROM dialogues WHERE id = ${dialogueId})) AS v`);
  return row?.v ?? '';
}
