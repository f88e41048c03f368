/** The e-mail outbox of a dialogue, under /api/dialogues/:slug/messages. HTTP only (messages.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { messagesPolicy } from './messages.policy';
import { OutboxList, OutboxQuery, SlugParams } from './messages.schema';
import { listOutboxEmails } from './messages.service';

export const messagesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/outbox',
    {
      schema: {
        tags: ['messages'],
        summary:
          'E-mails of reminders, digests and the workflow with their status and last error (secretariat: all; others: their own)',
        params: SlugParams,
        querystring: OutboxQuery,
        response: { 200: OutboxList },
      },
      config: { access: messagesPolicy.read },
    },
    (req) => listOutboxEmails(req.ctx, req.params.slug, req.query),
  );
};
