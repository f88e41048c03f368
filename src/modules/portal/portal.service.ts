/**
 * The public portal's use cases: a dialogue's overview, one route's monthly figures, downloads and the release
 * calendar. Fed only by the public table (sdmx service, readPublicTable): public dialogues, public indicators and
 * routes, published current figures after disclosure control (primary and secondary suppression; a withheld
 * figure has no value and its SDMX CONF_STATUS C or D). Whoever asks gets the same answer.
 */

import { readAsActor } from '../../db/with-actor';
import { TOTAL_CODE } from '../../domain/observations/dimensions';
import { portalMapMessages } from '../../domain/portal/map-messages';
import { latestMapPeriod, mapPeriods, mapValues } from '../../domain/portal/map-values';
import { type PageMeta, type SitemapEntry, shorten } from '../../domain/portal/page-meta';
import { nameIn, previewTexts } from '../../domain/portal/page-meta-texts';
import { PREVIEW_CARD, type PreviewCard, previewCardHtml } from '../../domain/portal/preview-card';
import { publicKeyFigures } from '../../domain/portal/profile-figures';
import { SdmxFault } from '../../domain/sdmx/sdmx-query';
import type { Names, SdmxStructure } from '../../domain/sdmx/sdmx-structure';
import type { Ctx } from '../../shared/ctx';
import { Invalid, NotFound } from '../../shared/errors';
import type { FileDownload } from '../../shared/file-reply';
import { LOCALES, type Locale } from '../../shared/locales';
import { TtlCache } from '../../shared/ttl-cache';
import type { AgreementView } from '../agreements/agreements.schema';
import { getPublicAgreement, listPublicAgreements } from '../agreements/agreements.service';
import { listDialogues } from '../dialogues/dialogues.service';
import type { DocumentSummaryView } from '../documents/documents.schema';
import { getDocument, listLibrary } from '../documents/documents.service';
import { listRouteDefinitions } from '../migratory-routes/migratory-routes.service';
import type { NoticeSummaryView } from '../notices/notices.schema';
import { getNotice, listNoticeFeed } from '../notices/notices.service';
import { downloadPracticeFile, listPracticeFiles } from '../practices/practices.attachments';
import type { PracticeSummaryView, PracticeView } from '../practices/practices.schema';
import { getPractice, listPractices } from '../practices/practices.service';
import { listPublicProfiles, publicProfile } from '../profiles/profiles.service';
import { listCountries } from '../reference/reference.service';
import { renderPng } from '../reports/reports.pdf';
import {
  type PublicFigure,
  type PublicTable,
  publicAnswer,
  readPublicSdmxCsv,
  readPublicTable,
  routeLevel,
} from '../sdmx/sdmx.service';
import { listUpcomingReleases } from '../submissions/submissions.service';
import { type DownloadFile, renderDownload } from './portal.export';
import type {
  PortalAgreement,
  PortalAgreementList,
  PortalAgreementQuery,
  PortalAgreementView,
  PortalDocument,
  PortalDocumentList,
  PortalDocumentView,
  PortalDownloadQuery,
  PortalMapQuery,
  PortalMapView,
  PortalNotice,
  PortalNoticeList,
  PortalOverview,
  PortalPractice,
  PortalPracticeList,
  PortalPracticeQuery,
  PortalPracticeView,
  PortalProfileList,
  PortalProfileView,
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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * An indicator's figures per reporting state whose breakdowns other than the route are all totals (a route's
 * headline figures), on one route or all: the few rows route pages and the map show, as objects.
 */
function routeLevelFigures(t: PublicTable, indicator: string, route?: string): PublicFigure[] {
  return t.figures.select({ ...routeLevel(route), indicator }).filter((f) => f.reporter !== TOTAL_CODE);
}

/** The sum over reporting states of one indicator, route and month, as protected with the table. */
function routeMonthTotal(
  t: PublicTable,
  indicator: string,
  route: string,
  period: string,
  cells: PublicFigure[],
) {
  const derived = t.totals.get({ ...routeLevel(route), indicator, reporter: '*', period });
  // The derived total holds the true sum (withheld parts included); without one, only a sum of free figures.
  const withheld = derived ? derived.status !== null : cells.some((c) => c.value === null);
  const value = derived ? derived.value : cells.reduce((s, c) => s + (c.value ?? 0), 0);
  return {
    value: withheld ? null : value,
    obsStatus: cells.every((c) => c.obsStatus === 'A') ? 'A' : 'E',
    confStatus: withheld ? ('D' as const) : ('F' as const),
  };
}

/** The figures of one route and indicator (route totals, from routeLevelFigures), by month then reporter. */
function routeMonths(t: PublicTable, indicator: string, route: string, figures: readonly PublicFigure[]) {
  const byPeriod = new Map<string, PublicFigure[]>();
  for (const f of figures)
    if (f.breakdowns.route === route) byPeriod.set(f.period, [...(byPeriod.get(f.period) ?? []), f]);
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

type ReleaseGroup = { at: number; reporter: string; indicators: Set<string>; from: string; to: string };

/** Publications of the public figures, one per reporter and publication time (from the columns, no row objects). */
function pastReleases(t: PublicTable): PortalRelease[] {
  const names = areaNames(t.structure);
  const f = t.figures;
  const reporters = f.codesOf('reporter');
  // Keyed by publication time × reporters + reporter (exact below 2^53, else text): one entry per release.
  const byKey = new Map<number | string, ReleaseGroup>();
  for (let i = 0; i < f.size; i++) {
    const at = f.publishedAt(i);
    const r = f.codeIndexAt(i, 'reporter');
    const n = at * reporters.length + r;
    const key = Number.isSafeInteger(n) ? n : `${at}|${r}`;
    const period = f.codeAt(i, 'period');
    let g = byKey.get(key);
    if (!g) {
      g = { at, reporter: reporters[r]!, indicators: new Set(), from: period, to: period };
      byKey.set(key, g);
    }
    g.indicators.add(f.codeAt(i, 'indicator'));
    if (period < g.from) g.from = period;
    if (period > g.to) g.to = period;
  }
  return [...byKey.values()]
    .sort((a, b) => b.at - a.at)
    .map((r) => ({
      at: new Date(r.at).toISOString(),
      timeZone: 'UTC',
      reporter: r.reporter,
      reporterName: names.get(r.reporter)?.en ?? r.reporter,
      indicators: [...r.indicators].sort(),
      periods: { from: r.from, to: r.to },
      status: 'published' as const,
    }));
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

/** GET /api/portal/:slug/map: each reporting state's public figure for an indicator and a month or year. */
export function getPortalMap(ctx: Ctx, slug: string, q: PortalMapQuery): Promise<PortalMapView> {
  return publicAnswer(ctx, slug, `portal-map|${q.indicator ?? ''}|${q.period ?? ''}`, () =>
    portalMap(ctx, slug, q),
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
  const withFigures = new Set(t.figures.codesOf('indicator'));
  const headline = indicators.find((i) => withFigures.has(i.code))?.code ?? null;
  const periods = [...t.figures.codesOf('period')].sort();
  const reporters = [...t.figures.codesOf('reporter')].sort();
  const names = areaNames(t.structure);
  const lines = await publicRouteLines(ctx, t.dialogue.id);
  const headlineFigures = headline ? routeLevelFigures(t, headline) : [];
  return {
    slug: t.dialogue.slug,
    name: t.structure.dialogueName,
    dataAsPublishedOn: iso(t.lastPublished),
    disclosureThreshold: t.threshold,
    periods: periods.length ? { from: periods[0]!, to: periods[periods.length - 1]! } : null,
    indicators,
    reporters: reporters.map((code) => ({ code, names: names.get(code) ?? { en: code } })),
    routes: routeCodesOf(t.structure).map((r) => {
      const months = headline ? routeMonths(t, headline, r.code, headlineFigures) : [];
      const last = months[months.length - 1];
      const line = lines.get(r.code);
      return {
        code: r.code,
        names: r.names,
        countries: line?.countries ?? [],
        geometry: line?.geometry ?? null,
        latest: last && headline ? { indicator: headline, period: last.period, ...last.total } : null,
      };
    }),
    upcomingReleases: await upcomingReleases(ctx, t),
  };
}

/**
 * The lines of the routes the public may see, read as an anonymous caller (row-level security leaves the public
 * routes only); the overview keeps those of the public structure's routes, so a route is never drawn without
 * being listed.
 */
async function publicRouteLines(
  ctx: Ctx,
  dialogueId: number,
): Promise<Map<string, { countries: string[]; geometry: Record<string, unknown> }>> {
  const routes = await readAsActor({ db: ctx.db, actor: null }, (tx) => listRouteDefinitions(tx, dialogueId));
  return new Map(
    routes
      .filter((r) => r.classification === 'public')
      .map((r) => [r.code, { countries: r.countries, geometry: r.geometry }]),
  );
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
  const onRoute = new Set(t.figures.codesWhere('indicator', { route: routeCode }));
  const all = indicatorsOf(t.structure);
  const indicator = q.indicator
    ? all.find((i) => i.code === q.indicator)
    : (all.find((i) => onRoute.has(i.code)) ?? all[0]);
  if (!indicator) throw new NotFound(`Indicator "${q.indicator ?? ''}"`);
  const months = routeMonths(t, indicator.code, routeCode, routeLevelFigures(t, indicator.code, routeCode));
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

/**
 * The map's values from the same protected public table as every portal figure (mapValues picks the stored and
 * derived totals that table's suppression run protected). An indicator the public may not see is refused like
 * an unknown one (400, the same words), so the answer tells nothing of restricted indicators.
 */
async function portalMap(ctx: Ctx, slug: string, q: PortalMapQuery): Promise<PortalMapView> {
  const t = await readPublicTable(ctx, slug, null);
  const all = indicatorsOf(t.structure);
  const withFigures = new Set(t.figures.codesOf('indicator'));
  const indicator = q.indicator
    ? all.find((i) => i.code === q.indicator)
    : (all.find((i) => withFigures.has(i.code)) ?? all[0]);
  if (q.indicator && !indicator)
    throw new Invalid([
      {
        field: 'querystring.indicator',
        ...portalMapMessages.message('PORTAL_MAP_INDICATOR_UNKNOWN', {
          indicator: q.indicator,
          known: all.map((i) => i.code).join(', ') || '–',
        }),
      },
    ]);
  const names = areaNames(t.structure);
  const base = {
    slug: t.dialogue.slug,
    indicators: all.filter((i) => withFigures.has(i.code)).map((i) => i.code),
    dataAsPublishedOn: iso(t.lastPublished),
    disclosureThreshold: t.threshold,
  };
  if (!indicator)
    return { ...base, indicator: null, period: null, periods: { months: [], years: [] }, states: [] };
  // The map reads route-level figures and totals of one indicator only: those become objects, nothing else.
  const figures = routeLevelFigures(t, indicator.code);
  const totals = t.totals.select({ ...routeLevel(), indicator: indicator.code });
  const period = q.period ?? latestMapPeriod(figures, indicator.code);
  return {
    ...base,
    indicator: { code: indicator.code, names: indicator.names, unit: indicator.unit },
    period,
    periods: mapPeriods(figures, indicator.code),
    states: period
      ? mapValues(figures, totals, indicator.code, period).map((v) => ({
          code: v.reporter,
          names: names.get(v.reporter) ?? { en: v.reporter },
          value: v.value,
          obsStatus: v.obsStatus,
          confStatus: v.confStatus,
        }))
      : [],
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

/*
 * Notices and documents on the portal: read through their modules' services as an anonymous caller (so a
 * signed-in member sees the portal as the public does), then kept only when public (and, for notices, sent).
 * A notice names only the public routes among its routes.
 */

const asPublic = (ctx: Ctx): Ctx => ({ ...ctx, actor: null });

/** The public routes of a public dialogue (NotFound for any other dialogue, as every portal read). */
async function publicRoutes(ctx: Ctx, slug: string): Promise<Set<string>> {
  return new Set((await getOverview(ctx, slug)).routes.map((r) => r.code));
}

function toPortalNotice(n: NoticeSummaryView, routes: Set<string>): PortalNotice | null {
  if (n.classification !== 'public' || n.status !== 'sent') return null;
  return {
    id: n.id,
    state: n.state,
    organisation: n.organisation,
    title: n.title,
    measureType: n.measureType,
    stage: n.stage,
    summary: n.summary,
    legalReference: n.legalReference,
    legalLink: n.legalLink,
    adoptedOn: n.adoptedOn,
    effectiveOn: n.effectiveOn,
    endsOn: n.endsOn,
    countries: n.countries,
    routes: n.routes.filter((r) => routes.has(r)),
    sentAt: n.sentAt,
    updatedAt: n.updatedAt,
  };
}

export async function getPortalNotices(ctx: Ctx, slug: string): Promise<PortalNoticeList> {
  const routes = await publicRoutes(ctx, slug);
  const feed = await listNoticeFeed(asPublic(ctx), slug, { status: 'sent', limit: 500 });
  return {
    slug,
    items: feed.items.flatMap((n) => {
      const p = toPortalNotice(n, routes);
      return p ? [p] : [];
    }),
  };
}

export async function getPortalNotice(ctx: Ctx, slug: string, id: number): Promise<PortalNotice> {
  const routes = await publicRoutes(ctx, slug);
  const n = toPortalNotice(await getNotice(asPublic(ctx), slug, id), routes);
  if (!n) throw new NotFound(`Notice ${id}`);
  return n;
}

function toPortalDocument(slug: string, d: DocumentSummaryView): PortalDocument | null {
  if (d.classification !== 'public') return null;
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    language: d.language,
    date: d.date,
    organisation: d.organisation,
    fileName: d.fileName,
    format: d.format,
    byteSize: d.byteSize,
    updatedAt: d.updatedAt,
    languages: d.languages,
    fileUrl: `/api/dialogues/${encodeURIComponent(slug)}/documents/${d.id}/file`,
  };
}

export async function getPortalDocuments(ctx: Ctx, slug: string): Promise<PortalDocumentList> {
  await publicRoutes(ctx, slug);
  const library = await listLibrary(asPublic(ctx), slug, {});
  return {
    slug,
    items: library.items.flatMap((d) => {
      const p = toPortalDocument(slug, d);
      return p ? [p] : [];
    }),
  };
}

export async function getPortalDocument(ctx: Ctx, slug: string, id: number): Promise<PortalDocumentView> {
  await publicRoutes(ctx, slug);
  const d = await getDocument(asPublic(ctx), slug, id);
  const p = toPortalDocument(slug, d);
  if (!p) throw new NotFound(`Document ${id}`);
  return { ...p, excerpt: d.excerpt };
}

/*
 * Best practices, agreements and country profiles on the portal (issue 16): read through their modules'
 * services as an anonymous caller (row-level security of the anonymous caller applies), then kept only when
 * public (practices: published; profiles: the endorsed version's public sections). What members alone read
 * (a practice's contacts, a record's classification, sharing, revisions, the organisation that recorded an
 * agreement) is not part of the portal's views.
 */

function toPortalPractice(p: PracticeSummaryView): PortalPractice | null {
  if (p.classification !== 'public' || p.status !== 'published') return null;
  return {
    id: p.id,
    title: p.title,
    area: p.area,
    summary: p.summary,
    countries: p.countries,
    periodFrom: p.periodFrom,
    periodTo: p.periodTo,
    tags: p.tags,
    organisation: p.organisation,
    publishedAt: p.publishedAt,
    updatedAt: p.updatedAt,
  };
}

/** GET /api/portal/:slug/practices: the published public practices, by area, country, tag and words. */
export async function getPortalPractices(
  ctx: Ctx,
  slug: string,
  q: PortalPracticeQuery,
): Promise<PortalPracticeList> {
  await publicRoutes(ctx, slug);
  const list = await listPractices(asPublic(ctx), slug, { ...q, status: 'published' });
  const items = list.items.flatMap((p) => {
    const v = toPortalPractice(p);
    return v ? [v] : [];
  });
  const all = q.area || q.country || q.tag || q.q ? await listPractices(asPublic(ctx), slug, {}) : list;
  const tags = new Set(all.items.flatMap((p) => (toPortalPractice(p) ? p.tags : [])));
  return { slug, items, tags: [...tags].sort() };
}

/** One published public practice of a public dialogue, read as the public, else 404 (also for one that exists). */
async function requirePortalPractice(
  ctx: Ctx,
  slug: string,
  id: number,
): Promise<{ p: PracticeView; summary: PortalPractice }> {
  await publicRoutes(ctx, slug);
  const p: PracticeView = await getPractice(asPublic(ctx), slug, id);
  const summary = toPortalPractice(p);
  if (!summary) throw new NotFound(`Practice ${id}`);
  return { p, summary };
}

/** GET /api/portal/:slug/practices/:id: one published public practice (never its contacts) with its files, else 404. */
export async function getPortalPractice(ctx: Ctx, slug: string, id: number): Promise<PortalPracticeView> {
  const { p, summary } = await requirePortalPractice(ctx, slug, id);
  const files = await listPracticeFiles(asPublic(ctx), slug, id);
  return {
    ...summary,
    partners: p.partners,
    funding: p.funding,
    objectives: p.objectives,
    results: p.results,
    impact: p.impact,
    lessons: p.lessons,
    links: p.links,
    language: p.language,
    files: files.items.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      format: f.format,
      contentType: f.contentType,
      byteSize: f.byteSize,
      url: `/api/portal/${encodeURIComponent(slug)}/practices/${id}/files/${f.id}`,
    })),
  };
}

/**
 * GET /api/portal/:slug/practices/:id/files/:fileId: a file of a published public practice, read as the public;
 * 404 alike for a practice that does not exist or is not public and for a file of another practice.
 */
export async function getPortalPracticeFile(
  ctx: Ctx,
  slug: string,
  id: number,
  fileId: number,
): Promise<FileDownload> {
  await requirePortalPractice(ctx, slug, id);
  return downloadPracticeFile(asPublic(ctx), slug, id, fileId);
}

function toPortalAgreement(a: AgreementView): PortalAgreement {
  return {
    id: a.id,
    type: a.type,
    title: a.title,
    parties: a.parties,
    status: a.status,
    mandateOn: a.mandateOn,
    signedOn: a.signedOn,
    inForceOn: a.inForceOn,
    suspendedOn: a.suspendedOn,
    endedOn: a.endedOn,
    updatedAt: a.updatedAt,
  };
}

/** GET /api/portal/:slug/agreements: the public agreements, by type, status and party. */
export async function getPortalAgreements(
  ctx: Ctx,
  slug: string,
  q: PortalAgreementQuery,
): Promise<PortalAgreementList> {
  await publicRoutes(ctx, slug);
  const list = await listPublicAgreements(asPublic(ctx), slug, q);
  return {
    slug,
    items: list.items.filter((a) => a.classification === 'public').map(toPortalAgreement),
    parties: list.parties,
  };
}

/** GET /api/portal/:slug/agreements/:id: one public agreement with its timeline, else 404. */
export async function getPortalAgreement(ctx: Ctx, slug: string, id: number): Promise<PortalAgreementView> {
  await publicRoutes(ctx, slug);
  const a = await getPublicAgreement(asPublic(ctx), slug, id);
  if (a.classification !== 'public') throw new NotFound(`Agreement ${id}`);
  return {
    ...toPortalAgreement(a),
    // Negotiation rounds' notes are the negotiators' own: the public sees the dates and places.
    timeline: a.timeline.map((s) => ({
      date: s.date,
      kind: s.kind,
      ...(s.place ? { place: s.place } : {}),
      isFuture: s.isFuture,
    })),
    links: a.texts.flatMap((x) => (x.kind === 'link' && x.url ? [{ url: x.url, title: x.title }] : [])),
    notes: a.notes,
  };
}

const countryNames = () => new Map(listCountries().map((c) => [c.iso3, c.name] as const));

/** GET /api/portal/:slug/profiles: the member states with an endorsed profile. */
export async function getPortalProfiles(ctx: Ctx, slug: string): Promise<PortalProfileList> {
  await publicRoutes(ctx, slug);
  const list = await listPublicProfiles(ctx.db, slug);
  if (!list) throw new NotFound(`Dialogue "${slug}"`);
  const names = countryNames();
  return {
    slug,
    items: list.map((p) => ({
      state: p.state,
      names: names.get(p.state) ?? { en: p.state },
      endorsedAt: p.endorsedAt,
    })),
  };
}

/**
 * GET /api/portal/:slug/profiles/:state: the endorsed version's public sections (publicProfile) and the state's
 * key figures from the public table (after disclosure control), with when they were published; 404 without an
 * endorsed version.
 */
export function getPortalProfile(ctx: Ctx, slug: string, iso3: string): Promise<PortalProfileView> {
  return publicAnswer(ctx, slug, `portal-profile|${iso3}`, () => portalProfile(ctx, slug, iso3));
}

async function portalProfile(ctx: Ctx, slug: string, iso3: string): Promise<PortalProfileView> {
  const t = await readPublicTable(ctx, slug, null);
  const p = await publicProfile(ctx.db, slug, iso3);
  if (!p) throw new NotFound(`Country profile ${iso3}`);
  let latestAt = Number.NEGATIVE_INFINITY;
  t.figures.forEachRow({ reporter: iso3 }, (i) => {
    latestAt = Math.max(latestAt, t.figures.publishedAt(i));
  });
  const latest = latestAt === Number.NEGATIVE_INFINITY ? null : new Date(latestAt);
  // The key figures read route-level figures only (publicKeyFigures): the state's others stay in the columns.
  const mine = t.figures.select({ ...routeLevel(), reporter: iso3 });
  return {
    state: p.state,
    names: countryNames().get(p.state) ?? { en: p.state },
    endorsedAt: p.endorsedAt,
    version: p.number,
    sections: p.sections.map((s) => ({
      key: s.key,
      body: s.body,
      sources: s.sources,
      updatedAt: s.updatedAt,
    })),
    dataAsPublishedOn: iso(latest),
    figures: publicKeyFigures(
      mine,
      iso3,
      indicatorsOf(t.structure).map((i) => i.code),
    ),
  };
}

/*
 * Sitemaps and link previews: only pages of public dialogues, only public routes, notices and documents; the
 * dates are those of the public data (the latest publication of a public figure, a public item's change).
 */

const notFoundAsNull = <T>(p: Promise<T>): Promise<T | null> =>
  p.catch((e: unknown) => {
    if (e instanceof NotFound) return null;
    throw e;
  });

/** Every public page of a dialogue's portal (NotFound for a dialogue that is not public). */
export async function getPortalSitemap(ctx: Ctx, slug: string, base: string): Promise<SitemapEntry[]> {
  const o = await getOverview(ctx, slug);
  const [notices, documents, practices, agreements, profiles] = await Promise.all([
    getPortalNotices(ctx, slug),
    getPortalDocuments(ctx, slug),
    getPortalPractices(ctx, slug, {}),
    getPortalAgreements(ctx, slug, {}),
    getPortalProfiles(ctx, slug),
  ]);
  const newest = (xs: { updatedAt: string }[]) => xs.map((x) => x.updatedAt).sort()[xs.length - 1];
  const at = (path: string, lastmod?: string | null): SitemapEntry => ({
    loc: `${base}/p/${encodeURIComponent(o.slug)}${path}`,
    lastmod: lastmod ?? null,
  });
  const data = o.dataAsPublishedOn;
  return [
    at('', data),
    at('/routes', data),
    ...o.routes.map((r) => at(`/routes/${encodeURIComponent(r.code)}`, data)),
    at('/map', data),
    at('/downloads', data),
    at('/releases'),
    at('/notices', notices.items[0]?.updatedAt),
    ...notices.items.map((n) => at(`/notices/${n.id}`, n.updatedAt)),
    at('/documents', documents.items[0]?.updatedAt),
    ...documents.items.map((d) => at(`/documents/${d.id}`, d.updatedAt)),
    at('/practices', newest(practices.items)),
    ...practices.items.map((p) => at(`/practices/${p.id}`, p.updatedAt)),
    at('/agreements', newest(agreements.items)),
    ...agreements.items.map((a) => at(`/agreements/${a.id}`, a.updatedAt)),
    at('/profiles', profiles.items.map((p) => p.endorsedAt).sort()[profiles.items.length - 1]),
    ...profiles.items.map((p) => at(`/profiles/${encodeURIComponent(p.state)}`, p.endorsedAt)),
  ];
}

/** One sitemap per public dialogue with a portal. */
export async function getPortalSitemapIndex(ctx: Ctx, base: string): Promise<SitemapEntry[]> {
  const dialogues = (await listDialogues(asPublic(ctx))).filter(
    (d) => d.classification === 'public' && !d.isArchived,
  );
  const out: SitemapEntry[] = [];
  for (const d of dialogues) {
    const o = await notFoundAsNull(getOverview(ctx, d.slug));
    if (o)
      out.push({
        loc: `${base}/p/${encodeURIComponent(o.slug)}/sitemap.xml`,
        lastmod: o.dataAsPublishedOn,
      });
  }
  return out;
}

const SITE = 'Passage';

/**
 * The title and description a link to a portal page previews with (`path`: /p/<slug>/…), in `language`
 * (the request's: ?lang=, else Accept-Language), or null for a path that names nothing public (the page then
 * keeps the app's own, saying nothing of what is not public). The page's URL carries ?lang= for French and
 * Russian, and the preview lists the page in every language (hreflang).
 */
export async function getPortalPageMeta(
  ctx: Ctx,
  path: string,
  base: string,
  language: Locale = 'en',
): Promise<PageMeta | null> {
  const pathname = path.split('?')[0]!;
  const parts = pathname.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] !== 'p' || !parts[1] || parts.some((p) => p === null)) return null;
  const [, slug, page, item] = parts as string[];
  if (!/^[a-z0-9-]{1,64}$/.test(slug!)) return null;
  const o = await notFoundAsNull(getOverview(ctx, slug!));
  if (!o) return null;
  const tx = previewTexts(language);
  const about = (await listDialogues(asPublic(ctx))).find((d) => d.slug === o.slug)?.description ?? '';
  const asOf = o.dataAsPublishedOn ? tx.asOf(o.dataAsPublishedOn.slice(0, 10)) : '';
  const urlIn = (l: Locale) => `${base}${pathname}${l === 'en' ? '' : `?lang=${l}`}`;
  const meta = (title: string, description: string): PageMeta => ({
    title: `${title} · ${SITE}`,
    description: shorten(description),
    url: urlIn(language),
    siteName: SITE,
    language,
    alternates: LOCALES.map((l) => ({ language: l, url: urlIn(l) })),
    image: {
      url: `${base}/api/portal/${encodeURIComponent(o.slug)}/preview.png${language === 'en' ? '' : `?lang=${language}`}`,
      ...PREVIEW_CARD,
      alt: o.name,
    },
  });
  const dialogueText = about || tx.dialogue(o.name, o.routes.length, o.indicators.length);
  const id = Number(item);
  const validId = Number.isSafeInteger(id) && id > 0;
  if (!page) return meta(o.name, `${dialogueText}${asOf}`);
  if (page === 'routes' && item) {
    const r = o.routes.find((x) => x.code === item);
    if (!r) return null;
    const name = nameIn(r.names, language);
    return meta(`${tx.routeTitle(name)} · ${o.name}`, `${tx.route(name)}${asOf}`);
  }
  if (page === 'routes') return meta(`${tx.routesTitle} · ${o.name}`, `${tx.routes(o.name)}${asOf}`);
  if (page === 'map') return meta(`${tx.mapTitle} · ${o.name}`, `${tx.map(o.name)}${asOf}`);
  if (page === 'downloads') return meta(`${tx.downloadsTitle} · ${o.name}`, `${tx.downloads(o.name)}${asOf}`);
  if (page === 'releases') return meta(`${tx.releasesTitle} · ${o.name}`, tx.releases(o.name));
  if (page === 'notices' && item) {
    if (!validId) return null;
    const n = await notFoundAsNull(getPortalNotice(ctx, slug!, id));
    return n ? meta(`${n.title} · ${o.name}`, n.summary) : null;
  }
  if (page === 'notices') return meta(`${tx.noticesTitle} · ${o.name}`, tx.notices(o.name));
  if (page === 'documents' && item) {
    if (!validId) return null;
    const d = await notFoundAsNull(getPortalDocument(ctx, slug!, id));
    return d ? meta(`${d.title} · ${o.name}`, d.excerpt || d.title) : null;
  }
  if (page === 'documents') return meta(`${tx.documentsTitle} · ${o.name}`, tx.documents(o.name));
  if (page === 'practices' && item) {
    if (!validId) return null;
    const p = await notFoundAsNull(getPortalPractice(ctx, slug!, id));
    return p ? meta(`${p.title} · ${o.name}`, p.summary || p.title) : null;
  }
  if (page === 'practices') return meta(`${tx.practicesTitle} · ${o.name}`, tx.practices(o.name));
  if (page === 'agreements' && item) {
    if (!validId) return null;
    const a = await notFoundAsNull(getPortalAgreement(ctx, slug!, id));
    if (!a) return null;
    const parties = a.parties.map((x) => x.iso3 ?? x.name ?? tx.european).join(', ');
    return meta(`${a.title} · ${o.name}`, tx.agreement(a.title, parties));
  }
  if (page === 'agreements') return meta(`${tx.agreementsTitle} · ${o.name}`, tx.agreements(o.name));
  if (page === 'profiles' && item) {
    if (!/^[A-Za-z]{3}$/.test(item)) return null;
    const p = await notFoundAsNull(getPortalProfile(ctx, slug!, item.toUpperCase()));
    if (!p) return null;
    const state = nameIn(p.names, language);
    return meta(`${state} · ${o.name}`, tx.profile(state, o.name, p.endorsedAt.slice(0, 10)));
  }
  if (page === 'profiles') return meta(`${tx.profilesTitle} · ${o.name}`, tx.profiles(o.name));
  return meta(o.name, `${dialogueText}${asOf}`);
}

/**
 * Cards already drawn, by their texts (a changed name or date draws a new one): a browser render is ~100 ms.
 * Keyed by its own texts a card cannot go stale, so writes elsewhere do not empty this cache (crawlers would
 * have every card drawn again after each one).
 */
const previewImages = new TtlCache<Buffer>(60 * 60 * 1000, 200, Date.now, { clearedByWrites: false });

/**
 * The image a link to a public dialogue's portal previews with (og:image), in `language`: its name, routes and
 * indicators, and the date of its data. NotFound for a dialogue that is not public.
 */
export async function getPortalPreviewImage(ctx: Ctx, slug: string, language: Locale): Promise<Buffer> {
  const o = await getOverview(ctx, slug);
  const tx = previewTexts(language);
  const card: PreviewCard = {
    language,
    site: SITE,
    title: o.name,
    subtitle: tx.card(o.routes.length, o.indicators.length),
    footer: o.dataAsPublishedOn ? tx.asOfLine(o.dataAsPublishedOn.slice(0, 10)) : '',
  };
  const key = JSON.stringify(card);
  const cached = previewImages.get(key);
  if (cached) return cached;
  const png = await renderPng(previewCardHtml(card), PREVIEW_CARD);
  previewImages.set(key, png);
  return png;
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
