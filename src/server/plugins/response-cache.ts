/**
 * The HTTP side of the response cache (src/shared/response-cache.ts: what it keeps, the key, why it stays
 * correct). A route opts in with `config.responseCache: true` (routesOf's `responseCache` option); only GET
 * answers with status 200 and a body in memory (not a stream) are kept.
 *
 * Order matters: the look-up is a preHandler registered after the auth plugin's door (preValidation: the
 * route's access rule and token scope), query validation, and the two-factor guard (which may turn a caller
 * into an anonymous one), so a refused or malformed request is refused with a warm cache, and the key holds
 * the actor the handler would see. On a hit the stored body is sent again with its headers (never a
 * Set-Cookie), or 304 when If-None-Match names its ETag. On a miss the answer is stored in onSend, after the
 * route has set its headers, with a strong ETag (the route's own, as SDMX sets, or a hash of the body).
 * Member answers say `Cache-Control: private, no-cache` (browsers keep them and revalidate), unless the route
 * says otherwise. `X-Passage-Cache: hit|miss` tells which it was (tests, the load benchmarks).
 *
 * Concurrent misses of one key are coalesced: while the first is being answered, the others with the same key
 * wait for its entry instead of running the same queries (200 members arriving at once on a cleared cache
 * would otherwise queue 200 copies of each query behind the connection pool). If the first is not stored
 * (an error, a stream, a write meanwhile), each waiting request is answered on its own. When the key's entry
 * has just expired, the others get that expired copy at once (`X-Passage-Cache: stale`) while the first
 * refreshes it: at each expiry one request pays for the queries, not every one arriving meanwhile.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type CachedResponse,
  etagOf,
  matchesEtag,
  ResponseCache,
  type ResponseCacheOptions,
  responseCacheKey,
} from '../../shared/response-cache';

declare module 'fastify' {
  interface FastifyInstance {
    /** The response cache of this server; null when switched off (PASSAGE_RESPONSE_CACHE=off). */
    responseCache: ResponseCache | null;
  }
  interface FastifyRequest {
    /** Set by the look-up on a miss: where to store the answer, the generation it was read in, who waits. */
    responseCacheMiss: {
      key: string;
      generation: number;
      settle: (entry: CachedResponse | null) => void;
    } | null;
  }
}

/** Headers stored with a body and sent again on a hit (never Set-Cookie or per-request ones). */
const KEPT_HEADERS = [
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'last-modified',
  'vary',
  'link',
];

export const MEMBER_CACHE_CONTROL = 'private, no-cache';

type Plugin = { options: ResponseCacheOptions | null };

export const responseCachePlugin = fp(async (app: FastifyInstance, opts: Plugin) => {
  const cache = opts.options ? new ResponseCache(opts.options) : null;
  app.decorate('responseCache', cache);
  app.decorateRequest('responseCacheMiss', null);
  if (!cache) return;

  // The misses being answered now, by key: a second request with the same key waits for the first's entry.
  const inFlight = new Map<string, Promise<CachedResponse | null>>();
  const lead = (key: string): ((entry: CachedResponse | null) => void) => {
    let resolve: (entry: CachedResponse | null) => void = () => {};
    const waiting = new Promise<CachedResponse | null>((r) => {
      resolve = r;
    });
    inFlight.set(key, waiting);
    return (entry) => {
      if (inFlight.get(key) === waiting) inFlight.delete(key);
      resolve(entry);
    };
  };
  /** The request's miss is over (stored or not): the others waiting on its key go on. */
  const finish = (req: FastifyRequest, entry: CachedResponse | null) => {
    const miss = req.responseCacheMiss;
    req.responseCacheMiss = null;
    miss?.settle(entry);
  };

  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET' || req.routeOptions.config.responseCache !== true) return;
    const key = responseCacheKey({
      route: req.routeOptions.url ?? '',
      url: req.url,
      origin: `${req.protocol}://${req.host}`,
      language: req.ctx.language ?? '',
      accept: req.headers.accept ?? '',
      actor: req.ctx.actor,
    });
    let hit = cache.get(key);
    let state: 'hit' | 'stale' = 'hit';
    const pending = hit ? undefined : inFlight.get(key);
    if (pending) {
      // Another request is refreshing this key: its expired copy now if there is one, else wait for it.
      hit = cache.getStale(key);
      if (hit) state = 'stale';
      else {
        hit = (await pending) ?? undefined;
        if (hit) cache.countCoalesced();
      }
    }
    if (!hit) {
      req.responseCacheMiss = { key, generation: cache.generation, settle: lead(key) };
      if (req.ctx.actor) reply.header('cache-control', MEMBER_CACHE_CONTROL);
      return;
    }
    reply.headers(hit.headers).header('etag', hit.etag).header('x-passage-cache', state);
    if (matchesEtag(req.headers['if-none-match'], hit.etag)) {
      cache.countNotModified();
      return reply.code(304).send();
    }
    return reply.code(200).send(hit.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const miss = req.responseCacheMiss;
    if (!miss) return payload;
    reply.header('x-passage-cache', 'miss');
    // Only a 200 with its body in memory is kept; a stream is sent as it comes.
    const body =
      reply.statusCode !== 200
        ? null
        : typeof payload === 'string'
          ? Buffer.from(payload)
          : Buffer.isBuffer(payload)
            ? payload
            : null;
    if (!body) {
      finish(req, null);
      return payload;
    }
    const own = reply.getHeader('etag');
    const etag = typeof own === 'string' ? own : etagOf(body);
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const v = reply.getHeader(name);
      if (typeof v === 'string') headers[name] = v;
      else if (typeof v === 'number') headers[name] = String(v);
    }
    const entry: CachedResponse = { body, etag, headers };
    finish(req, cache.set(miss.key, entry, miss.generation) ? entry : null);
    reply.header('etag', etag);
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return body;
  });
  // A request that ends without its onSend (the client went away, an error while sending) lets the others go on.
  app.addHook('onResponse', async (req) => finish(req, null));
  app.addHook('onRequestAbort', async (req) => finish(req, null));
});
