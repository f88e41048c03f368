/**
 * Short-lived in-process caches of look-ups every request repeats: "session cookie → user and actor" (auth
 * plugin) and "dialogue slug + codes → ids" (analytics), so a dashboard call does not pay two or three extra
 * round trips before its own query.
 *
 * Why they stay correct: every request that may change who someone is, what they may do, or which dialogues,
 * indicators and routes exist (log out, password, roles, deactivation, tokens, secretariat edits) is a
 * non-GET /api request, and the auth plugin calls clearCachesAfterWrite() when any such request finishes on
 * this server, before its response is sent. On native PostgreSQL that also tells the other servers on the
 * same database (NOTIFY, src/server/plugins/cache-invalidation.ts), which clear theirs within milliseconds.
 * What is left (the CLI, a server whose LISTEN connection is down) is bounded by the time-to-live, a few
 * seconds (PASSAGE_SESSION_CACHE_MS, 0 = off).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  /**
   * `clearedByWrites: false` for a cache keyed by its own content (a value that cannot go stale, such as a
   * rendering of the key's texts): writes elsewhere need not empty it.
   */
  /**
   * `spread` (0–1): each entry lives between (1 − spread) × ttl and ttl, drawn at random, so entries set at
   * the same moment (200 sessions cached in the first second of a rush) do not all expire, and send their
   * look-ups to the database, at the same moment again.
   */
  private readonly spread: number;
  private readonly random: () => number;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
    opts: { clearedByWrites?: boolean; spread?: number; random?: () => number } = {},
  ) {
    if (opts.clearedByWrites !== false) clearedByWrites(this);
    this.spread = Math.min(1, Math.max(0, opts.spread ?? 0));
    this.random = opts.random ?? Math.random;
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    // Oldest first out when full (Map keeps insertion order).
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const life = this.spread > 0 ? this.ttlMs * (1 - this.spread * this.random()) : this.ttlMs;
    this.entries.set(key, { value, expiresAt: this.now() + life });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

// Every cache made, weakly held, so a write anywhere clears all of them (over-clearing is always safe).
const caches = new Set<WeakRef<{ clear(): void }>>();

/**
 * Registers a cache of another shape (the response cache, src/shared/response-cache.ts) to be cleared with the
 * look-ups: after every write on this server, by the job worker, and on a notice from another server.
 */
export function clearedByWrites(cache: { clear(): void }): void {
  caches.add(new WeakRef(cache));
}

/** Who else must hear of a write: the other servers on the database (the cache-invalidation plugin). */
const announcers = new Set<() => Promise<void>>();

/** Registers `announce`, called after every write; returns the function that unregisters it. */
export function onCachesCleared(announce: () => Promise<void>): () => void {
  announcers.add(announce);
  return () => announcers.delete(announce);
}

/** Forgets every cached look-up in this process, without telling anyone (a write seen elsewhere). */
export function clearCachesOfThisProcess(): void {
  for (const ref of caches) {
    const cache = ref.deref();
    if (cache) cache.clear();
    else caches.delete(ref);
  }
}

/**
 * After any non-GET /api request: forgets every cached look-up in this process, and tells the other servers
 * (resolves once told, so the caller's response leaves after the notice).
 */
export async function clearCachesAfterWrite(): Promise<void> {
  clearCachesOfThisProcess();
  await Promise.all([...announcers].map((announce) => announce()));
}

/** Time-to-live of cached look-ups from the environment: PASSAGE_SESSION_CACHE_MS, default 5 s. */
export function cacheTtlFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PASSAGE_SESSION_CACHE_MS;
  if (raw === undefined || raw === '') return 5_000;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`PASSAGE_SESSION_CACHE_MS must be a number of milliseconds ≥ 0, got "${raw}"`);
  return ms;
}
