/**
 * Situation reports: for a route (or the whole dialogue) and a month, key figures (month, year to date,
 * year-on-year), a chart, the top citizenships and their shifts, the forecast with its intervals and the alerts
 * of the last three months; rendered as HTML in English, French or Russian and as PDF by Chromium, and stored
 * with the vintage of their data (the latest publication they include).
 *
 * Figures come from the analytics service as the requesting user sees them, so a report never shows more than
 * its author may see; its classification is that of its data (at least 'dialogue'; more if an indicator or a
 * route it shows is classified higher). Generating: analysts and the secretariat; reading: by classification,
 * and only by those who may still read every indicator and route it used (stored as its inputs, re-checked at
 * each read: a later reclassification hides it).
 */
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { pctChange } from '../../domain/analytics/like-for-like';
import { addMonths, parsePeriod, periodRange } from '../../domain/periods';
import { type ComparedPoint, keyFigures, sumSeries } from '../../domain/reports/key-figures';
import { type ReportInput, reportClassification, uniqueInputs } from '../../domain/reports/report-inputs';
import { enqueue } from '../../jobs/queue';
import { allows } from '../../shared/access';
import type { Actor } from '../../shared/actor';
import { type Classification, classificationRank } from '../../shared/classification';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, Forbidden, Invalid, NotFound, Unauthenticated } from '../../shared/errors';
import { RateWindow } from '../../shared/rate-window';
import { listAlertsForReport } from '../alerts/alerts.service';
import { getSeries, getTopCitizenships } from '../analytics/analytics.service';
import { recordAudit } from '../audit/audit.service';
import { findUserAuth, loadActor } from '../identity/auth/auth.service';
import { REPORT_MESSAGES } from './report-messages';
import { isReportQueueFull, renderPdf, reportRenderingLimits } from './reports.pdf';
import { reportsPolicy } from './reports.policy';
import { type ReportData, renderReportHtml } from './reports.render';
import type { ReportCreateBody, ReportView, ScheduleCreateBody, ScheduleView } from './reports.schema';
import {
  countryNames,
  type DialogueRow,
  deleteSchedule,
  findForecastSeries,
  findVisibleDialogue,
  findVisibleReport,
  insertReport,
  insertSchedule,
  latestPublication,
  latestPublishedPeriod,
  listForecastPoints,
  listSchedules,
  listVisibleIndicators,
  listVisibleReports,
  listVisibleRoutes,
  type NamedRef,
  type ReportRow,
  readReportContent,
  type ScheduleRow,
  setScheduleDone,
} from './reports.sql';

const TOTAL = '_T';

const iso = (d: Date | string) => new Date(d).toISOString();

async function requireMemberDialogue(ctx: Ctx, slug: string): Promise<DialogueRow> {
  const d = await withActor(ctx.db, ctx.actor, (tx) => findVisibleDialogue(tx, ctx.actor, slug));
  if (!d || !allows(ctx.actor, reportsPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return d;
}

function nameIn(name: NamedRef['name'], lang: string): string {
  if (typeof name === 'string') return name;
  return name[lang] ?? name.en ?? Object.values(name)[0] ?? '';
}

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

const toInput = (kind: ReportInput['kind'], r: NamedRef): ReportInput => ({
  kind,
  id: r.id,
  code: r.code,
  classification: r.classification,
  sharedWithOrgIds: r.shared_with_org_ids,
});

/** Gathers the figures of a report as the actor sees them and renders it. */
export async function buildReport(
  ctx: Ctx,
  d: DialogueRow,
  input: ReportCreateBody,
): Promise<{
  data: ReportData;
  html: string;
  classification: Classification;
  sharedWith: number[];
  dataAsOf: Date | null;
  /** Every indicator and route whose figures, forecast or alerts the report shows. */
  inputs: ReportInput[];
}> {
  const route = input.route && input.route !== TOTAL ? input.route : TOTAL;
  const lang = input.language;
  const { period } = input;
  const { indicators, routes, asOf } = await withActor(ctx.db, ctx.actor, async (tx) => ({
    indicators: await listVisibleIndicators(tx, ctx.actor, d.id),
    routes: await listVisibleRoutes(tx, ctx.actor, d.id),
    asOf: await latestPublication(tx, d.id),
  }));
  const indicator = indicators.find((i) => i.code === input.indicator);
  const routeRef = route === TOTAL ? null : routes.find((r) => r.code === route);
  const errors = [];
  if (!indicator)
    errors.push({ field: 'body.indicator', message: `no indicator "${input.indicator}" in this dialogue` });
  if (route !== TOTAL && !routeRef)
    errors.push({ field: 'body.route', message: `no route "${route}" in this dialogue` });
  if (errors.length || !indicator) throw new Invalid(errors);

  const { year } = parsePeriod(period);
  const from = [addMonths(period, -23), `${year - 1}-01`].sort()[0]!;
  // Like for like by default: the changes compare only the reporters present in both periods.
  const series = async (code: string, r: string): Promise<ComparedPoint[]> =>
    (await getSeries(ctx, d.slug, { indicator: code, route: r, from, to: period, format: 'json' })).points;
  const hasFigures = (points: readonly ComparedPoint[]) => points.some((p) => p.value !== null);

  // What the report shows comes from these indicators and routes (the main ones, plus those added below).
  const used: ReportInput[] = [
    toInput('indicator', indicator),
    ...(routeRef ? [toInput('route', routeRef)] : []),
  ];

  // Key figures: per indicator on a route; per route (and the total) for the whole dialogue.
  let keyRows: ReportData['keyRows'] = [];
  let history: ComparedPoint[] = [];
  if (routeRef) {
    for (const i of indicators.filter((x) => (x.breakdowns ?? []).includes('route'))) {
      const points = await series(i.code, route);
      if (i.code === indicator.code) history = points;
      if (hasFigures(points)) {
        keyRows.push({ label: nameIn(i.name, lang), ...keyFigures(points, period) });
        used.push(toInput('indicator', i));
      }
    }
  } else {
    const byRoute = new Map<string, ComparedPoint[]>();
    for (const r of routes) {
      const points = await series(indicator.code, r.code);
      if (hasFigures(points)) byRoute.set(r.code, points);
    }
    // The total sums every route's figures, so every route with figures is an input.
    for (const r of routes) if (byRoute.has(r.code)) used.push(toInput('route', r));
    keyRows = routes
      .filter((r) => byRoute.has(r.code))
      .map((r) => ({ label: nameIn(r.name, lang), ...keyFigures(byRoute.get(r.code)!, period) }));
    const total = sumSeries([...byRoute.values()]);
    history = total;
    if (keyRows.length > 1)
      keyRows.push({ label: REPORT_MESSAGES[lang].total, ...keyFigures(total, period) });
  }
  const chartFrom = addMonths(period, -23);
  const chartHistory = periodRange(chartFrom, period).map((p) => ({
    period: p,
    value: history.find((h) => h.period === p)?.value ?? null,
  }));

  // Top citizenships and their shift in share against the same months a year earlier.
  const topRoutes = routeRef ? [route] : routes.map((r) => r.code);
  const merged = new Map<string, { value: number; comparedValue: number; previous: number }>();
  let months: { from: string; to: string } | null = null;
  for (const r of topRoutes) {
    const top = await getTopCitizenships(ctx, d.slug, {
      indicator: indicator.code,
      route: r,
      year,
      limit: 10,
      format: 'json',
    });
    if (top.months && (!months || top.months.to > months.to)) months = top.months;
    const topRoute = routes.find((x) => x.code === r);
    if (top.items.length && topRoute) used.push(toInput('route', topRoute));
    for (const it of top.items) {
      const m = merged.get(it.citizenship) ?? { value: 0, comparedValue: 0, previous: 0 };
      merged.set(it.citizenship, {
        value: m.value + it.value,
        comparedValue: m.comparedValue + it.comparedValue,
        previous: m.previous + it.previous,
      });
    }
  }
  let top: ReportData['top'] = null;
  if (months && merged.size) {
    const span = (y: number) => periodRange(`${y}${months!.from.slice(4)}`, `${y}${months!.to.slice(4)}`);
    const totalOf = (y: number) =>
      sum(span(y).map((p) => history.find((h) => h.period === p)?.value ?? null));
    const total = totalOf(year);
    // The shift in share compares like for like too: this year's compared part against the same reporters'
    // months a year earlier (the series' year to date at the top's last month).
    const at = history.find((h) => h.period === months!.to);
    const comparedTotal = at?.comparedYtd ?? null;
    const previousTotal = at?.ytdPrevious ?? null;
    const names = await withActor(ctx.db, ctx.actor, (tx) => countryNames(tx, [...merged.keys()], lang));
    top = {
      from: months.from,
      to: months.to,
      items: [...merged.entries()]
        .sort((a, b) => b[1].value - a[1].value)
        .slice(0, 10)
        .map(([c, v]) => {
          const share = total > 0 ? (v.value / total) * 100 : 0;
          const comparedShare =
            comparedTotal !== null && comparedTotal > 0 ? (v.comparedValue / comparedTotal) * 100 : null;
          const prevShare =
            previousTotal !== null && previousTotal > 0 ? (v.previous / previousTotal) * 100 : null;
          return {
            citizenship: c,
            name: names.get(c) ?? c,
            value: v.value,
            previous: v.previous,
            yoyPct: pctChange(v.comparedValue, v.previous),
            sharePct: Math.round(share * 10) / 10,
            shiftPoints:
              prevShare === null || comparedShare === null
                ? null
                : Math.round((comparedShare - prevShare) * 10) / 10,
          };
        }),
    };
  }

  // The forecast of the series (chosen model), when the forecasting module has one.
  let forecast: ReportData['forecast'] = null;
  const fs = await withActor(ctx.db, ctx.actor, (tx) => findForecastSeries(tx, d.id, indicator.code, route));
  if (fs) {
    const points =
      fs.status === 'ok' && fs.chosen_model
        ? await withActor(ctx.db, ctx.actor, (tx) => listForecastPoints(tx, fs.id, fs.chosen_model!))
        : [];
    forecast = { model: fs.chosen_model, origin: fs.origin, reason: fs.reason, points };
  }

  const base = reportClassification(used).classification;
  // Alerts above the report's own classification stay out of it, and so do alerts whose indicator or route the
  // author cannot see (their inputs could not be recorded).
  const indicatorOf = (code: string) => indicators.find((i) => i.code === code);
  const routeOf = (code: string) => (code === TOTAL ? null : routes.find((r) => r.code === code));
  const alertViews = (
    await listAlertsForReport(ctx, d.id, { route, fromPeriod: addMonths(period, -2), toPeriod: period })
  ).filter(
    (a) =>
      classificationRank(a.classification as Classification) <= classificationRank(base) &&
      indicatorOf(a.indicator) !== undefined &&
      routeOf(a.route) !== undefined,
  );
  for (const a of alertViews) {
    used.push(toInput('indicator', indicatorOf(a.indicator)!));
    const r = routeOf(a.route);
    if (r) used.push(toInput('route', r));
  }
  const alerts = alertViews.map((a) => ({
    ruleName: a.rule.name,
    kind: a.kind,
    period: a.period,
    seriesKey: a.seriesKey,
    value: a.value,
    reference: a.reference,
  }));
  const inputs = uniqueInputs(used);
  // Alerts are at most `base`, so this is `base` again, now with the sharing of every restricted input.
  const { sharedWith } = reportClassification(inputs);

  const data: ReportData = {
    language: lang,
    dialogueName: d.name,
    routeName: routeRef ? nameIn(routeRef.name, lang) : null,
    indicatorName: nameIn(indicator.name, lang),
    period,
    generatedAt: new Date().toISOString(),
    dataAsOf: asOf ? iso(asOf) : null,
    classification: base,
    keyBy: routeRef ? 'indicator' : 'route',
    keyRows,
    history: chartHistory,
    forecast,
    // The chart continues the history with the forecast only when it starts right after the month.
    isForecastInChart: forecast?.origin === period,
    top,
    alerts,
  };
  const html = renderReportHtml(data);
  return { data, html, classification: base, sharedWith, dataAsOf: asOf, inputs };
}

function toReportView(r: ReportRow): ReportView {
  return {
    id: r.id,
    route: r.route === TOTAL ? null : r.route,
    indicator: r.indicator,
    period: r.period,
    language: r.language,
    title: r.title,
    dataAsOf: r.data_as_of ? iso(r.data_as_of) : null,
    classification: r.classification,
    createdAt: iso(r.created_at),
    createdBy: r.created_by === null ? null : { id: r.created_by, name: r.creator_name ?? '' },
    hasPdf: r.has_pdf,
    pdfError: r.pdf_error,
  };
}

/**
 * A PDF of an HTML page through the situation reports' rendering (the shared browser, its limits; no
 * JavaScript, no loads but data: URLs), for other modules' printable views (the monitoring dashboard for the
 * senior officials' meeting). 503 REPORT_QUEUE_FULL when the queue is full.
 */
export async function renderHtmlAsPdf(html: string): Promise<Buffer> {
  if (isReportQueueFull())
    throw new AppError(
      'REPORT_QUEUE_FULL',
      503,
      'The server is rendering as many reports as it may; try again in a minute.',
      {
        retryAfterSeconds: 60,
      },
    );
  return renderPdf(html);
}

/**
 * Reports a user asked for in the last minute, per database (so one process serving several databases, as
 * the tests do, keeps their users apart). Scheduled reports (the monthly job) do not count.
 */
const rateWindows = new WeakMap<Db, RateWindow>();

/** 429 once the user generated PASSAGE_REPORT_RATE_LIMIT reports in the last minute; 503 when the queue is full. */
function admitReportRequest(ctx: Ctx, actor: Actor): void {
  const { perUserPerMinute } = reportRenderingLimits();
  let window = rateWindows.get(ctx.db);
  if (!window || window.max !== perUserPerMinute) {
    window = new RateWindow(perUserPerMinute, 60_000);
    rateWindows.set(ctx.db, window);
  }
  if (isReportQueueFull())
    throw new AppError(
      'REPORT_QUEUE_FULL',
      503,
      'The server is rendering as many reports as it may and its queue is full; try again in a minute.',
      { retryAfterSeconds: 60 },
    );
  const decision = window.take(String(actor.userId));
  if (!decision.isAllowed) {
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new AppError(
      'REPORT_RATE_LIMITED',
      429,
      `You may generate ${perUserPerMinute} reports a minute (PASSAGE_REPORT_RATE_LIMIT); try again in ${seconds} s.`,
      { retryAfterSeconds: seconds, limit: perUserPerMinute },
    );
  }
}

/**
 * Generates, renders (HTML and PDF) and stores a report. A PDF failure (no Chromium, time-out) is recorded; the
 * HTML is kept. Requests of users are rate-limited; the monthly job (`isScheduled`) waits in the queue instead.
 */
export async function generateReport(
  ctx: Ctx,
  slug: string,
  input: ReportCreateBody,
  opts: { isScheduled?: boolean } = {},
): Promise<ReportView> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthenticated();
  const d = await requireMemberDialogue(ctx, slug);
  if (!allows(actor, reportsPolicy.generate, { dialogueId: d.id }))
    throw new Forbidden('Analysts and the secretariat generate situation reports');
  if (!opts.isScheduled) admitReportRequest(ctx, actor);
  const built = await buildReport(ctx, d, input);
  let pdf: Buffer | null = null;
  let pdfError: string | null = null;
  try {
    pdf = await renderPdf(built.html);
  } catch (e) {
    pdfError = (e as Error).message.split('\n')[0]!.slice(0, 500);
    ctx.log.warn({ err: e }, 'report PDF rendering failed');
  }
  const route = built.data.routeName === null ? TOTAL : (input.route ?? TOTAL);
  const id = await withActor(ctx.db, actor, async (tx) => {
    const reportId = await insertReport(tx, {
      dialogueId: d.id,
      route,
      indicator: input.indicator,
      period: input.period,
      language: input.language,
      title: REPORT_MESSAGES[input.language].title(
        built.data.routeName ?? REPORT_MESSAGES[input.language].wholeDialogue,
        input.period,
      ),
      html: built.html,
      pdf,
      pdfError,
      dataAsOf: built.dataAsOf,
      classification: built.classification,
      originatorOrgId: actor.orgId,
      sharedWithOrgIds: built.sharedWith,
      createdBy: actor.userId,
      inputs: built.inputs,
    });
    await recordAudit(
      tx,
      actor,
      'report.generate',
      { type: 'report', id: reportId, dialogueId: d.id },
      {
        route,
        indicator: input.indicator,
        period: input.period,
        language: input.language,
        classification: built.classification,
        hasPdf: pdf !== null,
      },
      { ip: ctx.ip },
    );
    return reportId;
  });
  return getReport(ctx, slug, id);
}

export async function listReports(ctx: Ctx, slug: string): Promise<ReportView[]> {
  const d = await requireMemberDialogue(ctx, slug);
  const rows = await withActor(ctx.db, ctx.actor, (tx) => listVisibleReports(tx, ctx.actor, d.id));
  return rows.map(toReportView);
}

export async function getReport(ctx: Ctx, slug: string, id: number): Promise<ReportView> {
  const d = await requireMemberDialogue(ctx, slug);
  const row = await withActor(ctx.db, ctx.actor, (tx) => findVisibleReport(tx, ctx.actor, d.id, id));
  if (!row) throw new NotFound(`Report ${id}`);
  return toReportView(row);
}

/** The stored HTML or PDF of a report the actor may see. */
export async function readReportFile(
  ctx: Ctx,
  slug: string,
  id: number,
  format: 'html' | 'pdf',
): Promise<{ body: string | Buffer; fileName: string }> {
  const d = await requireMemberDialogue(ctx, slug);
  const content = await withActor(ctx.db, ctx.actor, async (tx) => {
    const row = await findVisibleReport(tx, ctx.actor, d.id, id);
    return row ? { row, ...(await readReportContent(tx, id)) } : undefined;
  });
  if (!content) throw new NotFound(`Report ${id}`);
  const base = `report-${d.slug}-${content.row.route === TOTAL ? 'all' : content.row.route}-${content.row.period}-${content.row.language}`;
  if (format === 'html') return { body: content.html!, fileName: `${base}.html` };
  if (!content.pdf)
    throw new NotFound(`The PDF of report ${id} (${content.row.pdf_error ?? 'not rendered'})`);
  return { body: Buffer.from(content.pdf), fileName: `${base}.pdf` };
}

// --- monthly schedule --------------------------------------------------------------------------------------

function toScheduleView(s: ScheduleRow): ScheduleView {
  return {
    id: s.id,
    route: s.route === TOTAL ? null : s.route,
    indicator: s.indicator,
    language: s.language,
    createdBy: { id: s.created_by, name: s.creator_name },
    lastPeriod: s.last_period,
    createdAt: iso(s.created_at),
  };
}

async function requireScheduler(ctx: Ctx, slug: string): Promise<DialogueRow> {
  const d = await requireMemberDialogue(ctx, slug);
  if (!allows(ctx.actor, reportsPolicy.schedule, { dialogueId: d.id }))
    throw new Forbidden('Only the secretariat schedules monthly reports');
  return d;
}

export async function listReportSchedules(ctx: Ctx, slug: string): Promise<ScheduleView[]> {
  const d = await requireScheduler(ctx, slug);
  return (await withActor(ctx.db, ctx.actor, (tx) => listSchedules(tx, d.id))).map(toScheduleView);
}

/** Schedules a report of a route (or the whole dialogue) for every new month published (secretariat). */
export async function createReportSchedule(
  ctx: Ctx,
  slug: string,
  input: ScheduleCreateBody,
): Promise<ScheduleView> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthenticated();
  const d = await requireScheduler(ctx, slug);
  const route = input.route && input.route !== TOTAL ? input.route : TOTAL;
  const rows = await withActor(ctx.db, actor, async (tx) => {
    const indicators = await listVisibleIndicators(tx, actor, d.id);
    const routes = await listVisibleRoutes(tx, actor, d.id);
    const errors = [];
    if (!indicators.some((i) => i.code === input.indicator))
      errors.push({ field: 'body.indicator', message: `no indicator "${input.indicator}" in this dialogue` });
    if (route !== TOTAL && !routes.some((r) => r.code === route))
      errors.push({ field: 'body.route', message: `no route "${route}" in this dialogue` });
    if (errors.length) throw new Invalid(errors);
    const id = await insertSchedule(tx, {
      dialogueId: d.id,
      route,
      indicator: input.indicator,
      language: input.language,
      createdBy: actor.userId,
    });
    if (id === null) throw new Conflict('This report is already scheduled', undefined, 'ALREADY_EXISTS');
    return (await listSchedules(tx, d.id)).filter((s) => s.id === id);
  });
  return toScheduleView(rows[0]!);
}

export async function deleteReportSchedule(ctx: Ctx, slug: string, id: number): Promise<void> {
  const d = await requireScheduler(ctx, slug);
  const deleted = await withActor(ctx.db, ctx.actor, (tx) => deleteSchedule(tx, d.id, id));
  if (!deleted) throw new NotFound(`Schedule ${id}`);
}

export const MONTHLY_REPORTS_JOB = 'reports.monthly';

/**
 * Job 'reports.monthly' {dialogueId?} (enqueued by each publication): for every schedule whose dialogue has a
 * month published after the last one reported, generates the report of that month as the schedule's author
 * (so it shows what they may see; nothing if they lost the right to generate reports).
 */
export async function runMonthlyReports(
  db: Db,
  payload: unknown,
  log: FastifyBaseLogger = pino({ level: 'silent' }),
): Promise<{ generated: number; skipped: number }> {
  const dialogueId = (payload as { dialogueId?: unknown } | null)?.dialogueId;
  const schedules = await listSchedules(db, typeof dialogueId === 'number' ? dialogueId : undefined);
  const out = { generated: 0, skipped: 0 };
  for (const s of schedules) {
    const latest = await latestPublishedPeriod(db, s.dialogue_id);
    if (!latest || (s.last_period !== null && s.last_period >= latest)) continue;
    const user = await findUserAuth(db, s.created_by);
    const actor = user?.is_active ? await loadActor(db, user) : null;
    if (!actor || !allows(actor, reportsPolicy.generate, { dialogueId: s.dialogue_id })) {
      out.skipped++;
      continue;
    }
    await generateReport(
      { db, actor, log },
      s.dialogue_slug,
      { route: s.route, indicator: s.indicator, period: latest, language: s.language },
      { isScheduled: true },
    );
    await setScheduleDone(db, s.id, latest);
    out.generated++;
  }
  return out;
}

export async function enqueueMonthlyReports(db: Queryable, dialogueId: number): Promise<void> {
  await enqueue(db, MONTHLY_REPORTS_JOB, { dialogueId }, { singletonKey: `dialogue:${dialogueId}` });
}
