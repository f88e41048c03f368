/**
 * Seeded, deterministic generator of synthetic monthly statistics for the demo dialogue: seasonality,
 * trend, noise, a surge on the Central Mediterranean one summer and a shift of Afghan detections from
 * the Eastern Mediterranean to the Western Balkans from the January after it. Pure: no I/O. Synthetic, never
 * real data. The months are relative to the day the demo is created (`today`): the figures end with the month
 * before it, so a provider's first upload for the current month lands next to history; the surge and the shift
 * sit where they sat when the demo ended in 2025-09 (summer two years before the end, shift the January after).
 */
import {
  addMonths,
  formatPeriod,
  monthsBetween,
  type Period,
  parsePeriod,
  periodRange,
} from '../domain/periods';
import { STANDARD_INDICATORS } from '../reference/standard-indicators';
import { DEMO_MEMBER_STATES, DEMO_NON_REPORTING, DEMO_ROUTES, type DemoRoute } from './demo-dialogue';

export interface GeneratedObservation {
  indicator: string;
  reporter: string;
  period: Period;
  route: string;
  citizenship: string;
  borderType: string;
  value: number;
}

export interface GenerateOptions {
  seed?: number;
  from?: Period;
  to?: Period;
  /**
   * Extra synthetic citizenship codes per route beyond the route's own mix (for benchmarks at 10^6–10^7
   * rows). Codes are taken from `extraCitizenshipPool` in order.
   */
  extraCitizenships?: number;
  extraCitizenshipPool?: readonly string[];
  /**
   * Extra synthetic reporting states (ISO alpha-3, for benchmarks): the i-th joins route i mod 4 with a
   * small share of its detections and reports every other indicator too.
   */
  extraReporters?: readonly string[];
  /**
   * The day the demo is created (default: now); with `seed`, it fixes every figure. Without `from`/`to`, the
   * series are the DEMO_MONTHS months ending with the month before it (UTC).
   */
  today?: Date;
}

/** Length of the demo's history in months (2020-01 to 2025-09 when it had fixed dates). */
export const DEMO_MONTHS = 69;

/** The month (UTC) a day falls in. */
export function periodOfDay(day: Date): Period {
  return formatPeriod(day.getUTCFullYear(), day.getUTCMonth() + 1);
}

/** The demo's months for a creation day: DEMO_MONTHS of them, ending with the month before that day. */
export function demoPeriods(today: Date): { from: Period; to: Period } {
  const to = addMonths(periodOfDay(today), -1);
  return { from: addMonths(to, 1 - DEMO_MONTHS), to };
}

/** The generator's months: `from`/`to` when given, else the demo's months for `today`. */
export function generatedPeriods(opts: GenerateOptions): { from: Period; to: Period } {
  const relative = demoPeriods(opts.today ?? new Date());
  return { from: opts.from ?? relative.from, to: opts.to ?? relative.to };
}

/**
 * When the surge and the route shift happen, from the last month: the surge in June to October of the year
 * 23 months before the end (so at least 14 months of history follow it), the shift from the next January.
 */
export interface DemoEvents {
  surgeYear: number;
  shiftFrom: Period;
}

export function demoEvents(to: Period): DemoEvents {
  const surgeYear = parsePeriod(addMonths(to, -23)).year;
  return { surgeYear, shiftFrom: formatPeriod(surgeYear + 1, 1) };
}
const T = '_T';

/** mulberry32: a tiny, well-known 32-bit PRNG; enough for reproducible synthetic data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Summer/autumn peak typical of sea and land crossings. */
function season(month: number, amplitude: number): number {
  return 1 + amplitude * Math.sin(((month - 4) / 12) * 2 * Math.PI);
}

function surge(events: DemoEvents, route: string, p: Period): number {
  if (route !== 'CMED') return 1;
  const { year, month } = parsePeriod(p);
  return year === events.surgeYear && month >= 6 && month <= 10 ? 2.6 : 1;
}

/** Afghan detections move from the Eastern Mediterranean to the Western Balkans from the shift's January. */
function routeShift(events: DemoEvents, route: string, citizenship: string, p: Period): number {
  if (citizenship !== 'AFG' || p < events.shiftFrom) return 1;
  if (route === 'EMED') return 0.35;
  if (route === 'WBAL') return 2.2;
  return 1;
}

function citizenshipMix(route: DemoRoute, opts: GenerateOptions): [string, number][] {
  const mix = Object.entries(route.citizenships);
  const pool = (opts.extraCitizenshipPool ?? []).filter((c) => !(c in route.citizenships));
  for (let i = 0; i < (opts.extraCitizenships ?? 0) && i < pool.length; i++)
    mix.push([pool[i]!, 2 / (1 + i / 10)]);
  const total = mix.reduce((s, [, w]) => s + w, 0);
  return mix.map(([c, w]) => [c, w / total]);
}

/** The route's reporting states, followed by the extra synthetic reporters assigned to it. */
function routeReporters(route: DemoRoute, opts: GenerateOptions): DemoRoute['reporters'] {
  const k = DEMO_ROUTES.indexOf(route);
  const extra = (opts.extraReporters ?? [])
    .filter((iso3, i) => i % DEMO_ROUTES.length === k && !route.reporters.some((r) => r.iso3 === iso3))
    .map((iso3) => ({ iso3, share: 0.08, sea: 0.3 }));
  return extra.length ? [...route.reporters, ...extra] : route.reporters;
}

/** Route detections (IBC) by reporter, route, citizenship, plus totals and the land/sea split. */
function* generateIbc(
  opts: GenerateOptions,
  periods: Period[],
  events: DemoEvents,
  rand: () => number,
): Generator<GeneratedObservation> {
  for (const route of DEMO_ROUTES) {
    const mix = citizenshipMix(route, opts);
    for (const rep of routeReporters(route, opts)) {
      for (const p of periods) {
        const t = monthsBetween(periods[0]!, p);
        const level =
          route.level *
          rep.share *
          season(parsePeriod(p).month, 0.45) *
          (1 + 0.006 * t) *
          surge(events, route.code, p);
        let total = 0;
        for (const [cit, w] of mix) {
          const v = Math.max(
            0,
            Math.round(level * w * routeShift(events, route.code, cit, p) * Math.exp(0.12 * gaussian(rand))),
          );
          total += v;
          yield {
            indicator: 'IBC',
            reporter: rep.iso3,
            period: p,
            route: route.code,
            citizenship: cit,
            borderType: T,
            value: v,
          };
        }
        yield {
          indicator: 'IBC',
          reporter: rep.iso3,
          period: p,
          route: route.code,
          citizenship: T,
          borderType: T,
          value: total,
        };
        const sea = Math.round(total * rep.sea);
        if (sea > 0)
          yield {
            indicator: 'IBC',
            reporter: rep.iso3,
            period: p,
            route: route.code,
            citizenship: T,
            borderType: 'SEA',
            value: sea,
          };
        if (total - sea > 0)
          yield {
            indicator: 'IBC',
            reporter: rep.iso3,
            period: p,
            route: route.code,
            citizenship: T,
            borderType: 'LAND',
            value: total - sea,
          };
      }
    }
  }
}

/** Relative size of the other indicators against a state's route detections. */
const INDICATOR_FACTORS: Record<string, number> = {
  IBC_AT_BCP: 0.04,
  FAC: 0.02,
  ILS: 0.5,
  REF: 0.25,
  FDOC: 0.03,
  ASY: 0.7,
  RET_DEC: 0.22,
  RET_EFF: 0.07,
};

/** Who reports the indicators other than IBC: every member state that reports at all, and the extra ones. */
function otherReporters(opts: GenerateOptions): string[] {
  const extraReporters = (opts.extraReporters ?? []).filter(
    (c) => !(DEMO_MEMBER_STATES as readonly string[]).includes(c),
  );
  return [...DEMO_MEMBER_STATES, ...extraReporters].filter((c) => !DEMO_NON_REPORTING.includes(c));
}

/**
 * Which state reports which indicator in the generated data, from its first month: the demo's reporting
 * calendar (src/demo/seed-demo.ts), so the calendar expects exactly what the demo's states report.
 */
export function demoReportingPlan(
  opts: GenerateOptions = {},
): { reporter: string; indicator: string; from: Period }[] {
  const { from } = generatedPeriods(opts);
  const ibc = [...new Set(DEMO_ROUTES.flatMap((r) => routeReporters(r, opts).map((x) => x.iso3)))];
  const others = STANDARD_INDICATORS.map((d) => d.code).filter((c) => INDICATOR_FACTORS[c] !== undefined);
  return [
    ...ibc.map((reporter) => ({ reporter, indicator: 'IBC', from })),
    ...otherReporters(opts).flatMap((reporter) => others.map((indicator) => ({ reporter, indicator, from }))),
  ];
}

function* generateOthers(
  opts: GenerateOptions,
  periods: Period[],
  rand: () => number,
): Generator<GeneratedObservation> {
  for (const reporter of otherReporters(opts)) {
    const shareOn = (r: DemoRoute) => routeReporters(r, opts).find((x) => x.iso3 === reporter)?.share;
    const routes = DEMO_ROUTES.filter((r) => shareOn(r) !== undefined);
    const base = routes.reduce((s, r) => s + r.level * shareOn(r)!, 0) || 400;
    const mixWeights = new Map<string, number>();
    for (const r of routes.length ? routes : DEMO_ROUTES.slice(3)) {
      for (const [c, w] of citizenshipMix(r, opts)) mixWeights.set(c, (mixWeights.get(c) ?? 0) + w);
    }
    const top = [...mixWeights.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5 + (opts.extraCitizenships ?? 0));
    const topTotal = top.reduce((s, [, w]) => s + w, 0);
    for (const def of STANDARD_INDICATORS) {
      const factor = INDICATOR_FACTORS[def.code];
      if (factor === undefined) continue;
      for (const p of periods) {
        const t = monthsBetween(periods[0]!, p);
        const level = base * factor * season(parsePeriod(p).month, 0.2) * (1 + 0.004 * t);
        let total = 0;
        for (const [cit, w] of top) {
          const v = Math.max(0, Math.round(level * (w / topTotal) * 0.85 * Math.exp(0.15 * gaussian(rand))));
          total += v;
          yield {
            indicator: def.code,
            reporter,
            period: p,
            route: T,
            citizenship: cit,
            borderType: T,
            value: v,
          };
        }
        // The total also counts citizenships outside the top five, so it exceeds the sum of the rows above.
        total += Math.round(level * 0.15);
        yield {
          indicator: def.code,
          reporter,
          period: p,
          route: T,
          citizenship: T,
          borderType: T,
          value: total,
        };
      }
    }
  }
}

export function* generateDemoObservations(opts: GenerateOptions = {}): Generator<GeneratedObservation> {
  const rand = seededRandom(opts.seed ?? 20240101);
  const { from, to } = generatedPeriods(opts);
  const periods = periodRange(from, to);
  yield* generateIbc(opts, periods, demoEvents(to), rand);
  yield* generateOthers(opts, periods, rand);
}
