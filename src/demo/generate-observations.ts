/**
 * Seeded, deterministic generator of synthetic monthly statistics for the demo dialogue: seasonality,
 * trend, noise, a surge on the Central Mediterranean in summer 2023 and a shift of Afghan detections from
 * the Eastern Mediterranean to the Western Balkans from 2024. Pure: no I/O. Synthetic, never real data.
 */
import { monthsBetween, type Period, parsePeriod, periodRange } from '../domain/periods';
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
}

export const DEMO_FROM: Period = '2020-01';
export const DEMO_TO: Period = '2025-09';
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

function surge(route: string, p: Period): number {
  if (route !== 'CMED') return 1;
  const { year, month } = parsePeriod(p);
  return year === 2023 && month >= 6 && month <= 10 ? 2.6 : 1;
}

/** Afghan detections move from the Eastern Mediterranean to the Western Balkans from January 2024. */
function routeShift(route: string, citizenship: string, p: Period): number {
  if (citizenship !== 'AFG' || p < '2024-01') return 1;
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
          surge(route.code, p);
        let total = 0;
        for (const [cit, w] of mix) {
          const v = Math.max(
            0,
            Math.round(level * w * routeShift(route.code, cit, p) * Math.exp(0.12 * gaussian(rand))),
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
  const from = opts.from ?? DEMO_FROM;
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
  const periods = periodRange(opts.from ?? DEMO_FROM, opts.to ?? DEMO_TO);
  yield* generateIbc(opts, periods, rand);
  yield* generateOthers(opts, periods, rand);
}
