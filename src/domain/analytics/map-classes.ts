/**
 * Classes of the route map's choropleth (issue 14): quantile classes over every value of the range shown (the
 * same breaks for every month, so a shade means the same figure as the slider moves), rounded up to two
 * significant digits for a readable legend. Equal-width classes put every state but the largest in the
 * lightest class when one state's figures dwarf the others' (Greece against Malta); quantiles separate them.
 */

/** Rounds up to two significant digits (1,234 → 1,300; 87 → 87; 0.4 → 1): legend bounds people can read. */
export function niceCeil(x: number): number {
  if (x <= 1) return x <= 0 ? 0 : 1;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / magnitude) * magnitude;
}

/**
 * Upper bounds of at most `k` classes: the k-quantiles of the positive values, rounded up, strictly
 * increasing, the last covering the largest value. Empty when there is no positive value.
 */
export function quantileBreaks(values: readonly number[], k = 5): number[] {
  const xs = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (!xs.length) return [];
  const breaks: number[] = [];
  for (let i = 1; i <= k; i++) {
    const q = i === k ? xs.at(-1)! : xs[Math.min(xs.length - 1, Math.ceil((i * xs.length) / k) - 1)]!;
    const b = niceCeil(q);
    if (!breaks.length || b > breaks.at(-1)!) breaks.push(b);
  }
  return breaks;
}

/** The class of a value: the first break it does not exceed (the last class for anything above). */
export function classOf(value: number, breaks: readonly number[]): number {
  const i = breaks.findIndex((b) => value <= b);
  return i < 0 ? breaks.length - 1 : i;
}
