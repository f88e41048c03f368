/**
 * Route dashboards: monthly series, top citizenships with year-on-year change, route × month totals for the
 * map, and all figures of one reporter for one month.
 *
 * Breakdown split, reporting completeness, flows (citizenship → route → reporter), route shifts, compare and
 * the map's per-country figures come with them. Every view takes a vintage (`asOf`): the rollups hold only
 * current data, so a past vintage is read from observations with the as-of rule of vintages
 * (src/domain/observations/vintage-cutoff.ts).
 *
 * Who sees what: a dialogue that is not public is visible to its members only (others get 404). Figures
 * classified 'public' are shown to everyone who can see the dialogue, 'dialogue' figures to its members (any
 * role). Restricted and originator figures are not part of the dashboards. Only published, current
 * observations count. Totals are the observations whose other breakdowns are the SDMX total '_T', so a figure
 * is never counted twice.
 */
import type { Db, Queryable } from '../../db/connect';
import { readAsActor } from '../../db/with-actor';
import { likeForLike, pctChange, reportingOf } from '../../domain/analytics/like-for-like';
import { isPeriodExpected } from '../../domain/calendars/reporting-calendar';
import { isMemberIn, wasMemberInPeriod } from '../../domain/members/membership';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { vintageCutoff } from '../../domain/observations/vintage-cutoff';
import { addMonths, monthsBetween, periodRange } from '../../domain/periods';
import { continuous } from '../../domain/series/continuous';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import type { Ctx } from '../../shared/ctx';
import { Invalid, NotFound } from '../../shared/errors';
import { cacheTtlFromEnv, TtlCache } from '../../shared/ttl-cache';
import { sharedClassesVisibleTo } from '../../shared/visibility';
import { loadReportingCalendar } from '../calendars/calendars.service';
import { loadStateMemberships } from '../members/members.service';
import type {
  BreakdownQuery,
  BreakdownView,
  ChoroplethQuery,
  ChoroplethView,
  CompareQuery,
  CompareView,
  CompletenessQuery,
  CompletenessView,
  FlowsQuery,
  FlowsView,
  ReporterMonthQuery,
  ReporterMonthView,
  RouteMonthQuery,
  RouteMonthView,
  RouteShiftsQuery,
  RouteShiftsView,
  SeriesQuery,
  SeriesView,
  TopCitizenshipsQuery,
  TopCitizenshipsView,
} from './analytics.schema';
import {
  type AggregatePeriods,
  type AnalyticsScope,
  analyzeAggregates,
  type BreakdownRow,
  type DashboardRead,
  listKnownCountries,
  listVisibleIndicatorIds,
  listVisibleRouteCodes,
  lockAggregates,
  queryBreakdown,
  queryChoropleth,
  queryCompare,
  queryCompleteness,
  queryFlows,
  queryLatestPeriod,
  queryReporterMonth,
  queryRouteMonth,
  queryRouteShifts,
  querySeries,
  querySeriesReporterCells,
  queryTopCitizenships,
  rebuildRouteCitizenshipMonth,
  rebuildRouteMonth,
  resolveAnalyticsScope,
} from './analytics.sql';

/** Classifications of figures the actor may read in a dialogue's dashboards. */
export function dashboardClasses(actor: MaybeActor, dialogueId: number): Classification[] {
  return sharedClassesVisibleTo(actor, dialogueId);
}

const toPeriod = (d: string) => d.slice(0, 7);

/** The longest period range a view accepts (25 years). */
export const MAX_RANGE_MONTHS = 25 * 12;

/**
 * The vintage of a request: the instant to read raw observations at (ISO), or null to read the current
 * rollups (no asOf, or an asOf whose end is still ahead: nothing published since can be older than now).
 */
export function vintageOf(asOf: string | undefined, now = new Date()): string | null {
  if (!asOf) return null;
  const cut = vintageCutoff(asOf);
  return cut.getTime() > now.getTime() ? null : cut.toISOString();
}

type Codes = { indicator?: string; route?: string; citizenship?: string; reporter?: string };

// Which dialogue, indicator and route codes exist and are visible changes only through writes, so the look-up
// is cached briefly per database and caller (src/shared/ttl-cache.ts: cleared after any write request).
const scopeCaches = new WeakMap<object, TtlCache<AnalyticsScope>>();
async function resolveScopeCached(
  tx: Queryable,
  ctx: Ctx,
  slug: string,
  codes: Codes,
): Promise<AnalyticsScope | undefined> {
  let cache = scopeCaches.get(ctx.db);
  if (!cache) {
    cache = new TtlCache<AnalyticsScope>(cacheTtlFromEnv(), 5_000);
    scopeCaches.set(ctx.db, cache);
  }
  const a = ctx.actor;
  const who = a ? [a.userId, a.orgId, a.countryIso3, a.roles] : 'anonymous';
  const key = JSON.stringify([who, slug, codes.indicator, codes.route, codes.citizenship, codes.reporter]);
  const hit = cache.get(key);
  if (hit) return hit;
  const scope = await resolveAnalyticsScope(tx, ctx.actor, slug, codes);
  // Only complete answers are kept: a code not found (a route just created, read on a replica that has not
  // replayed it yet) must not keep answering 400 for the cache's lifetime.
  if (scope && isComplete(scope, codes)) cache.set(key, scope);
  return scope;
}

function isComplete(scope: AnalyticsScope, codes: Codes): boolean {
  return (
    (codes.indicator === undefined || scope.indicatorId !== null) &&
    (codes.route === undefined || scope.route !== null) &&
    scope.isCitizenshipKnown &&
    scope.isReporterKnown
  );
}

async function scopeOf(
  tx: Queryable,
  ctx: Ctx,
  slug: string,
  codes: Codes,
  needsIndicator = true,
): Promise<AnalyticsScope & { indicatorId: number }> {
  const scope = await resolveScopeCached(tx, ctx, slug, codes);
  if (!scope) throw new NotFound(`Dialogue "${slug}"`);
  const errors = [];
  if (needsIndicator && scope.indicatorId === null)
    errors.push({
      field: 'querystring.indicator',
      message: `no indicator "${codes.indicator}" in this dialogue`,
    });
  if (codes.route !== undefined && scope.route === null)
    errors.push({ field: 'querystring.route', message: `no route "${codes.route}" in this dialogue` });
  if (!scope.isCitizenshipKnown)
    errors.push({ field: 'querystring.citizenship', message: `unknown citizenship "${codes.citizenship}"` });
  if (!scope.isReporterKnown)
    errors.push({ field: 'querystring.reporter', message: `unknown country "${codes.reporter}"` });
  if (errors.length) throw new Invalid(errors);
  return scope as AnalyticsScope & { indicatorId: number };
}

/** A period range must run forwards and span at most 25 years. */
export function checkRange(
  from: string | undefined,
  to: string | undefined,
  fields: { from: string; to: string } = { from: 'from', to: 'to' },
) {
  if (from && to && from > to)
    throw new Invalid([
      { field: `querystring.${fields.to}`, message: `must not be before ${fields.from} (${from})` },
    ]);
  if (from && to && monthsBetween(from, to) >= MAX_RANGE_MONTHS)
    throw new Invalid([
      {
        field: `querystring.${fields.to}`,
        message: `the range may span at most ${MAX_RANGE_MONTHS / 12} years`,
      },
    ]);
}

const codesOf = <T extends Partial<Codes>>(q: T): Codes =>
  Object.fromEntries(
    (['indicator', 'route', 'citizenship', 'reporter'] as const)
      .filter((k) => q[k] !== undefined)
      .map((k) => [k, q[k]]),
  ) as Codes;

/**
 * One dashboard read, run as the actor: checks the codes asked for (scopeOf) and hands `read` their scope and
 * the common part of every view's filter (dialogue, vintage `asOf`, breakdown columns, classifications shown).
 */
async function readDashboard<T>(
  ctx: Ctx,
  slug: string,
  q: { codes: Codes; asOf: string | undefined; needsIndicator?: boolean },
  read: (tx: Queryable, scope: AnalyticsScope & { indicatorId: number }, base: DashboardRead) => Promise<T>,
): Promise<T> {
  const cutoff = vintageOf(q.asOf);
  const breakdowns = DIMENSIONS;
  return readAsActor(ctx, async (tx) => {
    const scope = await scopeOf(tx, ctx, slug, q.codes, q.needsIndicator);
    const classes = dashboardClasses(ctx.actor, scope.dialogueId);
    return read(tx, scope, { dialogueId: scope.dialogueId, classes, breakdowns, cutoff });
  });
}

/** The series query; callers inside the server may leave `comparison` out (like-for-like by default). */
type SeriesRequest = Omit<SeriesQuery, 'comparison'> & { comparison?: SeriesQuery['comparison'] };

export async function getSeries(ctx: Ctx, slug: string, q: SeriesRequest): Promise<SeriesView> {
  checkRange(q.from, q.to);
  const comparison = q.comparison ?? 'like_for_like';
  const read = await readDashboard(
    ctx,
    slug,
    { codes: codesOf(q), asOf: q.asOf },
    async (tx, scope, base) => {
      const filter = {
        ...base,
        indicatorId: scope.indicatorId,
        route: q.route,
        citizenship: q.citizenship,
        reporter: q.reporter,
        from: q.from,
        to: q.to,
      };
      const [rows, cells, calendar, memberships] = await Promise.all([
        querySeries(tx, filter),
        querySeriesReporterCells(tx, filter),
        loadReportingCalendar(tx, scope.dialogueId),
        loadStateMemberships(tx, scope.dialogueId),
      ]);
      return { rows, cells, calendar, memberships };
    },
  );
  const cells = read.cells.map((c) => ({
    reporter: c.reporter.trim(),
    period: toPeriod(c.period),
    value: Number(c.value),
  }));
  // Expected on this route: states that were members in the month (membership history) and that the calendar
  // expects, among those that report the route at all in the range read (a state never on a route is not
  // "missing" from it); one reporter when the series is one state's.
  const members = [...read.memberships.keys()].sort();
  const onRoute = new Set(cells.map((c) => c.reporter));
  const onRouteMembers = members.filter((m) => onRoute.has(m));
  const candidates =
    q.reporter !== undefined ? [q.reporter] : onRouteMembers.length ? onRouteMembers : members;
  const expectedIn = (p: string) =>
    candidates.filter(
      (r) => isMemberIn(read.memberships, r, p) && isPeriodExpected(read.calendar, r, q.indicator, p),
    );
  const raw = continuous(
    read.rows.map((r) => ({
      period: toPeriod(r.period),
      value: r.value,
      previous: r.previous,
      ytd: r.ytd,
      ytdPrevious: r.ytd_previous,
    })),
    (period) => ({ period, value: null, previous: null, ytd: null, ytdPrevious: null }),
    { from: q.from, to: q.to },
  );
  const lfl = likeForLike(
    cells,
    raw.map((p) => p.period),
  );
  return {
    indicator: q.indicator,
    route: q.route,
    citizenship: q.citizenship ?? null,
    reporter: q.reporter ?? null,
    asOf: q.asOf ?? null,
    comparison,
    // One point per month of the range: a month without figures is a gap, never skipped (issue 14).
    points: raw.map((p) => {
      const reporting = reportingOf(cells, p.period, expectedIn(p.period));
      const c = comparison === 'like_for_like' && p.status === 'reported' ? lfl.get(p.period)! : null;
      const cmp = c ?? { value: p.value, previous: p.previous, ytd: p.ytd, ytdPrevious: p.ytdPrevious };
      return {
        period: p.period,
        value: p.value,
        ...reporting,
        comparedValue: cmp.value,
        comparedReporters: c ? c.reporters : null,
        previous: cmp.previous,
        yoyPct: pctChange(cmp.value, cmp.previous),
        ytd: p.ytd,
        comparedYtd: cmp.ytd,
        ytdPrevious: cmp.ytdPrevious,
        ytdYoyPct: pctChange(cmp.ytd, cmp.ytdPrevious),
        status: p.status,
      };
    }),
  };
}

/** The top-citizenships query; callers inside the server may leave `comparison` out (like-for-like). */
type TopCitizenshipsRequest = Omit<TopCitizenshipsQuery, 'comparison'> & {
  comparison?: TopCitizenshipsQuery['comparison'];
};

export async function getTopCitizenships(
  ctx: Ctx,
  slug: string,
  q: TopCitizenshipsRequest,
): Promise<TopCitizenshipsView> {
  const comparison = q.comparison ?? 'like_for_like';
  const codes = { indicator: q.indicator, route: q.route };
  const rows = await readDashboard(ctx, slug, { codes, asOf: q.asOf }, (tx, scope, base) =>
    queryTopCitizenships(tx, {
      ...base,
      indicatorId: scope.indicatorId,
      route: q.route,
      year: q.year,
      limit: q.limit,
      comparison,
    }),
  );
  const last = rows[0]?.last_period;
  return {
    indicator: q.indicator,
    route: q.route,
    year: q.year,
    asOf: q.asOf ?? null,
    months: last ? { from: `${q.year}-01`, to: toPeriod(last) } : null,
    comparison,
    items: rows.map((r) => ({
      citizenship: r.citizenship,
      value: Number(r.value),
      comparedValue: Number(r.compared_value),
      previous: Number(r.previous),
      yoyPct: pctChange(Number(r.compared_value), Number(r.previous)),
    })),
  };
}

export async function getRouteMonth(ctx: Ctx, slug: string, q: RouteMonthQuery): Promise<RouteMonthView> {
  checkRange(q.from, q.to);
  const codes = { indicator: q.indicator };
  const rows = await readDashboard(ctx, slug, { codes, asOf: q.asOf }, async (tx, scope, base) => {
    const routes = await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId);
    return queryRouteMonth(tx, { ...base, indicatorId: scope.indicatorId, routes, from: q.from, to: q.to });
  });
  return {
    indicator: q.indicator,
    asOf: q.asOf ?? null,
    cells: rows.map((r) => ({ route: r.route, period: toPeriod(r.period), value: r.value })),
  };
}

export async function getReporterMonth(
  ctx: Ctx,
  slug: string,
  q: ReporterMonthQuery,
): Promise<ReporterMonthView> {
  const cutoff = vintageOf(q.asOf);
  const breakdowns = DIMENSIONS;
  const rows = await readAsActor(ctx, async (tx) => {
    const scope = await resolveScopeCached(tx, ctx, slug, {});
    if (!scope) throw new NotFound(`Dialogue "${slug}"`);
    return queryReporterMonth(tx, {
      dialogueId: scope.dialogueId,
      reporter: q.reporter,
      period: q.period,
      classes: dashboardClasses(ctx.actor, scope.dialogueId),
      actor: ctx.actor,
      breakdowns,
      cutoff,
    });
  });
  return {
    reporter: q.reporter,
    period: q.period,
    asOf: q.asOf ?? null,
    observations: rows.map((r) => ({
      indicator: r.indicator,
      breakdowns: Object.fromEntries(breakdowns.map((c) => [c, String(r[c])])),
      value: r.value,
      flags: r.flags,
      revision: r.revision,
    })),
  };
}

export async function getBreakdown(ctx: Ctx, slug: string, q: BreakdownQuery): Promise<BreakdownView> {
  checkRange(q.from, q.to);
  const read = { codes: codesOf(q), asOf: q.asOf };
  const rows: BreakdownRow[] = await readDashboard(ctx, slug, read, async (tx, scope, base) =>
    queryBreakdown(tx, {
      ...base,
      indicatorId: scope.indicatorId,
      route: q.route,
      hasRouteBreakdown: scope.hasRouteBreakdown,
      visibleRoutes: await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId),
      reporter: q.reporter,
      from: q.from,
      to: q.to,
    }),
  );
  const totals = new Map<string, { dimension: string; code: string; value: number }>();
  for (const r of rows) {
    const key = `${r.dimension}|${r.code}`;
    const t = totals.get(key) ?? { dimension: r.dimension, code: r.code, value: 0 };
    t.value += r.value ?? 0;
    totals.set(key, t);
  }
  return {
    indicator: q.indicator,
    route: q.route ?? null,
    reporter: q.reporter ?? null,
    asOf: q.asOf ?? null,
    totals: [...totals.values()].sort(
      (a, b) => a.dimension.localeCompare(b.dimension) || b.value - a.value || a.code.localeCompare(b.code),
    ),
    cells: rows.map((r) => ({ ...r, period: toPeriod(r.period) })),
  };
}

export async function getCompleteness(
  ctx: Ctx,
  slug: string,
  q: CompletenessQuery,
): Promise<CompletenessView> {
  checkRange(q.from, q.to);
  const read = { codes: codesOf(q), asOf: q.asOf, needsIndicator: q.indicator !== undefined };
  return readDashboard(ctx, slug, read, async (tx, scope, base) => {
    const indicatorIds =
      q.indicator !== undefined
        ? [scope.indicatorId]
        : await listVisibleIndicatorIds(tx, ctx.actor, scope.dialogueId);
    const range = indicatorIds.length
      ? await rangeWithDefault(q, () => queryLatestPeriod(tx, indicatorIds, base))
      : null;
    if (!range) return { asOf: q.asOf ?? null, from: null, to: null, periods: [], rows: [] };
    const { from, to } = range;
    checkRange(from, to);
    // The states that were members at some time in the range (a state that left is still listed for the
    // months it was a member in); months it was not a member in, or that the reporting calendar does not
    // expect from it, are not "missing" (a dialogue without a calendar expects every month of membership).
    const memberships = await loadStateMemberships(tx, scope.dialogueId);
    const periods = periodRange(from, to);
    const reporters = [...memberships]
      .filter(([, ps]) => periods.some((p) => wasMemberInPeriod(ps, p)))
      .map(([r]) => r);
    const rows = await queryCompleteness(tx, { ...base, indicatorIds, from, to, reporters });
    const calendar = await loadReportingCalendar(tx, scope.dialogueId);
    return {
      asOf: q.asOf ?? null,
      from,
      to,
      periods,
      rows: rows.map((r) => {
        const reporter = r.reporter.trim();
        const expected = (p: string) =>
          isMemberIn(memberships, reporter, p) && isPeriodExpected(calendar, reporter, r.indicator, p);
        return {
          ...r,
          reporter,
          missing: r.missing.filter(expected),
          notExpected: periods.filter((p) => !expected(p)),
        };
      }),
    };
  });
}

/**
 * A period range with defaults: as given; `to` alone → the `months` up to it; `from` alone → up to the
 * latest month with data; neither → the `months` up to the latest month with data. Null without data.
 */
async function rangeWithDefault(
  q: { from?: string | undefined; to?: string | undefined },
  latest: () => Promise<string | null>,
  months = 12,
): Promise<{ from: string; to: string } | null> {
  let { from, to } = q;
  if (!to) {
    const l = await latest();
    if (!l) return null;
    to = toPeriod(l);
    if (from && from > to) to = from;
  }
  from ??= addMonths(to, -(months - 1));
  return { from, to };
}

export async function getFlows(ctx: Ctx, slug: string, q: FlowsQuery): Promise<FlowsView> {
  checkRange(q.from, q.to);
  const read = { codes: codesOf(q), asOf: q.asOf };
  const { rows, range } = await readDashboard(ctx, slug, read, async (tx, scope, base) => {
    const range = await rangeWithDefault(q, () => queryLatestPeriod(tx, [scope.indicatorId], base));
    if (!range) return { rows: [], range };
    const routes =
      q.route !== undefined ? [q.route] : await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId);
    const rows = await queryFlows(tx, {
      ...base,
      indicatorId: scope.indicatorId,
      routes,
      from: range.from,
      to: range.to,
      limit: q.limit,
    });
    return { rows, range };
  });
  return {
    indicator: q.indicator,
    route: q.route ?? null,
    asOf: q.asOf ?? null,
    from: range?.from ?? null,
    to: range?.to ?? null,
    total: rows.filter((r) => r.kind === 'citizenship').reduce((s, r) => s + r.value, 0),
    links: rows.map((r) => ({ ...r, target: r.target.trim() })),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function getRouteShifts(ctx: Ctx, slug: string, q: RouteShiftsQuery): Promise<RouteShiftsView> {
  checkRange(q.aFrom, q.aTo, { from: 'aFrom', to: 'aTo' });
  checkRange(q.bFrom, q.bTo, { from: 'bFrom', to: 'bTo' });
  const read = { codes: { indicator: q.indicator }, asOf: q.asOf };
  const { rows, a, b } = await readDashboard(ctx, slug, read, async (tx, scope, base) => {
    const b = await rangeWithDefault({ from: q.bFrom, to: q.bTo }, () =>
      queryLatestPeriod(tx, [scope.indicatorId], base),
    );
    if (!b) return { rows: [], a: null, b: null };
    const length = monthsBetween(b.from, b.to) + 1;
    const a = {
      from: q.aFrom ?? addMonths(b.from, -length),
      to: q.aTo ?? (q.aFrom ? addMonths(q.aFrom, length - 1) : addMonths(b.from, -1)),
    };
    checkRange(a.from, a.to, { from: 'aFrom', to: 'aTo' });
    const rows = await queryRouteShifts(tx, {
      ...base,
      indicatorId: scope.indicatorId,
      routes: await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId),
      a,
      b,
      minVolume: q.minVolume,
      limit: q.limit,
    });
    return { rows, a, b };
  });
  const items: RouteShiftsView['items'] = [];
  for (const r of rows) {
    let item = items.at(-1);
    if (item?.citizenship !== r.citizenship) {
      item = {
        citizenship: r.citizenship,
        volumeA: r.volume_a,
        volumeB: r.volume_b,
        tvd: round(r.tvd, 4),
        score: round(r.score, 1),
        routes: [],
      };
      items.push(item);
    }
    item.routes.push({
      route: r.route,
      a: r.a,
      b: r.b,
      shareA: round(r.a / r.volume_a, 4),
      shareB: round(r.b / r.volume_b, 4),
    });
  }
  return {
    indicator: q.indicator,
    asOf: q.asOf ?? null,
    a,
    b,
    items,
  };
}

export async function getCompare(ctx: Ctx, slug: string, q: CompareQuery): Promise<CompareView> {
  checkRange(q.from, q.to);
  const rows = await readDashboard(
    ctx,
    slug,
    { codes: codesOf(q), asOf: q.asOf },
    async (tx, scope, base) => {
      const visibleRoutes = await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId);
      if (q.by === 'route') {
        const unknown = q.codes.filter((c) => !visibleRoutes.includes(c));
        if (unknown.length)
          throw new Invalid([
            { field: 'querystring.codes', message: `no route ${unknown.join(', ')} in this dialogue` },
          ]);
      } else {
        const known = await listKnownCountries(tx, q.codes);
        const unknown = q.codes.filter((c) => !known.includes(c));
        if (unknown.length)
          throw new Invalid([
            { field: 'querystring.codes', message: `unknown country ${unknown.join(', ')}` },
          ]);
      }
      return queryCompare(tx, {
        ...base,
        indicatorId: scope.indicatorId,
        by: q.by,
        codes: q.codes,
        route: q.route,
        hasRouteBreakdown: scope.hasRouteBreakdown,
        visibleRoutes,
        from: q.from,
        to: q.to,
      });
    },
  );
  return {
    indicator: q.indicator,
    by: q.by,
    asOf: q.asOf ?? null,
    series: q.codes.map((code) => {
      const points = rows
        .filter((r) => r.code.trim() === code)
        .map((r) => ({ period: toPeriod(r.period), value: r.value }));
      return { code, total: points.reduce((s, p) => s + (p.value ?? 0), 0), points };
    }),
  };
}

export async function getChoropleth(ctx: Ctx, slug: string, q: ChoroplethQuery): Promise<ChoroplethView> {
  checkRange(q.from, q.to);
  const rows = await readDashboard(ctx, slug, { codes: codesOf(q), asOf: q.asOf }, async (tx, scope, base) =>
    queryChoropleth(tx, {
      ...base,
      indicatorId: scope.indicatorId,
      route: q.route,
      hasRouteBreakdown: scope.hasRouteBreakdown,
      visibleRoutes: await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId),
      from: q.from,
      to: q.to,
    }),
  );
  const cells = rows.map((r) => ({
    reporter: r.reporter.trim(),
    period: toPeriod(r.period),
    value: r.value,
  }));
  const totals = new Map<string, number>();
  for (const c of cells) totals.set(c.reporter, (totals.get(c.reporter) ?? 0) + (c.value ?? 0));
  return {
    indicator: q.indicator,
    route: q.route ?? null,
    asOf: q.asOf ?? null,
    periods: [...new Set(cells.map((c) => c.period))],
    cells,
    totals: [...totals].map(([reporter, value]) => ({ reporter, value })).sort((a, b) => b.value - a.value),
  };
}

export interface AggregateScope {
  /** First period (YYYY-MM) to rebuild; all periods from the start when absent. */
  from?: string;
  /** Last period (YYYY-MM) to rebuild, included; all periods to the end when absent. */
  to?: string;
}

export interface RefreshResult {
  routeMonthRows: number;
  routeCitizenshipMonthRows: number;
}

/**
 * Rebuilds the dashboard rollups (obs_route_month, obs_route_citizenship_month) of one dialogue from its
 * published, current observations, for all periods or those in `scope`. Call it after publishing data,
 * inside the publishing transaction (pass the transaction) or on its own (pass the Db: it opens one).
 * Concurrent refreshes of one dialogue are serialised by an advisory lock.
 */
export async function refreshAggregates(
  db: Db | Queryable,
  dialogueId: number,
  scope: AggregateScope = {},
): Promise<RefreshResult> {
  const periods: AggregatePeriods = { from: scope.from, to: scope.to };
  for (const [field, p] of Object.entries(periods))
    if (p !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(p))
      throw new Invalid([{ field, message: 'must be a month written YYYY-MM' }]);
  const run = async (tx: Queryable): Promise<RefreshResult> => {
    await lockAggregates(tx, dialogueId);
    const breakdowns = DIMENSIONS;
    const routeMonthRows = await rebuildRouteMonth(tx, dialogueId, periods, breakdowns);
    const routeCitizenshipMonthRows = await rebuildRouteCitizenshipMonth(tx, dialogueId, periods, breakdowns);
    await analyzeAggregates(tx);
    return { routeMonthRows, routeCitizenshipMonthRows };
  };
  return 'transaction' in db ? db.transaction(run) : run(db);
}
