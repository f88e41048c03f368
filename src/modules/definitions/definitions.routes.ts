import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarKeyParams,
  CalendarPutBody,
  CalendarView,
  DefinitionHistoryQuery,
  DefinitionRevisionView,
  DefinitionsView,
  IdParams,
  IndicatorCreateBody,
  IndicatorDefinition,
  IndicatorUpdateBody,
  OverdueQuery,
  OverdueView,
  RevisionQuery,
  RouteCreateBody,
  RouteDefinition,
  RouteUpdateBody,
  SlugParams,
} from './definitions.schema';
import {
  createIndicator,
  createRoute,
  definitionHistory,
  deleteCalendarEntry,
  deleteIndicator,
  getCalendar,
  getDefinitions,
  getOverdue,
  putCalendar,
  updateIndicator,
  updateRoute,
} from './definitions.service';

/**
 * Secretariat definitions under /api/dialogues/:slug/definitions: indicators, routes, reporting calendars and
 * the overdue list. Any logged-in user at the door; the service allows the dialogue's secretariat (403 for
 * other members, 404 when the dialogue is not visible), and any member for reading the calendar.
 */
export const definitionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['definitions'];
  const user = { access: 'user' as const };

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Indicators, routes and the reporting calendar of the dialogue, for editing (secretariat)',
        params: SlugParams,
        response: { 200: DefinitionsView },
      },
      config: user,
    },
    (req) => getDefinitions(req.ctx, req.params.slug),
  );

  app.get(
    '/history',
    {
      schema: {
        tags,
        summary: 'Every version of one indicator, route or calendar entry, newest first (secretariat)',
        params: SlugParams,
        querystring: DefinitionHistoryQuery,
        response: { 200: z.array(DefinitionRevisionView) },
      },
      config: user,
    },
    (req) => definitionHistory(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/indicators',
    {
      schema: {
        tags,
        summary: 'Define a new indicator (secretariat)',
        params: SlugParams,
        body: IndicatorCreateBody,
        response: { 201: IndicatorDefinition },
      },
      config: user,
    },
    async (req, reply) => reply.code(201).send(await createIndicator(req.ctx, req.params.slug, req.body)),
  );

  app.put(
    '/indicators/:id',
    {
      schema: {
        tags,
        summary:
          'Change or retire (validTo) an indicator as a new revision; 409 when it changed since expectedRevision (secretariat)',
        params: IdParams,
        body: IndicatorUpdateBody,
        response: { 200: IndicatorDefinition },
      },
      config: user,
    },
    (req) => updateIndicator(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.delete(
    '/indicators/:id',
    {
      schema: {
        tags,
        summary:
          'Delete an indicator without figures; one with figures answers 409: retire it instead (secretariat)',
        params: IdParams,
        querystring: RevisionQuery,
      },
      config: user,
    },
    async (req, reply) => {
      await deleteIndicator(req.ctx, req.params.slug, req.params.id, req.query.expectedRevision);
      return reply.code(204).send();
    },
  );

  app.post(
    '/routes',
    {
      schema: {
        tags,
        summary:
          'Define a new route; without a geometry, a line through the countries’ centroids is drawn (secretariat)',
        params: SlugParams,
        body: RouteCreateBody,
        response: { 201: RouteDefinition },
      },
      config: user,
    },
    async (req, reply) => reply.code(201).send(await createRoute(req.ctx, req.params.slug, req.body)),
  );

  app.put(
    '/routes/:id',
    {
      schema: {
        tags,
        summary: 'Change a route as a new revision; 409 when it changed since expectedRevision (secretariat)',
        params: IdParams,
        body: RouteUpdateBody,
        response: { 200: RouteDefinition },
      },
      config: user,
    },
    (req) => updateRoute(req.ctx, req.params.slug, req.params.id, req.body),
  );

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
      config: user,
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
      config: user,
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
      config: user,
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
      config: user,
    },
    (req) => getOverdue(req.ctx, req.params.slug, req.query),
  );
};
