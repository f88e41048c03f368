/**
 * Accuracy of the forecasting models (src/domain/forecasting) against the naive and seasonal-naive baselines,
 * by rolling-origin backtest: on the real Frontex series in ../shared/data/frontex-ibc (route totals and the
 * route × top-10 citizenship series, origins over the last 6 years; skipped with a note when the data is
 * absent, never copied into the repository) and on the synthetic demo data (IBC route totals and route ×
 * citizenship series). Prints, per data set, mean MASE at horizons 1, 3 and 6 for each model and baseline, the
 * ratio to the better baseline, and the coverage of the 80 % intervals.
 * Targets (issue 8): MASE ≤ 0.85 × the better baseline at every horizon; 80 % coverage within 75–85 %.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoObservations } from '../../src/demo/generate-observations';
import { BENCH_DEMO_TODAY } from '../../src/demo/scale';
import {
  ALL_MODELS,
  type AugursRuntime,
  type BacktestMetric,
  type ForecastOptions,
  forecastSeries,
  loadAugurs,
  type ModelName,
} from '../../src/domain/forecasting';
import { addMonths, monthsBetween } from '../../src/domain/periods';
import type { Reporter } from '../lib/report';
import type { Benchmark } from '../lib/types';

const BENCH = 'forecast-accuracy';
const HORIZONS = [1, 3, 6];
const ORIGINS = 72; // six years of monthly origins
export const FRONTEX_CSV = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/frontex-ibc/frontex_ibc_monthly.csv',
);

export interface NamedSeries {
  name: string;
  values: number[];
}

/** Dense monthly series from (period → value) cells, from the first non-zero month to `last` (gaps = 0). */
function dense(cells: Map<string, number>, last: string): number[] {
  const periods = [...cells.entries()]
    .filter(([, v]) => v !== 0)
    .map(([p]) => p)
    .sort();
  const first = periods[0];
  if (!first) return [];
  return Array.from(
    { length: monthsBetween(first, last) + 1 },
    (_, i) => cells.get(addMonths(first, i)) ?? 0,
  );
}

/** Route totals and route × top-10 citizenship series (top by detections in the last 36 months). */
export function routeSeries(
  rows: Iterable<{ route: string; nat: string; period: string; n: number }>,
): NamedSeries[] {
  const totals = new Map<string, Map<string, number>>();
  const byNat = new Map<string, Map<string, Map<string, number>>>();
  let last = '0000-00';
  for (const r of rows) {
    if (r.period > last) last = r.period;
    const t = totals.get(r.route) ?? new Map<string, number>();
    t.set(r.period, (t.get(r.period) ?? 0) + r.n);
    totals.set(r.route, t);
    const nats = byNat.get(r.route) ?? new Map<string, Map<string, number>>();
    const c = nats.get(r.nat) ?? new Map<string, number>();
    c.set(r.period, (c.get(r.period) ?? 0) + r.n);
    nats.set(r.nat, c);
    byNat.set(r.route, nats);
  }
  const since = addMonths(last, -35);
  const out: NamedSeries[] = [];
  for (const [route, cells] of [...totals.entries()].sort()) {
    out.push({ name: route, values: dense(cells, last) });
    const nats = [...(byNat.get(route) ?? new Map<string, Map<string, number>>()).entries()]
      .map(([nat, c]) => ({
        nat,
        c,
        recent: [...c.entries()].reduce((s, [p, v]) => s + (p >= since ? v : 0), 0),
      }))
      .filter((x) => x.recent > 0)
      .sort((a, b) => b.recent - a.recent)
      .slice(0, 10);
    for (const { nat, c } of nats) out.push({ name: `${route} × ${nat}`, values: dense(c, last) });
  }
  return out;
}

export function frontexSeries(path = FRONTEX_CSV): NamedSeries[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return routeSeries(
    lines.map((l) => {
      const [route, , nat, period, n] = l.split(',').map((c) => c.replace(/^"|"$/g, ''));
      return { route: route!, nat: nat!, period: period!, n: Number(n) };
    }),
  );
}

export function demoSeries(): NamedSeries[] {
  const rows = [];
  for (const o of generateDemoObservations({ today: BENCH_DEMO_TODAY }))
    if (o.indicator === 'IBC' && o.borderType === '_T' && o.citizenship !== '_T')
      rows.push({ route: o.route, nat: o.citizenship, period: o.period, n: o.value });
  return routeSeries(rows);
}

export interface AccuracySummary {
  series: number;
  skipped: number;
  /** Mean MASE over series per model and horizon. */
  mase: Record<ModelName | 'chosen', number[]>;
  /** Pooled 80 % / 95 % coverage per model (over all horizons and origins). */
  coverage80: Record<ModelName | 'chosen', number>;
  coverage95: Record<ModelName | 'chosen', number>;
  chosenCounts: Partial<Record<ModelName, number>>;
  seconds: number;
}

/** Backtests every series and averages the metrics (MASE: mean over series of the per-series mean). */
export function measureAccuracy(
  rt: AugursRuntime,
  list: NamedSeries[],
  options: Partial<ForecastOptions> = {},
  horizon = 6,
): AccuracySummary {
  const t0 = performance.now();
  const names = [...ALL_MODELS, 'chosen'] as const;
  const maseSum = Object.fromEntries(names.map((m) => [m, new Array<number>(horizon).fill(0)])) as Record<
    (typeof names)[number],
    number[]
  >;
  const maseN = Object.fromEntries(names.map((m) => [m, new Array<number>(horizon).fill(0)])) as Record<
    (typeof names)[number],
    number[]
  >;
  const cov = Object.fromEntries(names.map((m) => [m, { in80: 0, in95: 0, n: 0 }])) as Record<
    (typeof names)[number],
    { in80: number; in95: number; n: number }
  >;
  const chosenCounts: Partial<Record<ModelName, number>> = {};
  let skipped = 0;
  for (const s of list) {
    const f = forecastSeries(rt, s.values, { maxOrigins: ORIGINS, horizon, ...options });
    if (f.status !== 'ok' || !f.chosenModel) {
      skipped++;
      continue;
    }
    chosenCounts[f.chosenModel] = (chosenCounts[f.chosenModel] ?? 0) + 1;
    const add = (name: (typeof names)[number], b: BacktestMetric) => {
      if (b.mase !== null) {
        maseSum[name][b.horizon - 1]! += b.mase;
        maseN[name][b.horizon - 1]!++;
      }
      cov[name].in80 += (b.coverage80 ?? 0) * b.nOrigins;
      cov[name].in95 += (b.coverage95 ?? 0) * b.nOrigins;
      cov[name].n += b.nOrigins;
    };
    for (const b of f.backtests) {
      add(b.model, b);
      if (b.model === f.chosenModel) add('chosen', b);
    }
  }
  const result = (rec: Record<string, number[]>) => rec as Record<ModelName | 'chosen', number[]>;
  return {
    series: list.length - skipped,
    skipped,
    mase: result(
      Object.fromEntries(
        names.map((m) => [m, maseSum[m].map((s, i) => (maseN[m][i] ? s / maseN[m][i]! : Number.NaN))]),
      ),
    ),
    coverage80: Object.fromEntries(
      names.map((m) => [m, cov[m].n ? cov[m].in80 / cov[m].n : Number.NaN]),
    ) as Record<ModelName | 'chosen', number>,
    coverage95: Object.fromEntries(
      names.map((m) => [m, cov[m].n ? cov[m].in95 / cov[m].n : Number.NaN]),
    ) as Record<ModelName | 'chosen', number>,
    chosenCounts,
    seconds: (performance.now() - t0) / 1000,
  };
}

function report(reporter: Reporter, data: string, s: AccuracySummary): void {
  reporter.note(
    BENCH,
    `${data}: ${s.series} series backtested (${s.skipped} too short or all zero) in ${s.seconds.toFixed(1)} s; chosen models: ${JSON.stringify(s.chosenCounts)}`,
  );
  for (const h of HORIZONS) {
    const naive = s.mase.naive[h - 1]!;
    const seasonal = s.mase.seasonal_naive[h - 1]!;
    const better = Math.min(naive, seasonal);
    const betterName = naive <= seasonal ? 'naive' : 'seasonal_naive';
    for (const m of [...ALL_MODELS, 'chosen'] as const) {
      const v = s.mase[m][h - 1]!;
      const isModel = m !== 'naive' && m !== 'seasonal_naive';
      reporter.add({
        bench: BENCH,
        name: `forecast.${data}.${m}.mase.h${h}`,
        value: v,
        unit: 'MASE',
        ratio: v / better,
        reference: `${betterName}@${better.toFixed(3)}`,
        ...(isModel ? { target: 'ratio ≤ 0.85', isTargetMet: v / better <= 0.85 } : {}),
      });
    }
  }
  for (const m of [...ALL_MODELS, 'chosen'] as const)
    reporter.add({
      bench: BENCH,
      name: `forecast.${data}.${m}.coverage80`,
      value: s.coverage80[m] * 100,
      unit: '%',
      ratio: s.coverage80[m] / 0.8,
      reference: 'nominal@80%',
      target: '75–85 %',
      isTargetMet: s.coverage80[m] >= 0.75 && s.coverage80[m] <= 0.85,
      details: { coverage95: s.coverage95[m] },
    });
}

export const forecastAccuracy: Benchmark = {
  name: BENCH,
  summary:
    'forecast MASE at h=1,3,6 per model vs naive and seasonal naive, 80 % interval coverage (Frontex + demo)',
  async run(env) {
    const rt = await loadAugurs();
    if (existsSync(FRONTEX_CSV)) report(env.reporter, 'frontex', measureAccuracy(rt, frontexSeries()));
    else
      env.reporter.note(
        BENCH,
        `skipped the real series: ${FRONTEX_CSV} is absent (the Frontex IBC file of ../shared/data/frontex-ibc)`,
      );
    report(env.reporter, 'demo', measureAccuracy(rt, demoSeries()));
  },
};
