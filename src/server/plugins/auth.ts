import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/connect';
import { actorFromSessionToken, type UserAuthRow } from '../../modules/identity/auth/auth.service';
import { actorFromApiToken } from '../../modules/identity/tokens/tokens.service';
import { describeAccess, type RouteEntry } from '../../shared/access';
import { Forbidden, Unauthenticated } from '../../shared/errors';
import { SESSION_COOKIE } from '../../shared/session-cookies';
import { cacheTtlFromEnv, clearCachesAfterWrite, TtlCache } from '../../shared/ttl-cache';
import { isApiRequest } from '../api-route';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser: UserAuthRow | null;
  }
}

/**
 * Resolves the acting user from the session cookie and enforces each route's declared access rule.
 * A route under /api without `config.access` is refused at start-up, so none can be forgotten.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; sessionCacheMs?: number }) => {
  app.decorateRequest('sessionUser', null);
  const sessions = new TtlCache<Awaited<ReturnType<typeof actorFromSessionToken>>>(
    opts.sessionCacheMs ?? cacheTtlFromEnv(),
  );
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      app.routeTable.push({ method, url: route.url, access: route.config?.access });
    }
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`);
    }
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
    req.ctx = { db: opts.db, actor: tokenActor ?? resolved?.actor ?? null, log: req.log, ip: req.ip };
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
  app.addHook('onSend', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && isApiRequest(req)) clearCachesAfterWrite();
  });
  // Anonymous callers of a non-public route get 401, and callers a named rule refuses 403, before the body is
  // validated (no schema details leak; the rules read the actor and the raw params only).
  app.addHook('preValidation', async (req) => {
    const rule = req.routeOptions.config.access;
    if (rule && rule !== 'public' && !req.ctx.actor) throw new Unauthenticated();
    if (rule && typeof rule === 'object' && req.ctx.actor && !rule.check(req.ctx.actor, req))
      throw new Forbidden(`This requires: ${describeAccess(rule)}`);
  });
  app.addHook('preHandler', async (req) => {
    const rule = req.routeOptions.config.access;
    if (!rule || rule === 'public') return;
    const actor = req.ctx.actor;
    if (!actor) throw new Unauthenticated();
    if (rule !== 'user' && !rule.check(actor, req)) {
      throw new Forbidden(`This requires: ${describeAccess(rule)}`);
    }
  });
});
