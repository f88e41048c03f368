/** Locks of published months, under /api/dialogues/:slug/locks. HTTP only (period-locks.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { periodLocksPolicy } from './period-locks.policy';
import { LockList, LocksQuery, ReopenBody, ReopenView, SlugParams } from './period-locks.schema';
import { listPeriodLocks, reopenPeriod } from './period-locks.service';

const tags = ['period-locks'];

export const periodLocksRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', periodLocksPolicy.read, {
    schema: {
      summary: 'Published months and their locks: locked, reopened (by whom, why), history (members)',
      params: SlugParams,
      querystring: LocksQuery,
      response: { 200: LockList },
    },
    handler: (req) => listPeriodLocks(req.ctx, req.params.slug, req.query),
  });

  api.post('/reopen', periodLocksPolicy.reopen, {
    schema: {
      summary:
        'Reopen a published month of a member state (one indicator or all) so it can be corrected; a reason is required (secretariat)',
      params: SlugParams,
      body: ReopenBody,
      response: { 200: ReopenView },
    },
    handler: (req) => reopenPeriod(req.ctx, req.params.slug, req.body),
  });
};
