/**
 * The public portal's use cases: a dialogue's overview, one route's monthly figures, downloads and the release
 * calendar. Fed only by the public table (sdmx service, readPublicTable): public dialogues, public indicators and
 * routes, published current figures after disclosure control (primary and secondary suppression; a withheld
 * figure has no value and its SDMX CONF_STATUS C or D). Whoever asks gets the same answer.
 */
import { TOTAL_CODE } from '../../domain/observations/dimensions';
import { SdmxFault } from '../../domain/sdmx/sdmx-query';
import type { Names, SdmxStructure } from '../../domain/sdmx/sdmx-structure';
import type { Ctx } from '../../shared/ctx';
import { NotFound } from '../../shared/errors';
import {
  type PublicFigure,
  type PublicTable,
  publicAnswer,
  readPublicSdmxCsv,
  readPublicTable,
} from '../sdmx/sdmx.service';
import { listUpcomingReleases } from '../submissions/submissions.service';
import { type DownloadFile, renderDownload } from './portal.export';
import type {
  PortalDownloadQuery,
  PortalOverview,
  PortalRelease,
  PortalReleasesView,
  PortalRouteQuery,
  PortalRouteView,
} from './portal.schema';

type Coded = { code: string; names: Names; unit: string | null };

function codesOf(structure: SdmxStructure, prefix: string): Coded[] {
  const list = structure.codelists.find((c) => c.id.startsWith(prefix));
  return (list?.codes ?? [])
    .filter((c) => c.id !== TOTAL_CODE)
    .map((c) => ({
      code: c.id,
      names: c.names,
      unit: c.annotations?.find((a) => a.type === 'UNIT')?.text ?? null,
    }));
}

const indicatorsOf = (s: SdmxStructure) => codesOf(s, 'CL_INDICATOR_');
const routeCodesOf = (s: SdmxStructure) => codesOf(s, 'CL_ROUTE_');
const areaNames = (s: SdmxStructure) => new Map(codesOf(s, 'CL_AREA').map((c) => [c.code, c.names] as const));

/** A figure whose breakdowns other than the route are all totals (one route's headline figure). */
const isRouteTotal = (f: PublicFigure) =>
  Object.entries(f.breakdowns).every(([d, c]) => d === 'route' || c === TOTAL_CODE);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The sum over reporting states of one indicator, route and month, as protected with the table. */
function routeMonthTotal(
  t: PublicTable,
  indicator: string,
  route: string,
  period: string,
  cells: PublicFigure[],
) {
  const derived = t.totals.find(
    (x) =>
      x.key.reporter === '*' &&
      x.key.indicator === indicator &&
      x.key.period === period &&
      x.key.route === route &&
      Object.entries(x.key).every(
        ([d, c]) => ['reporter', 'indicator', 'period', 'route'].includes(d) || c === TOTAL_CODE,
      ),
  );
  // The derived total holds the true sum (withheld parts included); without one, only a sum of free figures.
  const withheld = derived ? derived.status !== null : cells.some((c) => c.value === null);
  const value = derived ? derived.value : cells.reduce((s, c) => s + (c.value ?? 0), 0);
  return {
    value: withheld ? null : value,
    obsStatus: cells.every((c) => c.obsStatus === 'A') ? 'A' : 'E',
    confStatus: withheld ? ('D' as const) : ('F' as const),
  };
}

/** The figures of one route and indicator (route totals), by month then reporter. */
function routeMonths(t: PublicTable, indicator: string, route: string) {
  const byPeriod = new Map<string, PublicFigure[]>();
  for (const f of t.figures)
    if (
      f.indicator === indicator &&
      f.breakdowns.route === route &&
      isRouteTotal(f) &&
      f.reporter !== TOTAL_CODE
    )
      byPeriod.set(f.period, [...(byPeriod.get(f.period) ?? []), f]);
  return [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, cells]) => ({
      period,
      total: routeMonthTotal(t, indicator, route, period, cells),
      cells: cells
        .sort((a, b) => a.reporter.localeCompare(b.reporter))
        .map((c) => ({
          reporter: c.reporter,
          value: c.value,
          obsStatus: c.obsStatus,
          confStatus: c.confStatus,
        })),
    }));
}

/** Publications of the public figures, one per reporter and publication time. */
function pastReleases(t: PublicTable): PortalRelease[] {
  const names = areaNames(t.structure);
  const byKey = new Map<string, { at: Date; reporter: string; indicators: Set<string>; periods: string[] }>();
  for (const f of t.figures) {
    const key = `${f.reporter}|${f.publishedAt.toISOString()}`;
    const r = byKey.get(key) ?? {
      at: f.publishedAt,
      reporter: f.reporter,
      indicators: new Set(),
      periods: [],
    };
    r.indicators.add(f.indicator);
    r.periods.push(f.period);
    byKey.set(key, r);
  }
  return [...byKey.values()]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((r) => {
      const periods = [...r.periods].sort();
      return {
        at: r.at.toISOString(),
        timeZone: 'UTC',
        reporter: r.reporter,
        reporterName: names.get(r.reporter)?.en ?? r.reporter,
        indicators: [...r.indicators].sort(),
        periods: { from: periods[0]!, to: periods[periods.length - 1]! },
        status: 'published' as const,
      };
    });
}

/**
 * Releases scheduled for later (embargoed submissions), read as the public: only their public indicators, and
 * none whose indicators are all hidden (its existence would tell of a restricted indicator).
 */
async function upcomingReleases(ctx: Ctx, t: PublicTable): Promise<PortalRelease[]> {
  const publicIndicators = new Set(indicatorsOf(t.structure).map((i) => i.code));
  const names = areaNames(t.structure);
  const out: PortalRelease[] = [];
  for (const r of await listUpcomingReleases(ctx.db, null, t.dialogue.id)) {
    const indicators = r.indicators.filter((c) => publicIndicators.has(c));
    if (!indicators.length) continue;
    out.push({
      at: r.releaseAt,
      timeZone: r.timeZone,
      reporter: r.reporter,
      reporterName: names.get(r.reporter)?.en ?? r.reporter,
      indicators,
      periods: r.periods,
      status: 'scheduled',
    });
  }
  return out;
}

/*
 * Every use case below gives every caller the same answer, so each is computed once per public view and
 * served from memory until a write clears the view (publicAnswer in the sdmx service).
 */

export function getOverview(ctx: Ctx, slug: string): Promise<PortalOverview> {
  return publicAnswer(ctx, slug, 'portal-overview', () => overview(ctx, slug));
}

export function getRouteFigures(
  ctx: Ctx,
  slug: string,
  routeCode: string,
  q: PortalRouteQuery,
): Promise<PortalRouteView> {
  return publicAnswer(ctx, slug, `portal-route|${routeCode}|${q.indicator ?? ''}`, () =>
    routeFigures(ctx, slug, routeCode, q),
  );
}

export function getReleases(ctx: Ctx, slug: string): Promise<PortalReleasesView> {
  return publicAnswer(ctx, slug, 'portal-releases', () => releases(ctx, slug));
}

export function getDownload(
  ctx: Ctx,
  slug: string,
  indicatorCode: string,
  q: PortalDownloadQuery,
): Promise<DownloadFile> {
  return publicAnswer(ctx, slug, `portal-download|${indicatorCode}|${q.format}`, () =>
    download(ctx, slug, indicatorCode, q),
  );
}

async function overview(ctx: Ctx, slug: string): Promise<PortalOverview> {
  const t = await readPublicTable(ctx, slug, null);
  const indicators = indicatorsOf(t.structure);
  const withFigures = new Set(t.figures.map((f) => f.indicator));
  const headline = indicators.find((i) => withFigures.has(i.code))?.code ?? null;
  const periods = t.figures.map((f) => f.period).sort();
  const reporters = [...new Set(t.figures.map((f) => f.reporter))].sort();
  const names = areaNames(t.structure);
  return {
    slug: t.dialogue.slug,
    name: t.structure.dialogueName,
    dataAsPublishedOn: iso(t.lastPublished),
    disclosureThreshold: t.threshold,
    periods: periods.length ? { from: periods[0]!, to: periods[periods.length - 1]! } : null,
    indicators,
    reporters: reporters.map((code) => ({ code, names: names.get(code) ?? { en: code } })),
    routes: routeCodesOf(t.structure).map((r) => {
      const months = headline ? routeMonths(t, headline, r.code) : [];
      const last = months[months.length - 1];
      return {
        code: r.code,
        names: r.names,
        latest: last && headline ? { indicator: headline, period: last.period, ...last.total } : null,
      };
    }),
    upcomingReleases: await upcomingReleases(ctx, t),
  };
}

async function routeFigures(
  ctx: Ctx,
  slug: string,
  routeCode: string,
  q: PortalRouteQuery,
): Promise<PortalRouteView> {
  const t = await readPublicTable(ctx, slug, q.indicator ? [q.indicator] : null);
  const route = routeCodesOf(t.structure).find((r) => r.code === routeCode);
  if (!route) throw new NotFound(`Route "${routeCode}"`);
  const onRoute = new Set(t.figures.filter((f) => f.breakdowns.route === routeCode).map((f) => f.indicator));
  const all = indicatorsOf(t.structure);
  const indicator = q.indicator
    ? all.find((i) => i.code === q.indicator)
    : (all.find((i) => onRoute.has(i.code)) ?? all[0]);
  if (!indicator) throw new NotFound(`Indicator "${q.indicator ?? ''}"`);
  const months = routeMonths(t, indicator.code, routeCode);
  return {
    slug: t.dialogue.slug,
    route: { code: route.code, names: route.names },
    indicator: { code: indicator.code, names: indicator.names },
    indicators: all.filter((i) => onRoute.has(i.code)).map((i) => i.code),
    dataAsPublishedOn: iso(t.lastPublished),
    reporters: [...new Set(months.flatMap((m) => m.cells.map((c) => c.reporter)))].sort(),
    months,
  };
}

async function releases(ctx: Ctx, slug: string): Promise<PortalReleasesView> {
  const t = await readPublicTable(ctx, slug, null);
  return { slug: t.dialogue.slug, upcoming: await upcomingReleases(ctx, t), past: pastReleases(t) };
}

/** Every public figure of one indicator as CSV, XLSX (withheld cells empty, with their status) or SDMX-CSV. */
async function download(
  ctx: Ctx,
  slug: string,
  indicatorCode: string,
  q: PortalDownloadQuery,
): Promise<DownloadFile> {
  const t = await readPublicTable(ctx, slug, [indicatorCode]);
  if (!indicatorsOf(t.structure).some((i) => i.code === indicatorCode))
    throw new NotFound(`Indicator "${indicatorCode}"`);
  const base = `${t.dialogue.slug}-${indicatorCode}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (q.format === 'sdmx-csv') {
    const r = await readPublicSdmxCsv(ctx, slug, indicatorCode).catch((e: unknown) => {
      // No figure: an SDMX 404 "no results"; the download is then the header alone.
      if (e instanceof SdmxFault && e.sdmxCode === 100) return null;
      throw e;
    });
    return {
      contentType: 'application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8',
      fileName: `${base}.sdmx.csv`,
      body: r?.body ?? '',
    };
  }
  return renderDownload(t, indicatorCode, q.format, base);
}
