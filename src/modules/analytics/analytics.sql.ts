/**
 * Queries of the route dashboards. Each dashboard query is a pure SQL builder (`…Sql`) plus a runner, so
 * the benchmarks can run exactly the statement the API runs ("bare SQL"). All figures come from the rollup
 * tables of migration 0004 except reporter-month and the series of one reporter and one citizenship, which
 * read current observations through an index.
 */

import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import { ADVISORY_LOCKS } from '../../db/advisory-locks';
import type { Queryable } from '../../db/connect';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { dialogueVisibleTo, visibleTo } from '../../shared/visibility';

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
  /** Whether the indicator is broken down by route (its totals then live on the route rows, not on '_T'). */
  hasRouteBreakdown: boolean;
  /** The route code when it exists and is visible (or is `_T`), else null. */
  route: string | null;
  /** Whether the citizenship code is a known country or special code (true when none was given). */
  isCitizenshipKnown: boolean;
  /** Whether the reporter code is a known country (true when none was given). */
  isReporterKnown: boolean;
}

/**
 * Resolves the dialogue (public, or one the actor holds a role in), an indicator code, a route code, a
 * citizenship and a reporter code in one round trip. Undefined when the dialogue is not visible.
 */
export async function resolveAnalyticsScope(
  db: Queryable,
  actor: MaybeActor,
  slug: string,
  codes: {
    indicator?: string | undefined;
    route?: string | undefined;
    citizenship?: string | undefined;
    reporter?: string | undefined;
  },
): Promise<AnalyticsScope | undefined> {
  const [row] = await db.query<{
    dialogue_id: number;
    indicator_id: number | null;
    has_route: boolean | null;
    route: string | null;
    citizenship_known: boolean;
    reporter_known: boolean;
  }>(
    sql`SELECT d.id AS dialogue_id, i.id AS indicator_id, 'route' = ANY(i.breakdowns) AS has_route,
      CASE WHEN ${codes.route ?? null}::text = ${TOTAL} THEN ${TOTAL}
        ELSE (SELECT r.code FROM routes r
          WHERE r.dialogue_id = d.id AND r.code = ${codes.route ?? null} AND ${visibleTo(actor, 'r')}) END AS route,
      (${codes.citizenship ?? null}::text IS NULL
        OR EXISTS (SELECT 1 FROM countries c WHERE c.iso3 = ${codes.citizenship ?? null})) AS citizenship_known,
      (${codes.reporter ?? null}::text IS NULL
        OR EXISTS (SELECT 1 FROM countries c WHERE c.iso3 = ${codes.reporter ?? null})) AS reporter_known
    FROM dialogues d
      LEFT JOIN indicators i ON i.dialogue_id = d.id AND i.code = ${codes.indicator ?? null} AND ${visibleTo(actor, 'i')}
    WHERE d.slug = ${slug} AND ${dialogueVisibleTo(actor, 'd')}`,
  );
  if (!row) return undefined;
  return {
    dialogueId: row.dialogue_id,
    indicatorId: row.indicator_id,
    hasRouteBreakdown: row.has_route === true,
    route: row.route,
    isCitizenshipKnown: row.citizenship_known,
    isReporterKnown: row.reporter_known,
  };
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

export async function listVisibleIndicatorIds(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    sql`SELECT i.id FROM indicators i WHERE i.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'i')} ORDER BY i.code`,
  );
  return rows.map((r) => r.id);
}

/** Which of the codes are countries (or special citizenship codes) Passage knows. */
export async function listKnownCountries(db: Queryable, codes: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ iso3: string }>(
    sql`SELECT iso3 FROM countries WHERE iso3 = ANY(${[...codes]}::text[])`,
  );
  return rows.map((r) => r.iso3.trim());
}

// --- vintages ----------------------------------------------------------------------------------------------

/**
 * Observations as published at `cutoff` (an ISO instant: published before it and not yet superseded then),
 * or the current published observations when there is no cutoff. The same rule as the exchange's asOf.
 */
export function vintageFilter(alias: string, cutoff: string | null | undefined): Sql {
  const t = raw(alias);
  return cutoff
    ? sql`${t}.status = 'published' AND ${t}.published_at < ${cutoff}::timestamptz
        AND (${t}.superseded_at IS NULL OR ${t}.superseded_at >= ${cutoff}::timestamptz)`
    : sql`${t}.status = 'published' AND ${t}.superseded_at IS NULL`;
}

/** Where the dashboards read: the rollups (current data) or observations as of a past instant. */
export interface Source {
  /** Null or absent: the rollup tables (current data). An ISO instant: raw observations as of then. */
  cutoff?: string | null | undefined;
  /** Breakdown columns of observations (DIMENSIONS); needed to read raw observations. */
  breakdowns: readonly string[];
  /** The dialogue, to narrow raw observations through their (dialogue_id, indicator_id, period) index. */
  dialogueId?: number | undefined;
}

/** What the filter of every dashboard view holds: the dialogue, where figures come from and which are shown. */
export interface DashboardRead extends Source {
  dialogueId: number;
  /** Classifications of figures shown (dashboardClasses). */
  classes: readonly Classification[];
}

/**
 * A relation shaped like obs_route_month (dialogue_id, indicator_id, route, period, reporter_iso3,
 * classification, value), aliased `alias`: the rollup itself, or the same rows read from observations as of
 * the cutoff.
 */
export function routeMonthFrom(src: Source, alias = 'rm'): Sql {
  if (!src.cutoff) return sql`obs_route_month AS ${raw(alias)}`;
  return sql`(SELECT o.dialogue_id, o.indicator_id, o.route, o.period, o.reporter_iso3, o.classification, o.value
    FROM observations o
    WHERE ${vintageFilter('o', src.cutoff)} AND o.classification IN ('public', 'dialogue')
      ${src.dialogueId !== undefined ? sql`AND o.dialogue_id = ${src.dialogueId}` : empty}
      AND o.citizenship = ${TOTAL} ${otherBreakdownsTotal('o', src.breakdowns)}) AS ${raw(alias)}`;
}

/**
 * A relation shaped like obs_route_citizenship_month (dialogue_id, indicator_id, route, citizenship, period,
 * classification, value), aliased `alias`: the rollup, or observations as of the cutoff.
 */
export function routeCitizenshipMonthFrom(src: Source, alias = 'c'): Sql {
  if (!src.cutoff) return sql`obs_route_citizenship_month AS ${raw(alias)}`;
  return sql`(SELECT o.dialogue_id, o.indicator_id, o.route, o.citizenship, o.period, o.classification, o.value
    FROM observations o
    WHERE ${vintageFilter('o', src.cutoff)} AND o.classification IN ('public', 'dialogue')
      ${src.dialogueId !== undefined ? sql`AND o.dialogue_id = ${src.dialogueId}` : empty}
      AND o.citizenship <> ${TOTAL} ${otherBreakdownsTotal('o', src.breakdowns)}) AS ${raw(alias)}`;
}

const inClasses = (alias: string, classes: readonly Classification[]) =>
  sql`${raw(alias)}.classification = ANY(${[...classes]}::text[]::classification[])`;

/**
 * Which route rows make an indicator's total: one route; or, without one, every visible route for an
 * indicator broken down by route, else the route total '_T'.
 */
export interface RouteChoice {
  route?: string | undefined;
  hasRouteBreakdown: boolean;
  /** Routes the actor may see. */
  visibleRoutes: readonly string[];
}

export function routeCondition(alias: string, r: RouteChoice): Sql {
  const col = raw(`${alias}.route`);
  if (r.route !== undefined) return sql`${col} = ${r.route}`;
  if (r.hasRouteBreakdown) return sql`${col} = ANY(${[...r.visibleRoutes]}::text[])`;
  return sql`${col} = ${TOTAL}`;
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
  /** Breakdown columns of observations, DIMENSIONS (used when reading observations). */
  breakdowns: readonly string[];
  /** Vintage: read observations as published at this instant (ISO) instead of the current rollups. */
  cutoff?: string | null | undefined;
  dialogueId?: number | undefined;
}

/** January of the year before `from`: the months the same-month-last-year and YTD figures need. */
const yoyStart = (from: string) => `${Number(from.slice(0, 4)) - 1}-01`;

/**
 * Monthly totals of an indicator on a route (by citizenship and/or reporter when given), each with the same
 * month a year earlier, the year-to-date total and the year-to-date total of the year before.
 */
export function seriesSql(f: SeriesFilter): Sql {
  const src: Source = { cutoff: f.cutoff, breakdowns: f.breakdowns, dialogueId: f.dialogueId };
  const lower = f.from ? yoyStart(f.from) : undefined;
  let inner: Sql;
  if (f.citizenship !== undefined && f.reporter !== undefined) {
    // One reporter and one citizenship: a handful of observations, found through their unique key.
    inner = sql`SELECT o.period, sum(o.value) AS value FROM observations o
      WHERE o.indicator_id = ${f.indicatorId} AND o.reporter_iso3 = ${f.reporter} AND o.route = ${f.route}
        AND o.citizenship = ${f.citizenship} ${otherBreakdownsTotal('o', f.breakdowns)}
        AND ${vintageFilter('o', f.cutoff)} AND ${inClasses('o', f.classes)}
        ${periodBounds(sql`o.period`, lower, f.to)}
      GROUP BY o.period`;
  } else if (f.citizenship !== undefined) {
    inner = sql`SELECT c.period, sum(c.value) AS value FROM ${routeCitizenshipMonthFrom(src)}
      WHERE c.indicator_id = ${f.indicatorId} AND c.route = ${f.route} AND c.citizenship = ${f.citizenship}
        AND ${inClasses('c', f.classes)} ${periodBounds(sql`c.period`, lower, f.to)}
      GROUP BY c.period`;
  } else {
    inner = sql`SELECT rm.period, sum(rm.value) AS value FROM ${routeMonthFrom(src)}
      WHERE rm.indicator_id = ${f.indicatorId} AND rm.route = ${f.route} AND ${inClasses('rm', f.classes)}
        ${f.reporter !== undefined ? sql`AND rm.reporter_iso3 = ${f.reporter}` : empty}
        ${periodBounds(sql`rm.period`, lower, f.to)}
      GROUP BY rm.period`;
  }
  return sql`WITH s AS (${inner}),
    y AS (SELECT s.period, s.value, p.value AS previous,
        sum(s.value) OVER w AS ytd, sum(p.value) OVER w AS ytd_previous
      FROM s LEFT JOIN s p ON p.period = (s.period - interval '1 year')::date
      WINDOW w AS (PARTITION BY date_trunc('year', s.period) ORDER BY s.period))
    SELECT period, value, previous, ytd, ytd_previous FROM y
    ${f.from ? sql`WHERE period >= ${day(f.from)}::date` : empty}
    ORDER BY period`;
}

export interface SeriesRow {
  period: string;
  value: number | null;
  previous: number | null;
  ytd: number | null;
  ytd_previous: number | null;
}

export const querySeries = (db: Queryable, f: SeriesFilter) => db.query<SeriesRow>(seriesSql(f));

/**
 * Each reporter's total per month for the series (from a year before `from`, for the comparisons): what the
 * like-for-like rule and the "n of m reported" counts read (issue 14).
 */
export function seriesReporterCellsSql(f: SeriesFilter): Sql {
  const lower = f.from ? yoyStart(f.from) : undefined;
  if (f.citizenship === undefined) {
    const src: Source = { cutoff: f.cutoff, breakdowns: f.breakdowns, dialogueId: f.dialogueId };
    return sql`SELECT rm.reporter_iso3 AS reporter, rm.period::text AS period, sum(rm.value) AS value
      FROM ${routeMonthFrom(src)}
      WHERE rm.indicator_id = ${f.indicatorId} AND rm.route = ${f.route} AND ${inClasses('rm', f.classes)}
        AND rm.value IS NOT NULL
        ${f.reporter !== undefined ? sql`AND rm.reporter_iso3 = ${f.reporter}` : empty}
        ${periodBounds(sql`rm.period`, lower, f.to)}
      GROUP BY rm.reporter_iso3, rm.period`;
  }
  return sql`SELECT o.reporter_iso3 AS reporter, o.period::text AS period, sum(o.value) AS value
    FROM observations o
    WHERE o.indicator_id = ${f.indicatorId} AND o.route = ${f.route} AND o.citizenship = ${f.citizenship}
      AND o.value IS NOT NULL ${otherBreakdownsTotal('o', f.breakdowns)}
      AND ${vintageFilter('o', f.cutoff)} AND ${inClasses('o', f.classes)}
      ${f.reporter !== undefined ? sql`AND o.reporter_iso3 = ${f.reporter}` : empty}
      ${periodBounds(sql`o.period`, lower, f.to)}
    GROUP BY o.reporter_iso3, o.period`;
}

export interface ReporterCellRow {
  reporter: string;
  period: string;
  value: number;
}

export const querySeriesReporterCells = (db: Queryable, f: SeriesFilter) =>
  db.query<ReporterCellRow>(seriesReporterCellsSql(f));

// --- top citizenships --------------------------------------------------------------------------------------

export interface TopCitizenshipsFilter {
  indicatorId: number;
  route: string;
  year: number;
  limit: number;
  comparison?: 'like_for_like' | 'raw';
  classes: readonly Classification[];
  cutoff?: string | null | undefined;
  breakdowns?: readonly string[];
  dialogueId?: number | undefined;
}

/**
 * The top citizenships of a route in `year` (January to its last month with data), each with the same months
 * of the previous year.
 */
export function topCitizenshipsSql(f: TopCitizenshipsFilter): Sql {
  if (f.comparison !== 'raw') return topCitizenshipsLikeForLikeSql(f);
  const start = `${f.year}-01-01`;
  const prevStart = `${f.year - 1}-01-01`;
  const next = `${f.year + 1}-01-01`;
  const src: Source = { cutoff: f.cutoff, breakdowns: f.breakdowns ?? [], dialogueId: f.dialogueId };
  return sql`WITH last AS (
      SELECT max(l.period) AS p FROM ${routeCitizenshipMonthFrom(src, 'l')}
      WHERE l.indicator_id = ${f.indicatorId} AND l.route = ${f.route} AND ${inClasses('l', f.classes)}
        AND l.period >= ${start}::date AND l.period < ${next}::date)
    SELECT c.citizenship,
      sum(c.value) FILTER (WHERE c.period >= ${start}::date) AS value,
      sum(c.value) FILTER (WHERE c.period >= ${start}::date) AS compared_value,
      coalesce(sum(c.value) FILTER (WHERE c.period < ${start}::date), 0) AS previous,
      max(last.p) AS last_period
    FROM ${routeCitizenshipMonthFrom(src)} CROSS JOIN last
    WHERE c.indicator_id = ${f.indicatorId} AND c.route = ${f.route} AND ${inClasses('c', f.classes)}
      AND c.period >= ${prevStart}::date AND c.period <= last.p
      AND (c.period >= ${start}::date OR c.period <= (last.p - interval '1 year'))
    GROUP BY c.citizenship
    HAVING sum(c.value) FILTER (WHERE c.period >= ${start}::date) IS NOT NULL
    ORDER BY value DESC, c.citizenship
    LIMIT ${f.limit}`;
}

/**
 * topCitizenshipsSql like for like (issue 14): the ranking keeps every published figure of the year, while
 * `compared_value` and `previous` sum only the (reporter, month) pairs with citizenship figures in both years,
 * so a state that has not reported yet this year does not read as a fall. Reads observations (the citizenship
 * rollup has no reporter), with the rollups' rules: published, current (or as of the cutoff), public or
 * dialogue, every other breakdown at the total.
 */
function topCitizenshipsLikeForLikeSql(f: TopCitizenshipsFilter): Sql {
  const start = `${f.year}-01-01`;
  const prevStart = `${f.year - 1}-01-01`;
  const next = `${f.year + 1}-01-01`;
  const src: Source = { cutoff: f.cutoff, breakdowns: f.breakdowns ?? [], dialogueId: f.dialogueId };
  return sql`WITH last AS (
      SELECT max(l.period) AS p FROM ${routeCitizenshipMonthFrom(src, 'l')}
      WHERE l.indicator_id = ${f.indicatorId} AND l.route = ${f.route} AND ${inClasses('l', f.classes)}
        AND l.period >= ${start}::date AND l.period < ${next}::date),
    cells AS (
      SELECT o.reporter_iso3 AS reporter, o.citizenship, o.period, o.value
      FROM observations o CROSS JOIN last
      WHERE ${vintageFilter('o', f.cutoff)} AND o.classification IN ('public', 'dialogue')
        ${f.dialogueId !== undefined ? sql`AND o.dialogue_id = ${f.dialogueId}` : empty}
        AND o.indicator_id = ${f.indicatorId} AND o.route = ${f.route} AND ${inClasses('o', f.classes)}
        AND o.citizenship <> ${TOTAL} ${otherBreakdownsTotal('o', f.breakdowns ?? [])}
        AND o.period >= ${prevStart}::date AND o.period <= last.p
        AND (o.period >= ${start}::date OR o.period <= (last.p - interval '1 year'))),
    pairs AS (
      SELECT reporter, extract(month FROM period)::int AS m FROM cells
      GROUP BY reporter, extract(month FROM period)::int
      HAVING count(DISTINCT extract(year FROM period)) = 2)
    SELECT c.citizenship,
      sum(c.value) FILTER (WHERE c.period >= ${start}::date) AS value,
      coalesce(sum(c.value) FILTER (WHERE c.period >= ${start}::date AND p.m IS NOT NULL), 0) AS compared_value,
      coalesce(sum(c.value) FILTER (WHERE c.period < ${start}::date AND p.m IS NOT NULL), 0) AS previous,
      max(last.p) AS last_period
    FROM cells c CROSS JOIN last
    LEFT JOIN pairs p ON p.reporter = c.reporter AND p.m = extract(month FROM c.period)::int
    GROUP BY c.citizenship
    HAVING sum(c.value) FILTER (WHERE c.period >= ${start}::date) IS NOT NULL
    ORDER BY value DESC, c.citizenship
    LIMIT ${f.limit}`;
}

export interface TopCitizenshipRow {
  citizenship: string;
  value: number;
  compared_value: number;
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
  cutoff?: string | null | undefined;
  breakdowns?: readonly string[];
  dialogueId?: number | undefined;
}

/** Totals of an indicator per route and month, for the given (visible) routes. */
export function routeMonthSql(f: RouteMonthFilter): Sql {
  const src: Source = { cutoff: f.cutoff, breakdowns: f.breakdowns ?? [], dialogueId: f.dialogueId };
  return sql`SELECT rm.route, rm.period, sum(rm.value) AS value FROM ${routeMonthFrom(src)}
    WHERE rm.indicator_id = ${f.indicatorId} AND rm.route = ANY(${[...f.routes]}::text[])
      AND ${inClasses('rm', f.classes)}
      ${periodBounds(sql`rm.period`, f.from, f.to)}
    GROUP BY rm.route, rm.period ORDER BY rm.route, rm.period`;
}

export interface RouteMonthRow {
  route: string;
  period: string;
  value: number | null;
}

export const queryRouteMonth = (db: Queryable, f: RouteMonthFilter) =>
  db.query<RouteMonthRow>(routeMonthSql(f));

// --- breakdown split (border type, sex, age group) ---------------------------------------------------------

/** The breakdowns the split shows, in this order. */
export const SPLIT_DIMENSIONS = ['border_type', 'sex', 'age_group'] as const;
export type SplitDimension = (typeof SPLIT_DIMENSIONS)[number];

export interface BreakdownFilter extends RouteChoice, DashboardRead {
  indicatorId: number;
  reporter?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Monthly totals split by border type, by sex and by age group: for each, the observations broken down by
 * that dimension alone (every other breakdown but the route at '_T'), so no figure counts twice.
 */
export function breakdownSql(f: BreakdownFilter): Sql {
  const dims = SPLIT_DIMENSIONS.filter((d) => f.breakdowns.includes(d));
  if (!dims.length)
    return sql`SELECT NULL::text AS dimension, NULL::text AS code, NULL::date AS period, NULL::numeric AS value
      WHERE false`;
  const base = sql`o.dialogue_id = ${f.dialogueId} AND o.indicator_id = ${f.indicatorId}
    AND ${routeCondition('o', f)} AND ${vintageFilter('o', f.cutoff)} AND ${inClasses('o', f.classes)}
    ${f.reporter !== undefined ? sql`AND o.reporter_iso3 = ${f.reporter}` : empty}
    ${periodBounds(sql`o.period`, f.from, f.to)}`;
  const parts = dims.map((d) => {
    const others = f.breakdowns.filter((c) => c !== 'route' && c !== d);
    return sql`SELECT ${d}::text AS dimension, ${raw(`o.${d}`)} AS code, o.period, o.value FROM observations o
      WHERE ${base} AND ${raw(`o.${d}`)} <> ${TOTAL}
        ${join(
          others.map((c) => sql`AND ${raw(`o.${c}`)} = ${TOTAL}`),
          ' ',
        )}`;
  });
  return sql`SELECT s.dimension, s.code, s.period, sum(s.value) AS value
    FROM (${join(parts, ' UNION ALL ')}) s
    GROUP BY s.dimension, s.code, s.period ORDER BY s.dimension, s.code, s.period`;
}

export interface BreakdownRow {
  dimension: SplitDimension;
  code: string;
  period: string;
  value: number | null;
}

export const queryBreakdown = (db: Queryable, f: BreakdownFilter) => db.query<BreakdownRow>(breakdownSql(f));

// --- reporting completeness --------------------------------------------------------------------------------

export interface CompletenessFilter extends DashboardRead {
  indicatorIds: readonly number[];
  from: string;
  to: string;
  /** The states that were members at some time in [from, to] (members service). */
  reporters: readonly string[];
}

/**
 * For every indicator and member state: how many months of [from, to] have a total published, and which
 * are missing. A month counts as reported when the state published a total for it (any route).
 */
export function completenessSql(f: CompletenessFilter): Sql {
  return sql`WITH months AS (
      SELECT generate_series(${day(f.from)}::date, ${day(f.to)}::date, interval '1 month')::date AS period),
    got AS (
      SELECT DISTINCT rm.indicator_id, rm.reporter_iso3, rm.period FROM ${routeMonthFrom(f)}
      WHERE rm.indicator_id = ANY(${[...f.indicatorIds]}::int[]) AND ${inClasses('rm', f.classes)}
        ${periodBounds(sql`rm.period`, f.from, f.to)})
    SELECT i.code AS indicator, s.country_iso3 AS reporter, count(got.period)::int AS reported,
      coalesce(array_agg(to_char(m.period, 'YYYY-MM') ORDER BY m.period) FILTER (WHERE got.period IS NULL),
        '{}') AS missing
    FROM indicators i
      CROSS JOIN unnest(${[...f.reporters]}::text[]) AS s(country_iso3)
      CROSS JOIN months m
      LEFT JOIN got ON got.indicator_id = i.id AND got.reporter_iso3 = s.country_iso3 AND got.period = m.period
    WHERE i.id = ANY(${[...f.indicatorIds]}::int[])
    GROUP BY i.code, s.country_iso3
    ORDER BY i.code, s.country_iso3`;
}

export interface CompletenessRow {
  indicator: string;
  reporter: string;
  reported: number;
  missing: string[];
}

export const queryCompleteness = (db: Queryable, f: CompletenessFilter) =>
  db.query<CompletenessRow>(completenessSql(f));

/** The latest month with a published total of any of the indicators (for default ranges). */
export async function queryLatestPeriod(
  db: Queryable,
  indicatorIds: readonly number[],
  read: DashboardRead,
): Promise<string | null> {
  const [row] = await db.query<{
    p: string | null;
  }>(sql`SELECT max(rm.period) AS p FROM ${routeMonthFrom(read)}
    WHERE rm.indicator_id = ANY(${[...indicatorIds]}::int[]) AND ${inClasses('rm', read.classes)}`);
  return row?.p ?? null;
}

// --- flows: citizenship → route → reporting country ---------------------------------------------------------

export interface FlowsFilter extends DashboardRead {
  indicatorId: number;
  /** Visible routes (or one route) to include; '_T' rows never enter a flow. */
  routes: readonly string[];
  from?: string | undefined;
  to?: string | undefined;
  /** Citizenships beyond the largest `limit` are summed as '_O' (other). */
  limit: number;
}

/**
 * The two layers of links of the flows diagram over a period range: citizenship → route (the citizenship
 * breakdown, summed over reporters; the `limit` largest citizenships by name, the rest as '_O') and route →
 * reporting state (the reporters' route totals). Both come from the rollups (or, for a past vintage, from
 * observations as of then), so the view costs what the other dashboard views cost.
 */
export function flowsSql(f: FlowsFilter): Sql {
  return sql`WITH cr AS (
      SELECT c.citizenship, c.route, sum(c.value) AS value FROM ${routeCitizenshipMonthFrom(f)}
      WHERE c.indicator_id = ${f.indicatorId} AND c.route = ANY(${[...f.routes]}::text[])
        AND ${inClasses('c', f.classes)} ${periodBounds(sql`c.period`, f.from, f.to)}
      GROUP BY c.citizenship, c.route),
    top AS (
      SELECT citizenship FROM cr GROUP BY citizenship
      ORDER BY sum(value) DESC NULLS LAST, citizenship LIMIT ${f.limit})
    SELECT 'citizenship' AS kind, CASE WHEN top.citizenship IS NULL THEN '_O' ELSE cr.citizenship END AS source,
      cr.route AS target, sum(cr.value) AS value
    FROM cr LEFT JOIN top ON top.citizenship = cr.citizenship
    GROUP BY 2, 3 HAVING sum(cr.value) > 0
    UNION ALL
    SELECT 'reporter', rm.route, rm.reporter_iso3::text, sum(rm.value) FROM ${routeMonthFrom(f)}
    WHERE rm.indicator_id = ${f.indicatorId} AND rm.route = ANY(${[...f.routes]}::text[])
      AND ${inClasses('rm', f.classes)} ${periodBounds(sql`rm.period`, f.from, f.to)}
    GROUP BY 2, 3 HAVING sum(rm.value) > 0
    ORDER BY 1, 4 DESC, 2, 3`;
}

export interface FlowRow {
  /** 'citizenship': citizenship → route; 'reporter': route → reporting state. */
  kind: 'citizenship' | 'reporter';
  source: string;
  target: string;
  value: number;
}

export const queryFlows = (db: Queryable, f: FlowsFilter) => db.query<FlowRow>(flowsSql(f));

// --- route shifts ------------------------------------------------------------------------------------------

export interface RouteShiftsFilter extends DashboardRead {
  indicatorId: number;
  routes: readonly string[];
  a: { from: string; to: string };
  b: { from: string; to: string };
  /** Citizenships with fewer detections in A and B together are left out (shares of tiny counts are noise). */
  minVolume: number;
  limit: number;
}

/**
 * Per citizenship, its distribution across routes in period A and in period B; the shift is the total
 * variation distance between the two (½ Σ |shareA − shareB|, 0 = same split, 1 = entirely different routes),
 * ranked by the shift weighted by volume (tvd × mean of the two totals ≈ detections that changed route).
 * Citizenships seen on one route only (no shift possible) are left out. One row per ranked citizenship and route.
 */
export function routeShiftsSql(f: RouteShiftsFilter): Sql {
  const inA = sql`c.period BETWEEN ${day(f.a.from)}::date AND ${day(f.a.to)}::date`;
  const inB = sql`c.period BETWEEN ${day(f.b.from)}::date AND ${day(f.b.to)}::date`;
  return sql`WITH x AS (
      SELECT c.citizenship, c.route,
        coalesce(sum(c.value) FILTER (WHERE ${inA}), 0) AS a,
        coalesce(sum(c.value) FILTER (WHERE ${inB}), 0) AS b
      FROM ${routeCitizenshipMonthFrom(f)}
      WHERE c.indicator_id = ${f.indicatorId} AND c.route = ANY(${[...f.routes]}::text[])
        AND ${inClasses('c', f.classes)} AND ((${inA}) OR (${inB}))
      GROUP BY c.citizenship, c.route),
    t AS (
      SELECT citizenship, sum(a) AS va, sum(b) AS vb FROM x GROUP BY citizenship
      HAVING sum(a) > 0 AND sum(b) > 0 AND sum(a) + sum(b) >= ${f.minVolume}),
    d AS (
      SELECT x.citizenship, t.va, t.vb, 0.5 * sum(abs(x.a / t.va - x.b / t.vb)) AS tvd
      FROM x JOIN t ON t.citizenship = x.citizenship GROUP BY x.citizenship, t.va, t.vb),
    r AS (
      SELECT citizenship, va, vb, tvd, tvd * (va + vb) / 2 AS score FROM d WHERE tvd > 0
      ORDER BY score DESC, citizenship LIMIT ${f.limit})
    SELECT r.citizenship, r.va AS volume_a, r.vb AS volume_b, r.tvd, r.score, x.route, x.a, x.b
    FROM r JOIN x ON x.citizenship = r.citizenship
    ORDER BY r.score DESC, r.citizenship, x.route`;
}

export interface RouteShiftRow {
  citizenship: string;
  volume_a: number;
  volume_b: number;
  tvd: number;
  score: number;
  route: string;
  a: number;
  b: number;
}

export const queryRouteShifts = (db: Queryable, f: RouteShiftsFilter) =>
  db.query<RouteShiftRow>(routeShiftsSql(f));

// --- compare routes or reporters ---------------------------------------------------------------------------

export interface CompareFilter extends RouteChoice, DashboardRead {
  indicatorId: number;
  by: 'route' | 'reporter';
  codes: readonly string[];
  from?: string | undefined;
  to?: string | undefined;
}

/** Monthly totals side by side: per route (codes = routes), or per reporting state (codes = ISO3). */
export function compareSql(f: CompareFilter): Sql {
  const key = f.by === 'route' ? sql`rm.route` : sql`rm.reporter_iso3`;
  const which =
    f.by === 'route'
      ? sql`rm.route = ANY(${[...f.codes]}::text[])`
      : sql`rm.reporter_iso3 = ANY(${[...f.codes]}::text[]) AND ${routeCondition('rm', f)}`;
  return sql`SELECT ${key} AS code, rm.period, sum(rm.value) AS value FROM ${routeMonthFrom(f)}
    WHERE rm.indicator_id = ${f.indicatorId} AND ${which} AND ${inClasses('rm', f.classes)}
      ${periodBounds(sql`rm.period`, f.from, f.to)}
    GROUP BY 1, rm.period ORDER BY 1, rm.period`;
}

export interface CompareRow {
  code: string;
  period: string;
  value: number | null;
}

export const queryCompare = (db: Queryable, f: CompareFilter) => db.query<CompareRow>(compareSql(f));

// --- choropleth: per reporting country ---------------------------------------------------------------------

export interface ChoroplethFilter extends RouteChoice, DashboardRead {
  indicatorId: number;
  from?: string | undefined;
  to?: string | undefined;
}

/** Totals of an indicator per reporting state and month (on one route or all visible ones), for the map. */
export function choroplethSql(f: ChoroplethFilter): Sql {
  return sql`SELECT rm.reporter_iso3 AS reporter, rm.period, sum(rm.value) AS value FROM ${routeMonthFrom(f)}
    WHERE rm.indicator_id = ${f.indicatorId} AND ${routeCondition('rm', f)} AND ${inClasses('rm', f.classes)}
      ${periodBounds(sql`rm.period`, f.from, f.to)}
    GROUP BY rm.reporter_iso3, rm.period ORDER BY rm.period, rm.reporter_iso3`;
}

export interface ChoroplethRow {
  reporter: string;
  period: string;
  value: number | null;
}

export const queryChoropleth = (db: Queryable, f: ChoroplethFilter) =>
  db.query<ChoroplethRow>(choroplethSql(f));

// --- reporter-month ----------------------------------------------------------------------------------------

export interface ReporterMonthFilter {
  dialogueId: number;
  reporter: string;
  period: string;
  classes: readonly Classification[];
  actor: MaybeActor;
  /** Breakdown columns of observations, DIMENSIONS. */
  breakdowns: readonly string[];
  cutoff?: string | null | undefined;
}

/** Every current, published figure of one reporter for one month, for indicators the actor may see. */
export function reporterMonthSql(f: ReporterMonthFilter): Sql {
  const cols = join(
    f.breakdowns.map((c) => raw(`o.${c}`)),
    ', ',
  );
  return sql`SELECT i.code AS indicator, ${cols}, o.value, o.flags, o.revision
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.reporter_iso3 = ${f.reporter} AND o.period = ${day(f.period)}::date AND ${vintageFilter('o', f.cutoff)}
      AND o.dialogue_id = ${f.dialogueId}
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
  await db.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.analyticsRefresh}, ${dialogueId})`);
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
