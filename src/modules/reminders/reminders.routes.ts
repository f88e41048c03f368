/** Reminders of the reporting calendar, under /api/dialogues/:slug/reminders. HTTP only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { remindersPolicy } from './reminders.policy';
import { ReminderList, ReminderRunView, RemindersQuery, SlugParams } from './reminders.schema';
import { listReminders, runDialogueReminders } from './reminders.service';

const tags = ['reminders'];

export const remindersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Reminders sent to data providers (secretariat: all; others: their own)',
        params: SlugParams,
        querystring: RemindersQuery,
        response: { 200: ReminderList },
      },
      config: { access: remindersPolicy.read },
    },
    (req) => listReminders(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/run',
    {
      schema: {
        tags,
        summary:
          "Send today's due reminders and the digest now instead of at the next hourly run; sends nothing twice (secretariat)",
        params: SlugParams,
        response: { 200: ReminderRunView },
      },
      config: { access: remindersPolicy.run },
    },
    (req) => runDialogueReminders(req.ctx, req.params.slug),
  );
};
