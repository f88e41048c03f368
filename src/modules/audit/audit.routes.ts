import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { auditPolicy } from './audit.policy';
import { AuditEntryView, AuditQuery } from './audit.schema';
import { listAudit } from './audit.service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['audit']);

  api.get('/', auditPolicy.read, {
    schema: {
      summary: 'Audit log entries of the dialogues you administer, newest first',
      description:
        'Filters: dialogue (id), action (exact, or a prefix such as `auth`), actor (user id or e-mail), ' +
        'from/to (date or date-time), limit (1–500, default 100). The log is append-only and hash-chained; ' +
        '`passage audit verify` checks the chain.',
      querystring: AuditQuery,
      response: { 200: z.object({ entries: z.array(AuditEntryView) }) },
    },
    handler: async (req) => ({ entries: await listAudit(req.ctx, req.query) }),
  });
};
