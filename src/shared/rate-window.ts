/**
 * A per-key sliding-window limit held in memory ("at most `max` events per `windowMs` for each key"), for
 * costly actions such as rendering a report. In-process on purpose: it bounds what one server does; with
 * several servers each applies it (documented next to each setting that uses it). Memory is bounded by the
 * keys active within one window (entries are dropped once their events age out).
 */
export interface RateDecision {
  isAllowed: boolean;
  /** When refused: how long until the oldest event in the window ages out. */
  retryAfterMs: number;
}

export class RateWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records an event for `key` if the limit allows it now. */
  take(key: string, now = Date.now()): RateDecision {
    this.prune(now);
    const recent = this.events.get(key) ?? [];
    if (recent.length >= this.max)
      return { isAllowed: false, retryAfterMs: recent[0]! + this.windowMs - now };
    recent.push(now);
    this.events.set(key, recent);
    return { isAllowed: true, retryAfterMs: 0 };
  }

  private prune(now: number): void {
    for (const [key, times] of this.events) {
      const kept = times.filter((t) => t > now - this.windowMs);
      if (kept.length) this.events.set(key, kept);
      else this.events.delete(key);
    }
  }
}
