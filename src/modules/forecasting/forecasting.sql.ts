/**
 * Queries of the forecasting module. Inputs come from the dashboard rollups of migration 0004 (published,
 * current, public or dialogue figures only); results go to the tables of migration 0006.
 */
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import { ADVISORY_LOCKS } from '../../db/advisory-locks';
import type { Queryable } from '../../db/connect';
import type { Rejection } from '../../domain/forecasting/sanity-guard';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { dialogueVisibleTo, visibleTo } from '../../shared/visibility';

const TOTAL = '_T';

export interface ForecastScope {
  dialogueId: number;
  indicatorId: number | null;
  route: string | null;
}

/** The dialogue (public or one the actor is a member of), an indicator code and a route code; undefined if not visible. */
export async function resolveForecastScope(
  db: Queryable,
  actor: MaybeActor,
  slug: string,
  codes: { indicator?: string | undefined; route?: string | undefined },
): Promise<ForecastScope | undefined> {
  const [row] = await db.query<{ dialogue_id: number; indicator_id: number | null; route: string | null }>(
    sql`SELECT d.id AS dialogue_id,
      (SELECT i.id FROM indicators i
        WHERE i.dialogue_id = d.id AND i.code = ${codes.indicator ?? null} AND ${visibleTo(actor, 'i')}) AS indicator_id,
      CASE WHEN ${codes.route ?? null}::text = ${TOTAL} THEN ${TOTAL}
        ELSE (SELECT r.code FROM routes r
          WHERE r.dialogue_id = d.id AND r.code = ${codes.route ?? null} AND ${visibleTo(actor, 'r')}) END AS route
    FROM dialogues d
    WHERE d.slug = ${slug} AND ${dialogueVisibleTo(actor, 'd')}`,
  );
  return row ? { dialogueId: row.dialogue_id, indicatorId: row.indicator_id, route: row.route } : undefined;
}

export interface InputCell {
  indicator_id: number;
  route: string;
  citizenship: string;
  period: string;
  value: number;
  /** 'dialogue' if any input figure is dialogue-classified, else 'public'. */
  classification: Classification;
}

/**
 * Series inputs of a dialogue: indicator × route totals (summed over reporters) and indicator × route ×
 * citizenship for the top `topN` citizenships of each indicator and route (by detections in the last 12
 * months with data). Only indicators and routes classified public or dialogue.
 */
export async function readForecastInputs(
  db: Queryable,
  dialogueId: number,
  topN: number,
): Promise<InputCell[]> {
  const forecastable = sql`i.dialogue_id = ${dialogueId} AND i.classification IN ('public', 'dialogue')
    AND (x.route = ${TOTAL} OR EXISTS (SELECT 1 FROM routes r WHERE r.dialogue_id = ${dialogueId}
      AND r.code = x.route AND r.classification IN ('public', 'dialogue')))`;
  return db.query<InputCell>(sql`
    SELECT x.indicator_id, x.route, ${TOTAL} AS citizenship, x.period::text AS period, sum(x.value) AS value,
      max(x.classification)::text AS classification
    FROM obs_route_month x JOIN indicators i ON i.id = x.indicator_id
    WHERE ${forecastable} AND x.classification IN ('public', 'dialogue') AND x.value IS NOT NULL
    GROUP BY x.indicator_id, x.route, x.period
    UNION ALL
    SELECT x.indicator_id, x.route, x.citizenship, x.period::text, sum(x.value), max(x.classification)::text
    FROM obs_route_citizenship_month x JOIN indicators i ON i.id = x.indicator_id
    JOIN (
      SELECT indicator_id, route, citizenship FROM (
        SELECT c.indicator_id, c.route, c.citizenship,
          row_number() OVER (PARTITION BY c.indicator_id, c.route ORDER BY sum(c.value) DESC, c.citizenship) AS rank
        FROM obs_route_citizenship_month c
        JOIN (SELECT indicator_id, route, max(period) AS last FROM obs_route_citizenship_month
              WHERE dialogue_id = ${dialogueId} GROUP BY indicator_id, route) l
          ON l.indicator_id = c.indicator_id AND l.route = c.route
        WHERE c.dialogue_id = ${dialogueId} AND c.classification IN ('public', 'dialogue')
          AND c.period > l.last - interval '12 months' AND c.citizenship <> ${TOTAL}
        GROUP BY c.indicator_id, c.route, c.citizenship) ranked
      WHERE rank <= ${topN}) top
      ON top.indicator_id = x.indicator_id AND top.route = x.route AND top.citizenship = x.citizenship
    WHERE ${forecastable} AND x.classification IN ('public', 'dialogue') AND x.value IS NOT NULL
    GROUP BY x.indicator_id, x.route, x.citizenship, x.period
    ORDER BY 1, 2, 3, 4`);
}

export interface RevisionRow {
  indicator_id: number;
  route: string;
  citizenship: string;
  reporter_iso3: string;
  period: string;
  value: number;
  published_at: Date | string | null;
  superseded_at: Date | string | null;
}

/**
 * Every published revision (current and superseded) of the series that were revised after publication:
 * the figures the rollups are built from (public or dialogue, every breakdown other than route and
 * citizenship at '_T'). Series never revised are not read: their vintages equal the current figures.
 */
export function readRevisedSeries(db: Queryable, dialogueId: number, breakdowns: readonly string[]) {
  const others = breakdowns.filter((c) => c !== 'route' && c !== 'citizenship');
  const totals = (alias: string) =>
    others.length
      ? sql`AND ${join(
          others.map((c) => sql`${raw(`${alias}.${c}`)} = ${TOTAL}`),
          ' AND ',
        )}`
      : empty;
  const usable = (
    alias: string,
  ) => sql`${raw(alias)}.dialogue_id = ${dialogueId} AND ${raw(alias)}.status = 'published'
    AND ${raw(alias)}.classification IN ('public', 'dialogue') ${totals(alias)}`;
  return db.query<RevisionRow>(sql`WITH revised AS (
      SELECT DISTINCT r.indicator_id, r.route, r.citizenship FROM observations r
      WHERE ${usable('r')} AND r.superseded_at IS NOT NULL)
    SELECT o.indicator_id, o.route, o.citizenship, o.reporter_iso3, o.period::text AS period,
      coalesce(o.value, 0) AS value, o.published_at, o.superseded_at
    FROM observations o JOIN revised v
      ON v.indicator_id = o.indicator_id AND v.route = o.route AND v.citizenship = o.citizenship
    WHERE ${usable('o')}`);
}

/** When the dialogue's published figures last changed. */
export async function readDataAsOf(db: Queryable, dialogueId: number): Promise<string | null> {
  const [row] = await db.query<{ as_of: Date | string | null }>(sql`SELECT max(published_at) AS as_of
    FROM observations WHERE dialogue_id = ${dialogueId} AND status = 'published'`);
  const v = row?.as_of ?? null;
  return v === null ? null : new Date(v).toISOString();
}

export interface SeriesRow {
  id: number;
  indicator: string;
  route: string;
  citizenship: string;
  reporter_iso3: string;
  classification: Classification;
  status: string;
  reason: string | null;
  chosen_model: string | null;
  origin: string | null;
  months: number;
  /** Models the sanity guard passed over, with their reasons (migration 0022). */
  rejected: Rejection[];
  data_as_of: Date | string | null;
  computed_at: Date | string;
}

const seriesColumns = sql`s.id, i.code AS indicator, s.route, s.citizenship, s.reporter_iso3, s.classification,
  s.status, s.reason, s.chosen_model, s.origin::text AS origin, s.months, s.rejected, s.data_as_of, s.computed_at`;

/** Forecast series of a dialogue the actor may read (classification in `classes`, indicator and route visible). */
export function listSeries(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  classes: readonly Classification[],
  key?: { indicatorId: number; route: string; citizenship: string },
): Promise<SeriesRow[]> {
  const match: Sql = key
    ? sql`AND s.indicator_id = ${key.indicatorId} AND s.route = ${key.route} AND s.citizenship = ${key.citizenship}
        AND s.reporter_iso3 = ${TOTAL}`
    : empty;
  return db.query<SeriesRow>(sql`SELECT ${seriesColumns}
    FROM forecast_series s JOIN indicators i ON i.id = s.indicator_id
    WHERE s.dialogue_id = ${dialogueId} AND s.classification = ANY(${[...classes]}::text[]::classification[])
      AND ${visibleTo(actor, 'i')}
      AND (s.route = ${TOTAL} OR EXISTS (SELECT 1 FROM routes r WHERE r.dialogue_id = s.dialogue_id
        AND r.code = s.route AND ${visibleTo(actor, 'r')}))
      ${match}
    ORDER BY i.code, s.route, s.citizenship = ${TOTAL} DESC, s.citizenship`);
}

export interface PointRow {
  model: string;
  horizon: number;
  period: string;
  point: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}
export const readPoints = (db: Queryable, seriesId: number) =>
  db.query<PointRow>(sql`SELECT model, horizon, period::text AS period, point, lo80, hi80, lo95, hi95
    FROM forecast_points WHERE series_id = ${seriesId} ORDER BY model, horizon`);

export interface BacktestRow {
  model: string;
  horizon: number;
  mase: number | null;
  smape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  n_origins: number;
}
export const readBacktests = (db: Queryable, seriesId: number) =>
  db.query<BacktestRow>(sql`SELECT model, horizon, mase, smape, coverage80, coverage95, n_origins
    FROM forecast_backtests WHERE series_id = ${seriesId} ORDER BY model, horizon`);

export interface BacktestPointRow {
  model: string;
  origin: string;
  horizon: number;
  period: string;
  point: number;
  lo80: number;
  hi80: number;
  actual: number;
}
export const readBacktestPoints = (db: Queryable, seriesId: number) =>
  db.query<BacktestPointRow>(sql`SELECT model, origin::text AS origin, horizon, period::text AS period, point,
      lo80, hi80, actual
    FROM forecast_backtest_points WHERE series_id = ${seriesId} ORDER BY model, origin, horizon`);

/** The series' monthly history as the dashboards show it (visible classifications only). */
export function readHistory(
  db: Queryable,
  f: { indicatorId: number; route: string; citizenship: string; classes: readonly Classification[] },
) {
  const classes = sql`classification = ANY(${[...f.classes]}::text[]::classification[])`;
  return f.citizenship === TOTAL
    ? db.query<{ period: string; value: number }>(sql`SELECT period::text AS period, sum(value) AS value
        FROM obs_route_month WHERE indicator_id = ${f.indicatorId} AND route = ${f.route} AND ${classes}
        GROUP BY period ORDER BY period`)
    : db.query<{ period: string; value: number }>(sql`SELECT period::text AS period, sum(value) AS value
        FROM obs_route_citizenship_month WHERE indicator_id = ${f.indicatorId} AND route = ${f.route}
          AND citizenship = ${f.citizenship} AND ${classes}
        GROUP BY period ORDER BY period`);
}

// --- writing results (as the owner: job or CLI) ------------------------------------------------------------

export interface SeriesWrite {
  indicatorId: number;
  route: string;
  citizenship: string;
  classification: Classification;
  status: string;
  reason: string | null;
  chosenModel: string | null;
  origin: string | null;
  months: number;
  rejected: readonly Rejection[];
  points: PointRow[];
  backtests: BacktestRow[];
  backtestPoints: BacktestPointRow[];
}

/** Replaces every forecast series of the dialogue by `series`, in the caller's transaction. */
export async function replaceForecasts(
  db: Queryable,
  dialogueId: number,
  dataAsOf: string | null,
  series: readonly SeriesWrite[],
): Promise<void> {
  await db.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.forecastRefresh}, ${dialogueId})`);
  await db.query(sql`DELETE FROM forecast_series WHERE dialogue_id = ${dialogueId}`);
  for (const s of series) {
    const [row] = await db.query<{
      id: number;
    }>(sql`INSERT INTO forecast_series (dialogue_id, indicator_id, route,
        citizenship, reporter_iso3, classification, status, reason, chosen_model, origin, months, rejected, data_as_of)
      VALUES (${dialogueId}, ${s.indicatorId}, ${s.route}, ${s.citizenship}, ${TOTAL}, ${s.classification},
        ${s.status}, ${s.reason}, ${s.chosenModel}, ${s.origin}::date, ${s.months},
        ${JSON.stringify(s.rejected)}::jsonb, ${dataAsOf}::timestamptz)
      RETURNING id`);
    const id = row!.id;
    const col = <T, R>(rows: readonly T[], f: (r: T) => R) => rows.map(f);
    if (s.points.length)
      await db.query(sql`INSERT INTO forecast_points (series_id, model, horizon, period, point, lo80, hi80, lo95, hi95)
        SELECT ${id}, * FROM unnest(${col(s.points, (p) => p.model)}::text[], ${col(s.points, (p) => p.horizon)}::int[],
          ${col(s.points, (p) => p.period)}::date[], ${col(s.points, (p) => p.point)}::numeric[],
          ${col(s.points, (p) => p.lo80)}::numeric[], ${col(s.points, (p) => p.hi80)}::numeric[],
          ${col(s.points, (p) => p.lo95)}::numeric[], ${col(s.points, (p) => p.hi95)}::numeric[])`);
    if (s.backtests.length)
      await db.query(sql`INSERT INTO forecast_backtests (series_id, model, horizon, mase, smape, coverage80, coverage95, n_origins)
        SELECT ${id}, * FROM unnest(${col(s.backtests, (b) => b.model)}::text[], ${col(s.backtests, (b) => b.horizon)}::int[],
          ${col(s.backtests, (b) => b.mase)}::numeric[], ${col(s.backtests, (b) => b.smape)}::numeric[],
          ${col(s.backtests, (b) => b.coverage80)}::numeric[], ${col(s.backtests, (b) => b.coverage95)}::numeric[],
          ${col(s.backtests, (b) => b.n_origins)}::int[])`);
    const bp = s.backtestPoints;
    if (bp.length)
      await db.query(sql`INSERT INTO forecast_backtest_points (series_id, model, origin, horizon, period, point, lo80, hi80, actual)
        SELECT ${id}, * FROM unnest(${col(bp, (b) => b.model)}::text[], ${col(bp, (b) => b.origin)}::date[],
          ${col(bp, (b) => b.horizon)}::int[], ${col(bp, (b) => b.period)}::date[], ${col(bp, (b) => b.point)}::numeric[],
          ${col(bp, (b) => b.lo80)}::numeric[], ${col(bp, (b) => b.hi80)}::numeric[], ${col(bp, (b) => b.actual)}::numeric[])`);
  }
}

/** Ids of the dialogue's indicators with these codes (codes without an indicator are left out). */
export async function indicatorIds(
  db: Queryable,
  dialogueId: number,
  codes: readonly string[],
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    sql`SELECT id FROM indicators WHERE dialogue_id = ${dialogueId} AND code = ANY(${[...codes]}::text[])`,
  );
  return rows.map((r) => r.id);
}

/** Ids of the dialogues with published data (dashboard rollups) but no forecasts yet. */
export async function dialoguesWithoutForecasts(db: Queryable): Promise<number[]> {
  const rows = await db.query<{ id: number }>(sql`SELECT d.id FROM dialogues d
    WHERE EXISTS (SELECT 1 FROM obs_route_month m WHERE m.dialogue_id = d.id)
      AND NOT EXISTS (SELECT 1 FROM forecast_series s WHERE s.dialogue_id = d.id)`);
  return rows.map((r) => r.id);
}
