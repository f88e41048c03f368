/**
 * Forecasts of a dialogue's published series (see docs/forecasting.md).
 *
 * - refreshForecasts (job 'forecast.refresh', `passage forecast`): for every indicator × route total and the
 *   top-10 citizenships of each, runs the rolling-origin backtest and the forecasts of src/domain/forecasting
 *   and replaces the dialogue's stored forecasts. Inputs are the dashboard rollups: published, current figures
 *   classified public or dialogue only; a series is 'dialogue' if any of its inputs is.
 * - listForecasts / getForecastSeries: what the caller may see, like the dashboards (members: public and
 *   dialogue series; others: public ones; a dialogue the caller may not see is a 404).
 * - requestForecastRefresh: the secretariat queues a recomputation.
 */
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  ALL_MODELS,
  DEFAULT_FORECAST_OPTIONS,
  type ForecastOptions,
  type ForecastTask,
  loadAugurs,
  noForecast,
  type Revision,
  runForecastTask,
  type SeriesForecast,
} from '../../domain/forecasting';
import { type ModelInput, modelInput } from '../../domain/forecasting/model-input';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { addMonths, monthsBetween, type Period } from '../../domain/periods';
import { enqueue } from '../../jobs/queue';
import { allows } from '../../shared/access';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import type { Ctx } from '../../shared/ctx';
import { Forbidden, Invalid, NotFound } from '../../shared/errors';
import { startTsWorker } from '../../shared/ts-worker';
import { sharedClassesVisibleTo } from '../../shared/visibility';
import { recordAudit } from '../audit/audit.service';
import { forecastPolicy } from './forecasting.policy';
import type {
  ForecastListView,
  ForecastSeriesQuery,
  ForecastSeriesSummary,
  ForecastSeriesView,
} from './forecasting.schema';
import {
  dialoguesWithoutForecasts,
  type InputCell,
  indicatorIds,
  listSeries,
  type RevisionRow,
  readBacktestPoints,
  readBacktests,
  readDataAsOf,
  readForecastInputs,
  readHistory,
  readPoints,
  readRevisedSeries,
  replaceForecasts,
  resolveForecastScope,
  type SeriesRow,
  type SeriesWrite,
} from './forecasting.sql';

export const FORECAST_JOB = 'forecast.refresh';
const TOP_CITIZENSHIPS = 10;
const TOTAL = '_T';

const toPeriod = (d: string) => d.slice(0, 7);
const toDay = (p: string) => `${p}-01`;
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export interface RefreshOptions {
  /** Backtest and model settings (defaults: DEFAULT_FORECAST_OPTIONS); plain data, they cross to the worker. */
  forecast?: ForecastTask['options'];
  /** Only these indicator codes (default: all). */
  indicators?: readonly string[];
  /** Called after each series (progress for the CLI). */
  onSeries?: (done: number, total: number) => void;
  /** Aborted when the server stops: the refresh gives up between series and stores nothing. */
  signal?: AbortSignal;
  /** The current month (default: today, UTC): series whose figures end too long before it are not forecast. */
  today?: Period;
  /** Where the models run (default 'worker'); 'main' is the reference the refresh-latency benchmark compares. */
  thread?: 'worker' | 'main';
}

export interface RefreshSummary {
  dialogueId: number;
  series: number;
  ok: number;
  tooShort: number;
  allZero: number;
  failed: number;
  /** Not forecast: last figures older than the horizon, too few months after a gap, no plausible model. */
  stale: number;
  gaps: number;
  implausible: number;
  /** Models passed over by the sanity guard (the next model or a baseline served, or none). */
  rejectedModels: number;
  chosen: Record<string, number>;
  seconds: number;
  /** Where the models ran: a worker thread (the event loop stays free), or this thread if none could start. */
  ranIn: 'worker' | 'main';
}

interface InputSeries {
  indicatorId: number;
  route: string;
  citizenship: string;
  classification: Classification;
  first: string;
  last: string;
  /**
   * Monthly values from `first` to `last`: null in a month without figures for the route (a gap, issue 14);
   * a citizenship absent in a month its route has figures counts 0 (zero cells are often left out).
   */
  values: (number | null)[];
}

const routeKey = (c: { indicator_id: number; route: string }) => `${c.indicator_id}|${c.route}`;

/** Months in which each indicator × route total has figures (outside them a month is a gap, not a zero). */
function reportedMonths(cells: readonly InputCell[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of cells) {
    if (c.citizenship !== TOTAL) continue;
    const set = out.get(routeKey(c)) ?? new Set<string>();
    set.add(toPeriod(c.period));
    out.set(routeKey(c), set);
  }
  return out;
}

/** Groups the input cells into monthly series, gaps as null. */
export function buildInputSeries(cells: readonly InputCell[]): InputSeries[] {
  const reported = reportedMonths(cells);
  const groups = new Map<string, InputCell[]>();
  for (const c of cells) {
    const k = `${c.indicator_id}|${c.route}|${c.citizenship}`;
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.values()].map((g) => {
    const byPeriod = new Map(g.map((c) => [toPeriod(c.period), Number(c.value)]));
    const periods = [...byPeriod.keys()].sort();
    const first = periods[0]!;
    const last = periods[periods.length - 1]!;
    return {
      indicatorId: g[0]!.indicator_id,
      route: g[0]!.route,
      citizenship: g[0]!.citizenship,
      classification: g.some((c) => c.classification === 'dialogue') ? 'dialogue' : 'public',
      first,
      last,
      values: Array.from({ length: monthsBetween(first, last) + 1 }, (_, i) => {
        const p = addMonths(first, i);
        return byPeriod.get(p) ?? (reported.get(routeKey(g[0]!))?.has(p) ? 0 : null);
      }),
    };
  });
}

/** The months the model was fed: the unbroken run of modelInput, or the last month for a series not fed. */
interface Fed {
  first: string;
  last: string | null;
  months: number;
}

function toWrite(s: InputSeries, fed: Fed, f: SeriesForecast): SeriesWrite {
  const periodAt = (index: number) => toDay(addMonths(fed.first, index));
  const originDay = fed.last === null ? null : toDay(fed.last);
  return {
    indicatorId: s.indicatorId,
    route: s.route,
    citizenship: s.citizenship,
    classification: s.classification,
    status: f.status,
    reason: f.reason,
    chosenModel: f.chosenModel,
    origin: originDay,
    months: fed.months,
    rejected: f.rejected,
    points: ALL_MODELS.flatMap((model) =>
      (f.forecasts[model] ?? []).map((p) => ({
        model,
        ...p,
        period: toDay(addMonths(fed.last ?? s.last, p.horizon)),
      })),
    ),
    backtests: f.backtests.map((b) => ({
      model: b.model,
      horizon: b.horizon,
      mase: b.mase,
      smape: b.smape,
      coverage80: b.coverage80,
      coverage95: b.coverage95,
      n_origins: b.nOrigins,
    })),
    backtestPoints: f.backtestPoints.map((b) => ({
      model: b.model,
      origin: periodAt(b.origin),
      horizon: b.horizon,
      period: periodAt(b.origin + b.horizon),
      point: b.point,
      lo80: b.lo80,
      hi80: b.hi80,
      actual: b.actual,
    })),
  };
}

/** The service backtests the last 24 origins (two years): enough for the table, affordable for ~100 series. */
const SERVICE_FORECAST_OPTIONS: Partial<ForecastOptions> = { maxOrigins: 24 };

const seriesKey = (indicatorId: number, route: string, citizenship: string) =>
  `${indicatorId}|${route}|${citizenship}`;

function groupRevisions(rows: readonly RevisionRow[]): Map<string, RevisionRow[]> {
  const out = new Map<string, RevisionRow[]>();
  for (const r of rows) {
    const k = seriesKey(r.indicator_id, r.route, r.citizenship);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

const epoch = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());

/** The revisions of one series, indexed by month within the run fed to the model (others are dropped). */
function toRevisions(
  run: { first: string; values: readonly number[] },
  rows: readonly RevisionRow[],
): Revision[] {
  return rows
    .map((r) => ({
      index: monthsBetween(run.first, toPeriod(r.period)),
      reporter: r.reporter_iso3,
      value: Number(r.value),
      publishedAt: epoch(r.published_at),
      supersededAt: epoch(r.superseded_at),
    }))
    .filter((r) => r.index >= 0 && r.index < run.values.length);
}

const currentMonth = () => new Date().toISOString().slice(0, 7);

/**
 * The task of one series: its unbroken run (`input.ok`) and, for a revised series, its revisions (backtests
 * read each origin's vintage; the others' vintages are the current figures).
 */
function taskOf(
  input: Extract<ModelInput, { ok: true }>,
  revised: readonly RevisionRow[] | undefined,
  options: ForecastTask['options'],
): ForecastTask {
  return { values: input.values, revisions: revised ? toRevisions(input, revised) : null, options };
}

interface Forecaster {
  ranIn: 'worker' | 'main';
  run(task: ForecastTask): Promise<SeriesForecast>;
  close(): Promise<void>;
}

/**
 * Runs the models of each task in a worker thread (forecasting.thread.ts), so the event loop stays free while
 * a refresh runs; in this thread when asked, or if the worker cannot be created (`ranIn` says which).
 */
async function startForecaster(thread: 'worker' | 'main'): Promise<Forecaster> {
  if (thread === 'worker') {
    try {
      const worker = startTsWorker<ForecastTask, SeriesForecast>(
        new URL('./forecasting.thread.ts', import.meta.url),
      );
      return { ranIn: 'worker', run: (task) => worker.request(task), close: () => worker.close() };
    } catch {
      // fall through: the models run in this thread
    }
  }
  const rt = await loadAugurs();
  return {
    ranIn: 'main',
    async run(task) {
      await nextTick(); // keep the server responsive between series
      return runForecastTask(rt, task);
    },
    close: async () => {},
  };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recomputes and stores every forecast of a dialogue. Runs as the database owner (job, CLI): it reads only
 * public and dialogue-classified rollups and stores each series with its classification.
 */
export async function refreshForecasts(
  db: Db,
  dialogueId: number,
  opts: RefreshOptions = {},
): Promise<RefreshSummary> {
  const t0 = performance.now();
  const [cells, dataAsOf, revisions] = await Promise.all([
    readForecastInputs(db, dialogueId, TOP_CITIZENSHIPS),
    readDataAsOf(db, dialogueId),
    readRevisedSeries(db, dialogueId, DIMENSIONS),
  ]);
  const revisionsOf = groupRevisions(revisions);
  const wanted = opts.indicators ? new Set(await indicatorIds(db, dialogueId, opts.indicators)) : undefined;
  const inputs = buildInputSeries(wanted ? cells.filter((c) => wanted.has(c.indicator_id)) : cells);
  const writes: SeriesWrite[] = [];
  const summary: RefreshSummary = {
    dialogueId,
    series: inputs.length,
    ok: 0,
    tooShort: 0,
    allZero: 0,
    failed: 0,
    stale: 0,
    gaps: 0,
    implausible: 0,
    rejectedModels: 0,
    chosen: {},
    seconds: 0,
    ranIn: 'main',
  };
  const options = { ...DEFAULT_FORECAST_OPTIONS, ...SERVICE_FORECAST_OPTIONS, ...opts.forecast };
  const today = opts.today ?? currentMonth();
  const forecaster = await startForecaster(opts.thread ?? 'worker');
  summary.ranIn = forecaster.ranIn;
  try {
    for (const [i, s] of inputs.entries()) {
      opts.signal?.throwIfAborted();
      const input = modelInput(s, { today, horizon: options.horizon, minLength: options.minLength });
      const revised = revisionsOf.get(seriesKey(s.indicatorId, s.route, s.citizenship));
      const f = input.ok
        ? await forecaster.run(taskOf(input, revised, options))
        : noForecast(input.status, input.reason);
      count(summary, f);
      const fed = input.ok
        ? { first: input.first, last: input.last, months: input.values.length }
        : { first: s.first, last: input.last, months: s.values.filter((v) => v !== null).length };
      writes.push(toWrite(s, fed, f));
      opts.onSeries?.(i + 1, inputs.length);
    }
  } finally {
    await forecaster.close();
  }
  opts.signal?.throwIfAborted();
  await db.transaction(async (tx) => {
    await replaceForecasts(tx, dialogueId, dataAsOf, writes);
    const { chosen: _chosen, seconds: _seconds, ranIn: _ranIn, ...counts } = summary;
    await recordAudit(tx, null, 'forecast.refresh', { type: 'dialogue', id: dialogueId, dialogueId }, counts);
  });
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

const STATUS_COUNTER = {
  ok: 'ok',
  too_short: 'tooShort',
  all_zero: 'allZero',
  failed: 'failed',
  stale: 'stale',
  gaps: 'gaps',
  implausible: 'implausible',
} as const;

function count(summary: RefreshSummary, f: SeriesForecast): void {
  summary[STATUS_COUNTER[f.status]]++;
  summary.rejectedModels += f.rejected.length;
  if (f.chosenModel) summary.chosen[f.chosenModel] = (summary.chosen[f.chosenModel] ?? 0) + 1;
}

/** The job handler of 'forecast.refresh' ({ dialogueId }); stops between series when `signal` aborts. */
export async function runForecastJob(
  db: Db,
  payload: unknown,
  _job?: unknown,
  run?: { signal: AbortSignal },
): Promise<RefreshSummary> {
  const dialogueId = (payload as { dialogueId?: unknown } | null)?.dialogueId;
  if (typeof dialogueId !== 'number') throw new Error('forecast.refresh needs { dialogueId: number }');
  return refreshForecasts(db, dialogueId, run ? { signal: run.signal } : {});
}

/** Queues a recomputation of the dialogue's forecasts (at most one waiting per dialogue). */
export async function enqueueForecastRefresh(db: Queryable, dialogueId: number): Promise<void> {
  await enqueue(db, FORECAST_JOB, { dialogueId }, { singletonKey: String(dialogueId) });
}

// --- reading -----------------------------------------------------------------------------------------------

function classesFor(actor: MaybeActor, dialogueId: number): Classification[] {
  return sharedClassesVisibleTo(actor, dialogueId);
}

function toSummary(r: SeriesRow): ForecastSeriesSummary {
  return {
    indicator: r.indicator,
    route: r.route,
    citizenship: r.citizenship,
    reporter: r.reporter_iso3,
    classification: r.classification as 'public' | 'dialogue',
    status: r.status as ForecastSeriesSummary['status'],
    reason: r.reason,
    chosenModel: r.chosen_model as ForecastSeriesSummary['chosenModel'],
    origin: r.origin ? toPeriod(r.origin) : null,
    months: r.months,
    rejected: r.rejected,
    dataAsOf: iso(r.data_as_of),
    computedAt: iso(r.computed_at)!,
  };
}

export async function listForecasts(ctx: Ctx, slug: string): Promise<ForecastListView> {
  return withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await resolveForecastScope(tx, ctx.actor, slug, {});
    if (!scope) throw new NotFound(`Dialogue "${slug}"`);
    const rows = await listSeries(tx, ctx.actor, scope.dialogueId, classesFor(ctx.actor, scope.dialogueId));
    return { series: rows.map(toSummary) };
  });
}

type Model = ForecastSeriesView['forecasts'][number]['model'];

export async function getForecastSeries(
  ctx: Ctx,
  slug: string,
  q: ForecastSeriesQuery,
): Promise<ForecastSeriesView> {
  return withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await resolveForecastScope(tx, ctx.actor, slug, { indicator: q.indicator, route: q.route });
    if (!scope) throw new NotFound(`Dialogue "${slug}"`);
    const errors = [];
    if (scope.indicatorId === null)
      errors.push({
        field: 'querystring.indicator',
        message: `no indicator "${q.indicator}" in this dialogue`,
      });
    if (scope.route === null)
      errors.push({ field: 'querystring.route', message: `no route "${q.route}" in this dialogue` });
    if (errors.length) throw new Invalid(errors);
    const classes = classesFor(ctx.actor, scope.dialogueId);
    const key = { indicatorId: scope.indicatorId!, route: scope.route!, citizenship: q.citizenship };
    const [row] = await listSeries(tx, ctx.actor, scope.dialogueId, classes, key);
    if (!row) throw new NotFound(`Forecast of ${q.indicator} / ${q.route} / ${q.citizenship}`);
    const [history, points, backtests, backtestPoints] = await Promise.all([
      readHistory(tx, { ...key, classes }),
      readPoints(tx, row.id),
      readBacktests(tx, row.id),
      readBacktestPoints(tx, row.id),
    ]);
    const byModel = new Map<Model, ForecastSeriesView['forecasts'][number]['points']>();
    for (const p of points) {
      const list = byModel.get(p.model as Model) ?? [];
      list.push({ ...p, period: toPeriod(p.period) });
      byModel.set(p.model as Model, list);
    }
    return {
      series: toSummary(row),
      history: history.map((h) => ({ period: toPeriod(h.period), value: Number(h.value) })),
      forecasts: [...byModel.entries()].map(([model, pts]) => ({ model, points: pts })),
      backtests: backtests.map((b) => ({
        model: b.model as Model,
        horizon: b.horizon,
        mase: b.mase,
        smape: b.smape,
        coverage80: b.coverage80,
        coverage95: b.coverage95,
        nOrigins: b.n_origins,
      })),
      backtestPoints: backtestPoints.map((b) => ({
        ...b,
        model: b.model as Model,
        origin: toPeriod(b.origin),
        period: toPeriod(b.period),
      })),
    };
  });
}

/** The secretariat asks for a recomputation; 404 for a dialogue the caller may not see, 403 for other members. */
export async function requestForecastRefresh(
  ctx: Ctx,
  slug: string,
): Promise<{ queued: true; job: typeof FORECAST_JOB }> {
  await withActor(ctx.db, ctx.actor, async (tx) => {
    const scope = await resolveForecastScope(tx, ctx.actor, slug, {});
    if (!scope) throw new NotFound(`Dialogue "${slug}"`);
    if (!allows(ctx.actor, forecastPolicy.refresh, { dialogueId: scope.dialogueId }))
      throw new Forbidden('Only the secretariat of the dialogue recomputes forecasts');
    await enqueueForecastRefresh(tx, scope.dialogueId);
    await recordAudit(
      tx,
      ctx.actor,
      'forecast.refresh_request',
      { type: 'dialogue', id: scope.dialogueId, dialogueId: scope.dialogueId },
      {},
      { ip: ctx.ip },
    );
  });
  return { queued: true, job: FORECAST_JOB };
}

/** At start-up: queue a computation for every dialogue with published data but no forecasts yet. */
export async function enqueueMissingForecasts(db: Db): Promise<number> {
  const ids = await dialoguesWithoutForecasts(db);
  for (const id of ids) await enqueueForecastRefresh(db, id);
  return ids.length;
}
