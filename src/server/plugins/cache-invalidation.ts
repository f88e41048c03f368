/**
 * Several servers on one native PostgreSQL: each keeps short-lived caches (the session look-up, the analytics
 * scopes: src/shared/ttl-cache.ts) that a write clears on the server that saw it. This plugin carries that
 * clearing to the others: after every write the server sends NOTIFY passage_caches with its own id, and
 * every server LISTENs and clears its caches when another one wrote. A revoked session or role then stops
 * working everywhere within the notice's delivery (milliseconds on a LAN), not after the caches' time-to-live.
 * PGlite has one server per data directory (src/db/data-dir-lock.ts): nothing to tell.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import sql from 'sql-template-tag';
import type { Db } from '../../db/connect';
import { clearCachesOfThisProcess, onCachesCleared } from '../../shared/ttl-cache';

export const CACHE_CHANNEL = 'passage_caches';

export const cacheInvalidationPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  const { listen } = opts.db;
  if (!listen) return;
  const serverId = randomUUID();
  const stopListening = await listen(CACHE_CHANNEL, (from) => {
    if (from !== serverId) clearCachesOfThisProcess();
  });
  const stopAnnouncing = onCachesCleared(async () => {
    try {
      await opts.db.query(sql`SELECT pg_notify(${CACHE_CHANNEL}, ${serverId})`);
    } catch (err) {
      // The write is done and answered; the other servers fall back on the caches' time-to-live.
      app.log.warn({ err }, 'could not tell the other servers to clear their caches');
    }
  });
  app.addHook('onClose', async () => {
    stopAnnouncing();
    await stopListening();
  });
});
