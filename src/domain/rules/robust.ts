/** Robust statistics for the outlier rule: median, median absolute deviation, robust z-score. Pure. */

export function median(xs: readonly number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function mad(xs: readonly number[]): number | undefined {
  const m = median(xs);
  if (m === undefined) return undefined;
  return median(xs.map((x) => Math.abs(x - m)));
}

/**
 * Robust z-score of x against a history (Iglewicz & Hoaglin): 0.6745 (x - median) / MAD. Undefined when
 * the history is shorter than minCount or has no spread (MAD = 0), where the score means nothing.
 */
export function robustZ(x: number, history: readonly number[], minCount = 12): number | undefined {
  if (history.length < minCount) return undefined;
  const m = median(history);
  const d = mad(history);
  if (m === undefined || !d) return undefined;
  return (0.6745 * (x - m)) / d;
}
