/**
 * Queries of the observations module: what a figure is checked against (indicators, routes, countries), the
 * draft a file or JSON brings figures into, batches of draft figures, and which published figures an actor may
 * read. The column list and key of an observation row, shared with the submission workflow, are in
 * src/db/observation-fragments.ts.
 */
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import {
  DIMENSION_COLUMNS,
  figureRouteVisibleTo,
  fromObservationRows,
  inDialoguePeriodIndex,
  type ObservationRow,
  observationColumns,
  pendingOfDialogue,
} from '../../db/observation-fragments';
import { type Breakdowns, DIMENSIONS, type ObservationInput } from '../../domain/observations/dimensions';
import { vintageCutoff } from '../../domain/observations/vintage-cutoff';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { indicatorVisibleTo, visibleTo } from '../../shared/visibility';
import type { ObservationQuery } from './observations.schema';

export interface IndicatorRef {
  id: number;
  code: string;
  breakdowns: string[];
  /** Breakdowns whose codes add up to the total (a mapped import derives missing totals of these). */
  additive_breakdowns: string[];
  classification: Classification;
}

export function listIndicators(db: Queryable, dialogueId: number): Promise<IndicatorRef[]> {
  return db.query(
    sql`SELECT id, code, breakdowns, additive_breakdowns, classification FROM indicators WHERE dialogue_id = ${dialogueId} ORDER BY code`,
  );
}

/** Whether the dialogue refuses files whose additive breakdowns come without totals (issue 22). */
export async function requiresReportedTotals(db: Queryable, dialogueId: number): Promise<boolean> {
  const [r] = await db.query<{ required: boolean }>(
    sql`SELECT reported_totals_required AS required FROM dialogues WHERE id = ${dialogueId}`,
  );
  return r?.required ?? false;
}

export async function listRouteCodes(db: Queryable, dialogueId: number): Promise<string[]> {
  return (
    await db.query<{ code: string }>(sql`SELECT code FROM routes WHERE dialogue_id = ${dialogueId}`)
  ).map((r) => r.code);
}

export async function listCountryCodes(db: Queryable): Promise<string[]> {
  return (await db.query<{ iso3: string }>(sql`SELECT trim(iso3) AS iso3 FROM countries`)).map((r) => r.iso3);
}

// ---------- drafts ----------

/** Opens a draft submission: the batch a file or a JSON request brings figures in. */
export async function insertSubmission(
  tx: Queryable,
  s: {
    dialogueId: number;
    reporter: string;
    source: string;
    fileName: string | null;
    userId: number | null;
    historicalLoad?: boolean;
  },
): Promise<number> {
  const [row] = await tx.query<{
    id: number;
  }>(sql`INSERT INTO submissions (dialogue_id, reporter_iso3, source, file_name, created_by, historical_load)
    VALUES (${s.dialogueId}, ${s.reporter}, ${s.source}, ${s.fileName}, ${s.userId}, ${s.historicalLoad ?? false}) RETURNING id`);
  return row!.id;
}

// ---------- observations ----------

/**
 * Published observations the actor may read: visibleTo for figures, whose originator is the reporting state
 * (restricted and originator figures are read by the reporter's organisations and the secretariat).
 */
export function publishedVisibleTo(actor: MaybeActor, alias: string): Sql {
  return visibleTo(actor, alias, { originator: 'reporting-state' });
}

/**
 * Every revision of one figure, oldest first: published ones the actor may read, the others if `seePending`.
 * Two branches, so each reads by index (migration 0052): the dialogue's rows by (dialogue, indicator, month),
 * and the figure's current unpublished revisions in the dialogue's submissions.
 */
export function listFigureRevisions(
  db: Queryable,
  actor: MaybeActor,
  f: {
    dialogueId: number;
    indicator: string;
    reporter: string;
    period: string;
    breakdowns: Breakdowns;
    seePending: boolean;
  },
): Promise<ObservationRow[]> {
  const figure = sql`o.dialogue_id = ${f.dialogueId} AND i.code = ${f.indicator} AND o.reporter_iso3 = ${f.reporter}
      AND o.period = ${`${f.period}-01`}::date
      AND ${join(
        DIMENSIONS.map((c) => sql`o.${raw(c)} = ${f.breakdowns[c]}`),
        ' AND ',
      )}`;
  const pending = f.seePending
    ? sql`UNION ALL SELECT ${observationColumns} ${fromObservationRows}
      WHERE ${figure} AND ${pendingOfDialogue('o', f.dialogueId)}`
    : empty;
  return db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE ${figure} AND ${inDialoguePeriodIndex('o')}
      AND ((o.status = 'published' AND ${publishedVisibleTo(actor, 'o')}) OR ${f.seePending})
    ${pending}
    ORDER BY recorded_at, revision, id`);
}

export interface InsertRow {
  indicatorId: number;
  classification: Classification;
  obs: ObservationInput;
}

/**
 * Inserts one batch of draft observations into a submission, numbering each as the revision after the current
 * published one. Rows whose key is already in the submission are skipped (ON CONFLICT); the caller compares
 * the count to find duplicates.
 */
export async function insertObservationBatch(
  tx: Queryable,
  s: { submissionId: number; dialogueId: number; reporter: string; userId: number | null },
  rows: readonly InsertRow[],
): Promise<{ inserted: number; firstId: number | null }> {
  const col = <T>(f: (r: InsertRow) => T) => rows.map(f);
  const dims = DIMENSIONS.map((d) => sql`${col((r) => r.obs.breakdowns[d])}::text[]`);
  const [res] = await tx.query<{ n: number; first_id: number | null }>(sql`WITH t AS (
      SELECT * FROM unnest(${col((r) => r.indicatorId)}::int[], ${col((r) => `${r.obs.period}-01`)}::date[],
        ${join(dims)}, ${col((r) => r.obs.value)}::numeric[], ${col((r) => r.obs.flags.join(';'))}::text[],
        ${col((r) => r.obs.comment)}::text[], ${col((r) => r.classification)}::text[])
      AS t(indicator_id, period, ${DIMENSION_COLUMNS}, value, flags, comment, classification)
    ), ins AS (
      INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, ${DIMENSION_COLUMNS}, value, flags,
        revision, status, classification, recorded_by, comment, submission_id)
      SELECT ${s.dialogueId}, t.indicator_id, ${s.reporter}, t.period, ${join(DIMENSIONS.map((d) => raw(`t.${d}`)))}, t.value,
        CASE WHEN t.flags = '' THEN '{}'::text[] ELSE string_to_array(t.flags, ';') END,
        coalesce(p.revision, 0) + 1, 'draft', t.classification::classification, ${s.userId}, t.comment, ${s.submissionId}
      FROM t LEFT JOIN observations p ON p.superseded_at IS NULL AND p.status = 'published'
        AND p.indicator_id = t.indicator_id AND p.reporter_iso3 = ${s.reporter} AND p.period = t.period
        AND ${join(
          DIMENSIONS.map((d) => raw(`p.${d} = t.${d}`)),
          ' AND ',
        )}
      ON CONFLICT (submission_id, indicator_id, reporter_iso3, period, ${DIMENSION_COLUMNS})
        WHERE superseded_at IS NULL AND status <> 'published' DO NOTHING
      RETURNING id
    ) SELECT count(*)::int AS n, min(id) AS first_id FROM ins`);
  return { inserted: res!.n, firstId: res!.first_id };
}

/** Which of these keys were already in the submission before observation id `beforeId`. */
export async function findEarlierKeys(
  tx: Queryable,
  submissionId: number,
  beforeId: number | null,
  rows: readonly InsertRow[],
): Promise<Set<number>> {
  const col = <T>(f: (r: InsertRow) => T) => rows.map(f);
  const dims = DIMENSIONS.map((d) => sql`${col((r) => r.obs.breakdowns[d])}::text[]`);
  const found = await tx.query<{ n: number }>(sql`SELECT t.n FROM unnest(${rows.map((_, i) => i)}::int[],
      ${col((r) => r.indicatorId)}::int[], ${col((r) => `${r.obs.period}-01`)}::date[], ${join(dims)})
      AS t(n, indicator_id, period, ${DIMENSION_COLUMNS})
    WHERE EXISTS (SELECT 1 FROM observations o WHERE o.submission_id = ${submissionId}
      AND (${beforeId}::bigint IS NULL OR o.id < ${beforeId}) AND o.superseded_at IS NULL
      AND o.indicator_id = t.indicator_id AND o.period = t.period
      AND ${join(
        DIMENSIONS.map((d) => raw(`o.${d} = t.${d}`)),
        ' AND ',
      )})`);
  return new Set(found.map((r) => r.n));
}

// --- published figures (reads and downloads) ---------------------------------------------------------------

/**
 * Which published figures of the dialogue a read or download returns: current (or as published on `asOf`),
 * visible to the actor, narrowed by the query's indicator, reporter, months and breakdowns.
 */
export function publishedObservationFilter(
  actor: MaybeActor,
  dialogueId: number,
  q: Partial<ObservationQuery>,
): Sql {
  const cut = q.asOf ? vintageCutoff(q.asOf).toISOString() : null;
  const vintage = cut
    ? sql`o.published_at < ${cut}::timestamptz AND (o.superseded_at IS NULL OR o.superseded_at >= ${cut}::timestamptz)`
    : sql`o.superseded_at IS NULL`;
  const filters: Sql[] = [
    sql`o.dialogue_id = ${dialogueId}`,
    sql`o.status = 'published'`,
    vintage,
    publishedVisibleTo(actor, 'o'),
    // A figure follows its indicator and route: hidden with a restricted one, whatever its own classification.
    indicatorVisibleTo(actor, 'i'),
    figureRouteVisibleTo(actor, 'o'),
  ];
  if (q.indicator) filters.push(sql`i.code = ${q.indicator}`);
  if (q.reporter) filters.push(sql`o.reporter_iso3 = ${q.reporter}`);
  if (q.from) filters.push(sql`o.period >= ${`${q.from}-01`}::date`);
  if (q.to) filters.push(sql`o.period <= ${`${q.to}-01`}::date`);
  for (const c of DIMENSIONS) {
    const v = q[c];
    if (v !== undefined) filters.push(sql`o.${raw(c)} = ${v}`);
  }
  return join(filters, ' AND ');
}

/** Every figure `where` selects (the disclosure rules need the whole table of an indicator). */
export function listPublishedObservationRows(db: Queryable, where: Sql): Promise<ObservationRow[]> {
  return db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows} WHERE ${where}`);
}

/** The dialogue's small-cell threshold for callers outside it (null: the default). */
export async function findDisclosureThreshold(db: Queryable, dialogueId: number): Promise<number | null> {
  const [r] = await db.query<{ t: number | null }>(
    sql`SELECT disclosure_threshold AS t FROM dialogues WHERE id = ${dialogueId}`,
  );
  return r?.t ?? null;
}

/** One page of the figures `where` selects, in reading order (indicator, reporter, month, breakdowns). */
export function readPublishedObservations(
  db: Queryable,
  where: Sql,
  page: { limit: number; offset: number },
): Promise<ObservationRow[]> {
  return db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE ${where}
    ORDER BY i.code, o.reporter_iso3, o.period, ${DIMENSION_COLUMNS} LIMIT ${page.limit} OFFSET ${page.offset}`);
}

/** The next `limit` figures `where` selects after the id `after` (keyset paging for downloads). */
export function readPublishedObservationPage(
  db: Queryable,
  where: Sql,
  after: number,
  limit: number,
): Promise<ObservationRow[]> {
  return db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE ${where} AND o.id > ${after} ORDER BY o.id LIMIT ${limit}`);
}

/** What the SDMX structure lists: the dialogue's name, its indicators and routes, and the countries. */
export async function readSdmxStructureInputs(
  db: Queryable,
  dialogueId: number,
): Promise<{
  dialogue: { name: string } | undefined;
  indicators: { code: string; name: Record<string, string>; unit: string; breakdowns: string[] }[];
  routes: { code: string; name: string }[];
  countries: { code: string; en: string; fr: string; ru: string }[];
}> {
  return {
    dialogue: (await db.query<{ name: string }>(sql`SELECT name FROM dialogues WHERE id = ${dialogueId}`))[0],
    indicators: await db.query<{
      code: string;
      name: Record<string, string>;
      unit: string;
      breakdowns: string[];
    }>(
      sql`SELECT code, name, unit, breakdowns FROM indicators WHERE dialogue_id = ${dialogueId} ORDER BY code`,
    ),
    routes: await db.query<{ code: string; name: string }>(
      sql`SELECT code, name FROM routes WHERE dialogue_id = ${dialogueId} ORDER BY code`,
    ),
    countries: await db.query<{ code: string; en: string; fr: string; ru: string }>(
      sql`SELECT trim(iso3) AS code, name_en AS en, name_fr AS fr, name_ru AS ru FROM countries ORDER BY iso3`,
    ),
  };
}

/**
 * When the latest current figures of one reporter in the given classifications were published (the "data as
 * published on" of a country profile), or null.
 */
export async function latestReporterPublication(
  db: Queryable,
  f: { dialogueId: number; reporter: string; classes: readonly string[] },
): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(sql`SELECT max(published_at) AS at FROM observations
    WHERE dialogue_id = ${f.dialogueId} AND reporter_iso3 = ${f.reporter} AND status = 'published'
      AND classification::text = ANY(${f.classes}::text[])`);
  return row?.at ?? null;
}
