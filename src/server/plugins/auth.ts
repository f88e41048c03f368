import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/connect';
import { readerKeyOf } from '../../db/with-actor';
import { actorFromSessionToken, type UserAuthRow } from '../../modules/identity/auth/auth.service';
import { actorFromApiToken } from '../../modules/identity/tokens/tokens.service';
import type { RouteEntry } from '../../shared/access';
import { requestLanguage } from '../../shared/request-language';
import { READ_AFTER_COOKIE, readAfterCookieOptions, SESSION_COOKIE } from '../../shared/session-cookies';
import { cacheTtlFromEnv, clearCachesAfterWrite, TtlCache } from '../../shared/ttl-cache';
import { isApiRequest } from '../api-route';
import { assertRuleFitsRoute, enforceAccess } from './access-door';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser: UserAuthRow | null;
  }
}

/**
 * Resolves the acting user from the session cookie or API token and enforces each route's declared access rule
 * (access-door.ts). A route under /api without `config.access` is refused at start-up, so none can be forgotten.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; sessionCacheMs?: number }) => {
  app.decorateRequest('sessionUser', null);
  // Spread: sessions cached in one rush would otherwise all be looked up again in the same instant.
  const sessions = new TtlCache<Awaited<ReturnType<typeof actorFromSessionToken>>>(
    opts.sessionCacheMs ?? cacheTtlFromEnv(),
    10_000,
    Date.now,
    { spread: 0.5 },
  );
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      app.routeTable.push({ method, url: route.url, access: route.config?.access });
    }
    assertRuleFitsRoute(String(route.method), route.url, route.config?.access);
  });
  app.addHook('onRequest', async (req) => {
    // The web app's files need no identity: skip the database look-ups for them. Decided on the matched
    // route, never the raw URL (`/%61pi/…` is an API route too: src/server/api-route.ts).
    if (!isApiRequest(req)) {
      req.ctx = { db: opts.db, actor: null, log: req.log, ip: req.ip };
      return;
    }
    // An API token (Authorization: Bearer psg_…) wins over any cookie; a bad token is a 401 (tokens.service.ts).
    const tokenActor = await actorFromApiToken(opts.db, req.headers.authorization);
    const resolved = tokenActor ? null : await resolveSession(req.cookies[SESSION_COOKIE]);
    req.sessionUser = resolved?.user ?? null;
    req.ctx = {
      db: opts.db,
      actor: tokenActor ?? resolved?.actor ?? null,
      log: req.log,
      ip: req.ip,
      language: requestLanguage(req).language,
      readAfter: opts.db.noteWrite ? req.cookies[READ_AFTER_COOKIE] : undefined,
    };
  });
  async function resolveSession(token: string | undefined) {
    if (!token) return null;
    const cached = sessions.get(token);
    if (cached) return cached;
    const resolved = await actorFromSessionToken(opts.db, token);
    if (resolved) sessions.set(token, resolved);
    return resolved;
  }
  // Any change (log out, roles, password, deactivation, new routes…) comes as a non-GET request: forget cached
  // look-ups once it is done, before the caller sees the response (src/shared/ttl-cache.ts).
  app.addHook('onSend', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !isApiRequest(req)) return;
    await clearCachesAfterWrite();
    // With a read replica: this user's reads wait until it has replayed the write (read-your-writes). The
    // mark is kept by this server and handed to the browser for the others; a failed look-up only means the
    // mark is missing, so it must not turn a done write into an error.
    const reader = readerKeyOf(req.ctx?.actor ?? null);
    if (!reader || !opts.db.noteWrite) return;
    const lsn = await opts.db.noteWrite(reader).catch(() => undefined);
    // Set here, not with reply.setCookie: @fastify/cookie writes its cookies in an onSend hook that has run.
    if (lsn)
      reply.header('set-cookie', app.serializeCookie(READ_AFTER_COOKIE, lsn, readAfterCookieOptions(req)));
  });
  // The door: 401/403/404 before the body is validated (no schema details leak to a refused caller).
  app.addHook('preValidation', async (req) => enforceAccess(opts.db, req));
});
