/**
 * The demo generator scaled for benchmarks: more years (from 2010), more citizenships from the ISO list and
 * synthetic extra reporting states. Seeded and deterministic like the default demo; synthetic, never real.
 */
import { listCountryRefs } from '../reference/countries';
import { DEMO_MEMBER_STATES } from './demo-dialogue';
import type { GenerateOptions } from './generate-observations';

/**
 * Benchmarks generate the demo as it was created on this day (figures up to 2025-09), not relative to the day
 * they run, so their numbers stay comparable from one run to the next.
 */
export const BENCH_DEMO_TODAY = new Date('2025-10-01T00:00:00Z');

/** Supported sizes (observations) and the generator settings that give about that many rows. */
export const DEMO_SCALES = {
  '1e5': { from: '2018-01', extraCitizenships: 2, extraReporters: 0 }, // 90,489 rows
  '1e6': { from: '2010-01', extraCitizenships: 29, extraReporters: 4 }, // 1,017,387 rows
  '1e7': { from: '2010-01', extraCitizenships: 150, extraReporters: 26 }, // 10,350,207 rows
} as const;

export type DemoScale = keyof typeof DEMO_SCALES;

export function isDemoScale(s: string): s is DemoScale {
  return s in DEMO_SCALES;
}

/** Generator options for a scale; pass them to `generateDemoObservations` or `seedDemo`. */
export function demoScaleOptions(scale: DemoScale, seed?: number): GenerateOptions {
  const s = DEMO_SCALES[scale];
  const codes = listCountryRefs()
    .filter((c) => !c.isSpecial)
    .map((c) => c.iso3);
  const members = new Set<string>(DEMO_MEMBER_STATES);
  // Citizenships are drawn from the start of the alphabet, extra reporters from its end.
  const reporters = codes
    .filter((c) => !members.has(c))
    .reverse()
    .slice(0, s.extraReporters);
  return {
    ...(seed === undefined ? {} : { seed }),
    from: s.from,
    today: BENCH_DEMO_TODAY,
    extraCitizenships: s.extraCitizenships,
    extraCitizenshipPool: codes,
    extraReporters: reporters,
  };
}
