/**
 * Queries of the route dashboards. Each dashboard query is a pure SQL builder (`…Sql`) plus a runner, so
 * the benchmarks can run exactly the statement the API runs ("bare SQL"). All figures come from the rollup
 * tables of migration 0004 except reporter-month and the series of one reporter and one citizenship, which
 * read current observations through an index.
 */

import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

const TOTAL = '_T';

/** First day of a period `YYYY-MM`, as the SQL date the tables use. */
const day = (p: string) => `${p}-01`;

function periodBounds(column: Sql, from: string | undefined, to: string | undefined): Sql {
  return sql`${from ? sql`AND ${column} >= ${day(from)}::date` : empty}
    ${to ? sql`AND ${column} <= ${day(to)}::date` : empty}`;
}

export interface AnalyticsScope {
  dialogueId: number;
  /** Null when the code is unknown or not visible to the actor. */
  indicatorId: number | null;
  /** The route code when it exists and is visible (or is `_T`), else null. */
  route: string | null;
}

/**
 * Resolves the dialogue (public, or one the actor holds a role in), an indicator code and a route code in
 * one round trip. Undefined when the dialogue is not visible.
 */
export async function resolveAnalyticsScope(
  db: Queryable,
  actor: MaybeActor,
  slug: string,
  codes: { indicator?: string | undefined; route?: string | undefined },
): Promise<AnalyticsScope | undefined> {
  const memberOf = actor ? Object.keys(actor.roles).map(Number) : [];
  const [row] = await db.query<{ dialogue_id: number; indicator_id: number | null; route: string | null }>(
    sql`SELECT d.id AS dialogue_id,
      (SELECT i.id FROM indicators i
        WHERE i.dialogue_id = d.id AND i.code = ${codes.indicator ?? null} AND ${visibleTo(actor, 'i')}) AS indicator_id,
      CASE WHEN ${codes.route ?? null}::text = ${TOTAL} THEN ${TOTAL}
        ELSE (SELECT r.code FROM routes r
          WHERE r.dialogue_id = d.id AND r.code = ${codes.route ?? null} AND ${visibleTo(actor, 'r')}) END AS route
    FROM dialogues d
    WHERE d.slug = ${slug} AND (d.classification = 'public' OR d.id = ANY(${memberOf}::int[]))`,
  );
  if (!row) return undefined;
  return { dialogueId: row.dialogue_id, indicatorId: row.indicator_id, route: row.route };
}

export async function listVisibleRouteCodes(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    sql`SELECT r.code FROM routes r WHERE r.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'r')} ORDER BY r.code`,
  );
  return rows.map((r) => r.code);
}

// --- series ------------------------------------------------------------------------------------------------

export interface SeriesFilter {
  indicatorId: number;
  route: string;
  citizenship?: string | undefined;
  reporter?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  classes: readonly Classification[];
  /** Breakdown columns of observations, from listBreakdownColumns (used when reading observations). */
  breakdowns: readonly string[];
}

/** Monthly totals of an indicator on a route; by citizenship and/or reporter when given. */
export function seriesSql(f: SeriesFilter): Sql {
  const classes = sql`classification = ANY(${[...f.classes]}::text[]::classification[])`;
  if (f.citizenship !== undefined && f.reporter !== undefined) {
    const oClasses = sql`o.classification = ANY(${[...f.classes]}::text[]::classification[])`;
    // One reporter and one citizenship: a handful of current observations, found through their unique key.
    return sql`SELECT o.period, sum(o.value) AS value FROM observations o
      WHERE o.indicator_id = ${f.indicatorId} AND o.reporter_iso3 = ${f.reporter} AND o.route = ${f.route}
        AND o.citizenship = ${f.citizenship} ${otherBreakdownsTotal('o', f.breakdowns)}
        AND o.superseded_at IS NULL AND o.status = 'published' AND ${oClasses}
        ${periodBounds(sql`o.period`, f.from, f.to)}
      GROUP BY o.period ORDER BY o.period`;
  }
  if (f.citizenship !== undefined) {
    return sql`SELECT period, sum(value) AS value FROM obs_route_citizenship_month
      WHERE indicator_id = ${f.indicatorId} AND route = ${f.route} AND citizenship = ${f.citizenship}
        AND ${classes} ${periodBounds(sql`period`, f.from, f.to)}
      GROUP BY period ORDER BY period`;
  }
  return sql`SELECT period, sum(value) AS value FROM obs_route_month
    WHERE indicator_id = ${f.indicatorId} AND route = ${f.route} AND ${classes}
      ${f.reporter !== undefined ? sql`AND reporter_iso3 = ${f.reporter}` : empty}
      ${periodBounds(sql`period`, f.from, f.to)}
    GROUP BY period ORDER BY period`;
}

export interface SeriesRow {
  period: string;
  value: number | null;
}

export const querySeries = (db: Queryable, f: SeriesFilter) => db.query<SeriesRow>(seriesSql(f));

// --- top citizenships --------------------------------------------------------------------------------------

export interface TopCitizenshipsFilter {
  indicatorId: number;
  route: string;
  year: number;
  limit: number;
  classes: readonly Classification[];
}

/**
 * The top citizenships of a route in `year` (January to its last month with data), each with the same months
 * of the previous year.
 */
export function topCitizenshipsSql(f: TopCitizenshipsFilter): Sql {
  const start = `${f.year}-01-01`;
  const prevStart = `${f.year - 1}-01-01`;
  const next = `${f.year + 1}-01-01`;
  const classes = sql`classification = ANY(${[...f.classes]}::text[]::classification[])`;
  const cClasses = sql`c.classification = ANY(${[...f.classes]}::text[]::classification[])`;
  return sql`WITH last AS (
      SELECT max(period) AS p FROM obs_route_citizenship_month
      WHERE indicator_id = ${f.indicatorId} AND route = ${f.route} AND ${classes}
        AND period >= ${start}::date AND period < ${next}::date)
    SELECT c.citizenship,
      sum(c.value) FILTER (WHERE c.period >= ${start}::date) AS value,
      coalesce(sum(c.value) FILTER (WHERE c.period < ${start}::date), 0) AS previous,
      max(last.p) AS last_period
    FROM obs_route_citizenship_month c CROSS JOIN last
    WHERE c.indicator_id = ${f.indicatorId} AND c.route = ${f.route} AND ${cClasses}
      AND c.period >= ${prevStart}::date AND c.period <= last.p
      AND (c.period >= ${start}::date OR c.period <= (last.p - interval '1 year'))
    GROUP BY c.citizenship
    HAVING sum(c.value) FILTER (WHERE c.period >= ${start}::date) IS NOT NULL
    ORDER BY value DESC, c.citizenship
    LIMIT ${f.limit}`;
}

export interface TopCitizenshipRow {
  citizenship: string;
  value: number;
  previous: number;
  last_period: string;
}

export const queryTopCitizenships = (db: Queryable, f: TopCitizenshipsFilter) =>
  db.query<TopCitizenshipRow>(topCitizenshipsSql(f));

// --- route × month -----------------------------------------------------------------------------------------

export interface RouteMonthFilter {
  indicatorId: number;
  routes: readonly string[];
  from?: string | undefined;
  to?: string | undefined;
  classes: readonly Classification[];
}

/** Totals of an indicator per route and month, for the given (visible) routes. */
export function routeMonthSql(f: RouteMonthFilter): Sql {
  return sql`SELECT route, period, sum(value) AS value FROM obs_route_month
    WHERE indicator_id = ${f.indicatorId} AND route = ANY(${[...f.routes]}::text[])
      AND classification = ANY(${[...f.classes]}::text[]::classification[])
      ${periodBounds(sql`period`, f.from, f.to)}
    GROUP BY route, period ORDER BY route, period`;
}

export interface RouteMonthRow {
  route: string;
  period: string;
  value: number | null;
}

export const queryRouteMonth = (db: Queryable, f: RouteMonthFilter) =>
  db.query<RouteMonthRow>(routeMonthSql(f));

// --- reporter-month ----------------------------------------------------------------------------------------

export interface ReporterMonthFilter {
  dialogueId: number;
  reporter: string;
  period: string;
  classes: readonly Classification[];
  actor: MaybeActor;
  /** Breakdown columns of observations, from listBreakdownColumns. */
  breakdowns: readonly string[];
}

/** Every current, published figure of one reporter for one month, for indicators the actor may see. */
export function reporterMonthSql(f: ReporterMonthFilter): Sql {
  const cols = join(
    f.breakdowns.map((c) => raw(`o.${c}`)),
    ', ',
  );
  return sql`SELECT i.code AS indicator, ${cols}, o.value, o.flags, o.revision
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.reporter_iso3 = ${f.reporter} AND o.period = ${day(f.period)}::date AND o.superseded_at IS NULL
      AND o.dialogue_id = ${f.dialogueId} AND o.status = 'published'
      AND o.classification = ANY(${[...f.classes]}::text[]::classification[]) AND ${visibleTo(f.actor, 'i')}
    ORDER BY i.code, ${cols}`;
}

export type ReporterMonthRow = {
  indicator: string;
  value: number | null;
  flags: string[];
  revision: number;
} & Record<string, unknown>;

export const queryReporterMonth = (db: Queryable, f: ReporterMonthFilter) =>
  db.query<ReporterMonthRow>(reporterMonthSql(f));

// --- rollup maintenance ------------------------------------------------------------------------------------

/** Periods to rebuild (both included); all periods when a bound is absent. */
export interface AggregatePeriods {
  from?: string | undefined;
  to?: string | undefined;
}

/** Breakdown columns observations may have (later migrations add some of them). */
export const BREAKDOWN_COLUMNS = DIMENSIONS;

/** The breakdown columns the observations table has in this database. */
export async function listBreakdownColumns(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(sql`SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'observations'
      AND column_name = ANY(${[...BREAKDOWN_COLUMNS]}::text[])`);
  const have = new Set(rows.map((r) => r.column_name));
  return BREAKDOWN_COLUMNS.filter((c) => have.has(c));
}

/**
 * Observations that may enter an aggregate: published, current, public or dialogue-wide, and at the total
 * '_T' for every breakdown other than route and citizenship.
 */
function aggregatable(breakdowns: readonly string[]): Sql {
  return sql`o.status = 'published' AND o.superseded_at IS NULL
    AND o.classification IN ('public', 'dialogue') ${otherBreakdownsTotal('o', breakdowns)}`;
}

/** `AND <alias>.<column> = '_T'` for every breakdown column other than route and citizenship. */
function otherBreakdownsTotal(alias: string, breakdowns: readonly string[]): Sql {
  const others = breakdowns.filter((c) => c !== 'route' && c !== 'citizenship');
  if (!others.length) return empty;
  return join(
    others.map((c) => sql`AND ${raw(`${alias}.${c}`)} = ${TOTAL}`),
    ' ',
  );
}

export async function lockAggregates(db: Queryable, dialogueId: number): Promise<void> {
  await db.query(sql`SELECT pg_advisory_xact_lock(7204, ${dialogueId})`);
}

export async function rebuildRouteMonth(
  db: Queryable,
  dialogueId: number,
  p: AggregatePeriods,
  breakdowns: readonly string[],
): Promise<number> {
  await db.query(sql`DELETE FROM obs_route_month
    WHERE indicator_id IN (SELECT id FROM indicators WHERE dialogue_id = ${dialogueId})
      ${periodBounds(sql`period`, p.from, p.to)}`);
  const rows = await db.query<{ n: number }>(sql`WITH ins AS (
      INSERT INTO obs_route_month (dialogue_id, indicator_id, route, period, reporter_iso3, classification, value)
      SELECT o.dialogue_id, o.indicator_id, o.route, o.period, o.reporter_iso3, o.classification, sum(o.value)
      FROM observations o
      WHERE o.dialogue_id = ${dialogueId} AND ${aggregatable(breakdowns)} AND o.citizenship = ${TOTAL}
        ${periodBounds(sql`o.period`, p.from, p.to)}
      GROUP BY o.dialogue_id, o.indicator_id, o.route, o.period, o.reporter_iso3, o.classification
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`);
  return rows[0]?.n ?? 0;
}

export async function rebuildRouteCitizenshipMonth(
  db: Queryable,
  dialogueId: number,
  p: AggregatePeriods,
  breakdowns: readonly string[],
): Promise<number> {
  await db.query(sql`DELETE FROM obs_route_citizenship_month
    WHERE indicator_id IN (SELECT id FROM indicators WHERE dialogue_id = ${dialogueId})
      ${periodBounds(sql`period`, p.from, p.to)}`);
  const rows = await db.query<{ n: number }>(sql`WITH ins AS (
      INSERT INTO obs_route_citizenship_month (dialogue_id, indicator_id, route, citizenship, period, classification, value)
      SELECT o.dialogue_id, o.indicator_id, o.route, o.citizenship, o.period, o.classification, sum(o.value)
      FROM observations o
      WHERE o.dialogue_id = ${dialogueId} AND ${aggregatable(breakdowns)} AND o.citizenship <> ${TOTAL}
        ${periodBounds(sql`o.period`, p.from, p.to)}
      GROUP BY o.dialogue_id, o.indicator_id, o.route, o.citizenship, o.period, o.classification
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`);
  return rows[0]?.n ?? 0;
}

export async function analyzeAggregates(db: Queryable): Promise<void> {
  await db.query(sql`ANALYZE obs_route_month, obs_route_citizenship_month`);
}
