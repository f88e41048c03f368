/** Timing helpers: warm-up, repeated runs, median and p95. No I/O beyond the measured function. */

export interface Timing {
  /** Milliseconds of each measured run, in run order. */
  samples: number[];
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Percentile by linear interpolation between closest ranks (p in 0..100) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new RangeError('percentile of an empty sample');
  if (sorted.length === 1) return sorted[0]!;
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: [...samples],
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
  };
}

export interface MeasureOptions {
  /** Unmeasured runs first (JIT, caches, plans). */
  warmup: number;
  /** Measured runs. */
  runs: number;
  /** Runs before each run, unmeasured (e.g. truncate a table). */
  before?: () => Promise<void>;
}

/** Runs fn warmup + runs times and summarises the measured runs (milliseconds). */
export async function measure(fn: () => Promise<unknown>, opts: MeasureOptions): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    await opts.before?.();
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    if (i >= opts.warmup) samples.push(ms);
  }
  return summarise(samples);
}

/** Interleaves two measurements run for run (a, b, a, b …), so drift on a busy machine hits both alike. */
export async function measurePair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  opts: MeasureOptions,
): Promise<[Timing, Timing]> {
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    for (const [fn, out] of [
      [a, sa],
      [b, sb],
    ] as const) {
      await opts.before?.();
      const t0 = performance.now();
      await fn();
      const ms = performance.now() - t0;
      if (i >= opts.warmup) out.push(ms);
    }
  }
  return [summarise(sa), summarise(sb)];
}

/** Rounds for display: 3 significant digits below 100, integers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) >= 100) return Math.round(x);
  return Number(x.toPrecision(3));
}
