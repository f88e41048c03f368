/** Reporting calendars and the overdue list, under /api/dialogues/:slug/definitions. HTTP only. */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { type Rendered, renderTable } from '../analytics/analytics.export';
import { RevisionQuery } from '../definition-revisions/definition-revisions.schema';
import { calendarsPolicy } from './calendars.policy';
import { getReportingRates, reportingRatesTable } from './calendars.rates';
import {
  CalendarKeyParams,
  CalendarPutBody,
  CalendarSettingsBody,
  CalendarSettingsView,
  CalendarView,
  OverdueQuery,
  OverdueView,
  ReportingRatesQuery,
  ReportingRatesView,
  SlugParams,
} from './calendars.schema';
import { deleteCalendarEntry, getCalendar, getOverdue, putCalendar } from './calendars.service';
import { getCalendarSettings, putCalendarSettings } from './calendars.settings';

/** A CSV/XLSX download instead of the JSON answer. */
function sendFile(reply: FastifyReply, file: Rendered) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.body);
}

/** Mounted at /api/dialogues/:slug/definitions: members read the calendar; the secretariat changes it. */
export const calendarsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['calendars']);

  api.get('/calendar', calendarsPolicy.read, {
    schema: {
      summary:
        'The reporting calendar: which member state reports which indicator from when, deadlines (members)',
      params: SlugParams,
      response: { 200: CalendarView },
    },
    handler: (req) => getCalendar(req.ctx, req.params.slug),
  });

  api.put('/calendar', calendarsPolicy.manage, {
    schema: {
      summary:
        'Create or change calendar entries; each names the revision it saw (0 for new), else 409 (secretariat)',
      params: SlugParams,
      body: CalendarPutBody,
      response: { 200: CalendarView },
    },
    handler: (req) => putCalendar(req.ctx, req.params.slug, req.body),
  });

  api.delete('/calendar/:reporter/:indicator', calendarsPolicy.manage, {
    schema: {
      summary: 'Remove one calendar entry (secretariat)',
      params: CalendarKeyParams,
      querystring: RevisionQuery,
      response: { 200: CalendarView },
    },
    handler: (req) =>
      deleteCalendarEntry(
        req.ctx,
        req.params.slug,
        { reporter: req.params.reporter, indicator: req.params.indicator },
        req.query.expectedRevision,
      ),
  });

  api.get('/overdue', calendarsPolicy.readOverdue, {
    schema: {
      summary:
        'Member states late with an indicator and month: due by the calendar, not received (secretariat)',
      params: SlugParams,
      querystring: OverdueQuery,
      response: { 200: OverdueView },
    },
    handler: (req) => getOverdue(req.ctx, req.params.slug, req.query),
  });

  api.get('/reporting-rates', calendarsPolicy.read, {
    schema: {
      summary:
        'Reporting rate and on-time rate per member state × indicator × month, from the calendar; format=csv|xlsx for the table (members)',
      params: SlugParams,
      querystring: ReportingRatesQuery,
      response: { 200: ReportingRatesView },
    },
    handler: async (req, reply) => {
      const view = await getReportingRates(req.ctx, req.params.slug, req.query);
      if (req.query.format === 'json') return view;
      return sendFile(
        reply,
        await renderTable(reportingRatesTable(req.params.slug, view), req.query.format, null),
      );
    },
  });

  api.get('/calendar-settings', calendarsPolicy.read, {
    schema: {
      summary: 'How the calendar chases: reminder offsets, the digest, locks of published months (members)',
      params: SlugParams,
      response: { 200: CalendarSettingsView },
    },
    handler: (req) => getCalendarSettings(req.ctx, req.params.slug),
  });

  api.put('/calendar-settings', calendarsPolicy.manage, {
    schema: {
      summary:
        'Set reminder offsets, the digest and locks of published months; names the revision it saw (secretariat)',
      params: SlugParams,
      body: CalendarSettingsBody,
      response: { 200: CalendarSettingsView },
    },
    handler: (req) => putCalendarSettings(req.ctx, req.params.slug, req.body),
  });
};
