/** Reminders of the reporting calendar, under /api/dialogues/:slug/reminders. HTTP only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { remindersPolicy } from './reminders.policy';
import { ReminderList, ReminderRunView, RemindersQuery, SlugParams } from './reminders.schema';
import { listReminders, runDialogueReminders } from './reminders.service';

const tags = ['reminders'];

export const remindersRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', remindersPolicy.read, {
    schema: {
      summary: 'Reminders sent to data providers (secretariat: all; others: their own)',
      params: SlugParams,
      querystring: RemindersQuery,
      response: { 200: ReminderList },
    },
    handler: (req) => listReminders(req.ctx, req.params.slug, req.query),
  });

  api.post('/run', remindersPolicy.run, {
    schema: {
      summary:
        "Send today's due reminders and the digest now instead of at the next hourly run; sends nothing twice (secretariat)",
      params: SlugParams,
      response: { 200: ReminderRunView },
    },
    handler: (req) => runDialogueReminders(req.ctx, req.params.slug),
  });
};
