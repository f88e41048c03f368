/**
 * The response cache of the read-only member and public endpoints (dashboards, notices list, search,
 * submissions list, portal, SDMX data): the serialised body of a 200 answer with its strong ETag, kept in
 * memory per "route + normalised query + language + Accept + the caller's exact authorisation inputs"
 * (`responseCacheKey`). Repeated calls then cost a look-up, or a 304 when the client sends If-None-Match.
 * The HTTP side (which routes, the door before the cache, headers) is src/server/plugins/response-cache.ts.
 *
 * Why it stays correct:
 * - The key holds the whole actor (user, organisation, country, roles per dialogue, token scopes, submission
 *   grants, platform admin flag): two callers whose inputs differ in anything never share an entry; anonymous
 *   callers share one. The route's access rule and token scope are checked before the cache, every time.
 * - Every write empties it, as the look-up caches (src/shared/ttl-cache.ts): any non-GET /api request on this
 *   server, every job the worker completes (the embargo release, aggregate refreshes, forecasts), inbound
 *   e-mail, and a write on another server on the same PostgreSQL (NOTIFY, cache-invalidation.ts).
 * - A read that was under way when a write cleared the cache is not stored (`generation`): its body may
 *   predate the write.
 * - What is left (a change made in SQL by hand, a server whose LISTEN connection is down, a read replica that
 *   replays a write after the notice came) is bounded by the time-to-live (PASSAGE_RESPONSE_CACHE_MS): after
 *   it the next request reads again. Requests that come while that one refreshes the entry get the expired
 *   copy (stale-while-revalidate, never more than one time-to-live past expiry, never after a write).
 * Bounded by entries and bytes; the least recently used entry leaves first. Each entry lives between half the
 * time-to-live and all of it (at random), so entries made together do not expire together.
 */
import { createHash } from 'node:crypto';
import type { MaybeActor } from './actor';
import { clearedByWrites } from './ttl-cache';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's 200 answers may be kept by the response cache (src/shared/response-cache.ts). */
    responseCache?: boolean;
  }
}

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

export interface CachedResponse {
  body: Buffer;
  /** Strong ETag, quoted: `"…"`. */
  etag: string;
  /** The headers the answer is sent with again (content type, disposition, cache-control, vary …). */
  headers: Readonly<Record<string, string>>;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  /** Hits answered 304 (the client had the body). */
  notModified: number;
  /** Misses answered with the entry another request with the same key was making at the time. */
  coalesced: number;
  /** Misses answered with the expired entry while another request with the same key refreshed it. */
  staleServed: number;
  stores: number;
  /** Answers not stored because a write cleared the cache while they were read. */
  staleSkipped: number;
  evictions: number;
  clears: number;
  entries: number;
  bytes: number;
}

const MIB = 1024 * 1024;

/** Strong ETag of a body: a hash of its bytes (equal bodies, equal tags, whoever asked). */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header names the ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

/** JSON with object keys sorted, so equal actors give equal text whatever order their fields were set in. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The caller's authorisation inputs as text: the whole actor (anonymous: one key for all). */
export function actorCacheKey(actor: MaybeActor): string {
  return actor ? stableJson(actor) : 'anonymous';
}

/** The query string with its parameters in a stable order (`b=2&a=1` and `a=1&b=2` are one entry). */
export function normaliseQuery(search: string): string {
  const params = new URLSearchParams(search);
  params.sort();
  return params.toString();
}

// Accept as the key holds it: no header means "anything" (RFC 9110 §12.5.1), the same as the any-type range
// "*/*". curl and fetch send that range, autocannon and many scripts send no header: without this they made
// two entries (and two cold computations) for one answer.
export function normaliseAccept(accept: string): string {
  const a = accept.trim();
  return a === '' ? '*/*' : a;
}

/** The key of one answer: what decides its body. */
export function responseCacheKey(parts: {
  route: string;
  url: string;
  origin: string;
  language: string;
  accept: string;
  actor: MaybeActor;
}): string {
  const q = parts.url.indexOf('?');
  const path = q < 0 ? parts.url : parts.url.slice(0, q);
  const query = q < 0 ? '' : normaliseQuery(parts.url.slice(q + 1));
  return [
    parts.route,
    path,
    query,
    parts.origin,
    parts.language,
    normaliseAccept(parts.accept),
    actorCacheKey(parts.actor),
  ].join('\n');
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { expiresAt: number; size: number }>();
  private bytes = 0;
  private gen = 0;
  private readonly counts = {
    hits: 0,
    misses: 0,
    notModified: 0,
    coalesced: 0,
    staleServed: 0,
    stores: 0,
    staleSkipped: 0,
    evictions: 0,
    clears: 0,
  };

  constructor(
    readonly options: ResponseCacheOptions,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    clearedByWrites(this);
  }

  /** Changes whenever the cache is cleared: a read records it before it starts and stores only if unchanged. */
  get generation(): number {
    return this.gen;
  }

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    const now = this.now();
    if (!hit || hit.expiresAt <= now) {
      // An expired entry stays for its grace time: requests that come while it is refreshed get it (stale).
      if (hit && this.staleUntil(hit) <= now) this.remove(key);
      this.counts.misses++;
      return undefined;
    }
    // Most recently used last (Map keeps insertion order): the first entry is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, hit);
    this.counts.hits++;
    return hit;
  }

  /**
   * The expired entry of a key, within its grace time (one time-to-live past expiry), for a request that comes
   * while another is refreshing it: one request per key pays for the refresh instead of every one arriving
   * meanwhile (200 members on one dashboard queued behind its query at each expiry: the load test's p99).
   * Never after a clear: a write removes the entries, stale ones included.
   */
  getStale(key: string): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e || this.staleUntil(e) <= this.now()) return undefined;
    this.counts.staleServed++;
    return e;
  }

  /** A hit answered 304. */
  countNotModified(): void {
    this.counts.notModified++;
  }

  /** A miss answered with the entry of the request that was making it. */
  countCoalesced(): void {
    this.counts.coalesced++;
  }

  /** Stores an answer read since `generation`; refused (false) if a write cleared the cache meanwhile. */
  set(key: string, value: CachedResponse, generation: number): boolean {
    if (generation !== this.gen) {
      this.counts.staleSkipped++;
      return false;
    }
    const size = value.body.length + key.length * 2 + 256;
    if (size > this.options.maxBytes) return false;
    this.remove(key);
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.options.maxEntries || this.bytes + size > this.options.maxBytes)
    ) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
      this.counts.evictions++;
    }
    // Each entry lives between half the time-to-live and all of it: entries stored together (the first minute
    // of a rush) would otherwise expire together, and their queries all run again at one moment.
    const life = this.options.ttlMs * (1 - 0.5 * this.random());
    this.entries.set(key, { ...value, expiresAt: this.now() + life, size });
    this.bytes += size;
    this.counts.stores++;
    return true;
  }

  clear(): void {
    this.gen++;
    this.counts.clears++;
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): ResponseCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.bytes };
  }

  /** An expired entry is kept for one more time-to-live, for getStale. */
  private staleUntil(e: { expiresAt: number }): number {
    return e.expiresAt + this.options.ttlMs;
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.size;
  }
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero = false): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero))
    throw new Error(`${name} must be a number ${allowZero ? '≥ 0' : '> 0'}, got "${raw}"`);
  return n;
};

/**
 * The response cache's settings (README, docs/scaling.md): PASSAGE_RESPONSE_CACHE=off switches it off (null);
 * PASSAGE_RESPONSE_CACHE_MS is the time-to-live (default 60 s; 0 = off), PASSAGE_RESPONSE_CACHE_MAX_ENTRIES
 * (default 10,000) and PASSAGE_RESPONSE_CACHE_MAX_MIB (default 64) bound it.
 */
export function readResponseCacheOptions(env: NodeJS.ProcessEnv = process.env): ResponseCacheOptions | null {
  const flag = (env.PASSAGE_RESPONSE_CACHE ?? 'on').trim().toLowerCase();
  if (!['on', 'off', ''].includes(flag))
    throw new Error(`PASSAGE_RESPONSE_CACHE must be "on" or "off", got "${env.PASSAGE_RESPONSE_CACHE}"`);
  const ttlMs = positive(env, 'PASSAGE_RESPONSE_CACHE_MS', 60_000, true);
  const maxEntries = Math.floor(positive(env, 'PASSAGE_RESPONSE_CACHE_MAX_ENTRIES', 10_000));
  const maxBytes = Math.floor(positive(env, 'PASSAGE_RESPONSE_CACHE_MAX_MIB', 64) * MIB);
  if (flag === 'off' || ttlMs === 0) return null;
  return { ttlMs, maxEntries, maxBytes };
}
