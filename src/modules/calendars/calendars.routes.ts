/** Reporting calendars and the overdue list, under /api/dialogues/:slug/definitions. HTTP only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RevisionQuery } from '../definition-revisions/definition-revisions.schema';
import { calendarsPolicy } from './calendars.policy';
import {
  CalendarKeyParams,
  CalendarPutBody,
  CalendarView,
  OverdueQuery,
  OverdueView,
  SlugParams,
} from './calendars.schema';
import { deleteCalendarEntry, getCalendar, getOverdue, putCalendar } from './calendars.service';

/** Mounted at /api/dialogues/:slug/definitions: members read the calendar; the secretariat changes it. */
export const calendarsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['calendars'];

  app.get(
    '/calendar',
    {
      schema: {
        tags,
        summary:
          'The reporting calendar: which member state reports which indicator from when, deadlines (members)',
        params: SlugParams,
        response: { 200: CalendarView },
      },
      config: { access: calendarsPolicy.read },
    },
    (req) => getCalendar(req.ctx, req.params.slug),
  );

  app.put(
    '/calendar',
    {
      schema: {
        tags,
        summary:
          'Create or change calendar entries; each names the revision it saw (0 for new), else 409 (secretariat)',
        params: SlugParams,
        body: CalendarPutBody,
        response: { 200: CalendarView },
      },
      config: { access: calendarsPolicy.manage },
    },
    (req) => putCalendar(req.ctx, req.params.slug, req.body),
  );

  app.delete(
    '/calendar/:reporter/:indicator',
    {
      schema: {
        tags,
        summary: 'Remove one calendar entry (secretariat)',
        params: CalendarKeyParams,
        querystring: RevisionQuery,
        response: { 200: CalendarView },
      },
      config: { access: calendarsPolicy.manage },
    },
    (req) =>
      deleteCalendarEntry(
        req.ctx,
        req.params.slug,
        { reporter: req.params.reporter, indicator: req.params.indicator },
        req.query.expectedRevision,
      ),
  );

  app.get(
    '/overdue',
    {
      schema: {
        tags,
        summary:
          'Member states late with an indicator and month: due by the calendar, not received (secretariat)',
        params: SlugParams,
        querystring: OverdueQuery,
        response: { 200: OverdueView },
      },
      config: { access: calendarsPolicy.readOverdue },
    },
    (req) => getOverdue(req.ctx, req.params.slug, req.query),
  );
};
