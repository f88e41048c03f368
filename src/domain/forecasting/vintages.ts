/**
 * Vintages for backtests: the series as it was published when an origin month first became known, from the
 * revision history of its figures (every revision keeps when it was published and when it was superseded).
 */

export interface Revision {
  /** Month index in the series (0 = first month). */
  index: number;
  reporter: string;
  value: number;
  /** Epoch milliseconds; null = known from the start. */
  publishedAt: number | null;
  /** Epoch milliseconds; null = still current. */
  supersededAt: number | null;
}

/**
 * `historyAt` for forecastSeries: months 0…origin summed over reporters, each reporter's figure as it stood at
 * the moment month `origin` was complete (the latest first publication of that month among its reporters).
 * A month nobody had published at that moment counts 0, as the published series showed it then.
 */
export function vintageHistory(revisions: readonly Revision[]): (origin: number) => number[] {
  const byIndex = new Map<number, Revision[]>();
  for (const r of revisions) {
    const list = byIndex.get(r.index);
    if (list) list.push(r);
    else byIndex.set(r.index, [r]);
  }
  const known = (r: Revision, at: number) =>
    (r.publishedAt ?? Number.NEGATIVE_INFINITY) <= at && (r.supersededAt === null || r.supersededAt > at);
  const cutoffOf = (origin: number): number => {
    for (let i = origin; i >= 0; i--) {
      const list = byIndex.get(i);
      if (!list?.length) continue;
      const first = new Map<string, number>();
      for (const r of list) {
        const t = r.publishedAt ?? Number.NEGATIVE_INFINITY;
        first.set(r.reporter, Math.min(first.get(r.reporter) ?? Number.POSITIVE_INFINITY, t));
      }
      return Math.max(...first.values());
    }
    return Number.POSITIVE_INFINITY;
  };
  return (origin) => {
    const at = cutoffOf(origin);
    return Array.from({ length: origin + 1 }, (_, i) =>
      (byIndex.get(i) ?? []).filter((r) => known(r, at)).reduce((s, r) => s + r.value, 0),
    );
  };
}
