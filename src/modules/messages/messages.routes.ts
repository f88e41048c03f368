/** The e-mail outbox of a dialogue, under /api/dialogues/:slug/messages. HTTP only (messages.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { messagesPolicy } from './messages.policy';
import { OutboxList, OutboxQuery, SlugParams } from './messages.schema';
import { listOutboxEmails } from './messages.service';

export const messagesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['messages']);

  api.get('/outbox', messagesPolicy.read, {
    schema: {
      summary:
        'E-mails of reminders, digests and the workflow with their status and last error (secretariat: all; others: their own)',
      params: SlugParams,
      querystring: OutboxQuery,
      response: { 200: OutboxList },
    },
    handler: (req) => listOutboxEmails(req.ctx, req.params.slug, req.query),
  });
};
