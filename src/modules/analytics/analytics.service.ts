/**
 * Route dashboards: monthly series, top citizenships with year-on-year change, route × month totals for the
 * map, and all figures of one reporter for one month.
 *
 * Who sees what: a dialogue that is not public is visible to its members only (others get 404). Figures
 * classified 'public' are shown to everyone who can see the dialogue, 'dialogue' figures to its members (any
 * role). Restricted and originator figures are not part of the dashboards. Only published, current
 * observations count. Totals are the observations whose other breakdowns are the SDMX total '_T', so a figure
 * is never counted twice.
 */
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import type { Ctx } from '../../server/context';
import { isMember, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { Invalid, NotFound } from '../../shared/errors';
import type {
  ReporterMonthQuery,
  ReporterMonthView,
  RouteMonthQuery,
  RouteMonthView,
  SeriesQuery,
  SeriesView,
  TopCitizenshipsQuery,
  TopCitizenshipsView,
} from './analytics.schema';
import {
  type AggregatePeriods,
  type AnalyticsScope,
  analyzeAggregates,
  listBreakdownColumns,
  listVisibleRouteCodes,
  lockAggregates,
  queryReporterMonth,
  queryRouteMonth,
  querySeries,
  queryTopCitizenships,
  rebuildRouteCitizenshipMonth,
  rebuildRouteMonth,
  resolveAnalyticsScope,
} from './analytics.sql';

/** Classifications of figures the actor may read in a dialogue's dashboards. */
export function dashboardClasses(actor: MaybeActor, dialogueId: number): Classification[] {
  return isMember(actor, dialogueId) ? ['public', 'dialogue'] : ['public'];
}

const toPeriod = (d: string) => d.slice(0, 7);

// Breakdown columns of observations per database (migrations add some); read once per Db.
const breakdownsByDb = new WeakMap<object, Promise<string[]>>();
export function breakdownColumns(db: Db | Queryable): Promise<string[]> {
  let found = breakdownsByDb.get(db);
  if (!found) {
    found = listBreakdownColumns(db);
    found.catch(() => breakdownsByDb.delete(db));
    breakdownsByDb.set(db, found);
  }
  return found;
}

async function scopeOf(
  tx: Queryable,
  ctx: Ctx,
  slug: string,
  codes: { indicator?: string; route?: string },
): Promise<AnalyticsScope & { indicatorId: number }> {
  const scope = await resolveAnalyticsScope(tx, ctx.actor, slug, codes);
  if (!scope) throw new NotFound(`Dialogue "${slug}"`);
  const errors = [];
  if (scope.indicatorId === null)
    errors.push({
      field: 'querystring.indicator',
      message: `no indicator "${codes.indicator}" in this dialogue`,
    });
  if (codes.route !== undefined && scope.route === null)
    errors.push({ field: 'querystring.route', message: `no route "${codes.route}" in this dialogue` });
  if (errors.length) throw new Invalid(errors);
  return scope as AnalyticsScope & { indicatorId: number };
}

function checkRange(from: string | undefined, to: string | undefined) {
  if (from && to && from > to)
    throw new Invalid([{ field: 'querystring.to', message: `must not be before from (${from})` }]);
}

export async function getSeries(ctx: Ctx, slug: string, q: SeriesQuery): Promise<SeriesView> {
  checkRange(q.from, q.to);
  const breakdowns = await breakdownColumns(ctx.db);
  const rows = await withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await scopeOf(tx, ctx, slug, { indicator: q.indicator, route: q.route });
    return querySeries(tx, {
      indicatorId: scope.indicatorId,
      route: q.route,
      citizenship: q.citizenship,
      reporter: q.reporter,
      from: q.from,
      to: q.to,
      classes: dashboardClasses(ctx.actor, scope.dialogueId),
      breakdowns,
    });
  });
  return {
    indicator: q.indicator,
    route: q.route,
    citizenship: q.citizenship ?? null,
    reporter: q.reporter ?? null,
    points: rows.map((r) => ({ period: toPeriod(r.period), value: r.value })),
  };
}

export async function getTopCitizenships(
  ctx: Ctx,
  slug: string,
  q: TopCitizenshipsQuery,
): Promise<TopCitizenshipsView> {
  const rows = await withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await scopeOf(tx, ctx, slug, { indicator: q.indicator, route: q.route });
    return queryTopCitizenships(tx, {
      indicatorId: scope.indicatorId,
      route: q.route,
      year: q.year,
      limit: q.limit,
      classes: dashboardClasses(ctx.actor, scope.dialogueId),
    });
  });
  const last = rows[0]?.last_period;
  return {
    indicator: q.indicator,
    route: q.route,
    year: q.year,
    months: last ? { from: `${q.year}-01`, to: toPeriod(last) } : null,
    items: rows.map((r) => ({
      citizenship: r.citizenship,
      value: r.value,
      previous: r.previous,
      yoyPct: r.previous > 0 ? Math.round(((r.value - r.previous) / r.previous) * 1000) / 10 : null,
    })),
  };
}

export async function getRouteMonth(ctx: Ctx, slug: string, q: RouteMonthQuery): Promise<RouteMonthView> {
  checkRange(q.from, q.to);
  const rows = await withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await scopeOf(tx, ctx, slug, { indicator: q.indicator });
    const routes = await listVisibleRouteCodes(tx, ctx.actor, scope.dialogueId);
    return queryRouteMonth(tx, {
      indicatorId: scope.indicatorId,
      routes,
      from: q.from,
      to: q.to,
      classes: dashboardClasses(ctx.actor, scope.dialogueId),
    });
  });
  return {
    indicator: q.indicator,
    cells: rows.map((r) => ({ route: r.route, period: toPeriod(r.period), value: r.value })),
  };
}

export async function getReporterMonth(
  ctx: Ctx,
  slug: string,
  q: ReporterMonthQuery,
): Promise<ReporterMonthView> {
  const breakdowns = await breakdownColumns(ctx.db);
  const rows = await withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await resolveAnalyticsScope(tx, ctx.actor, slug, {});
    if (!scope) throw new NotFound(`Dialogue "${slug}"`);
    return queryReporterMonth(tx, {
      dialogueId: scope.dialogueId,
      reporter: q.reporter,
      period: q.period,
      classes: dashboardClasses(ctx.actor, scope.dialogueId),
      actor: ctx.actor,
      breakdowns,
    });
  });
  return {
    reporter: q.reporter,
    period: q.period,
    observations: rows.map((r) => ({
      indicator: r.indicator,
      breakdowns: Object.fromEntries(breakdowns.map((c) => [c, String(r[c])])),
      value: r.value,
      flags: r.flags,
      revision: r.revision,
    })),
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
    const breakdowns = await listBreakdownColumns(tx);
    const routeMonthRows = await rebuildRouteMonth(tx, dialogueId, periods, breakdowns);
    const routeCitizenshipMonthRows = await rebuildRouteCitizenshipMonth(tx, dialogueId, periods, breakdowns);
    await analyzeAggregates(tx);
    return { routeMonthRows, routeCitizenshipMonthRows };
  };
  return 'transaction' in db ? db.transaction(run) : run(db);
}
