import type { ApiBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** The definitions desk of a dialogue (secretariat): indicators, routes, reporting calendar, overdue reports. */

export type {
  CalendarEntryView,
  CalendarView,
  Classification,
  DefinitionsView,
  DialogueOrganisation,
  IndicatorDefinition,
  OverdueView,
  RouteDefinition,
} from '@passage/contract';
export { CLASSIFICATIONS } from '@passage/contract/constants';

export type IndicatorCreateBody = ApiBody<'POST /api/dialogues/:slug/definitions/indicators'>;
export type IndicatorUpdateBody = ApiBody<'PUT /api/dialogues/:slug/definitions/indicators/:id'>;
export type RouteCreateBody = ApiBody<'POST /api/dialogues/:slug/definitions/routes'>;
export type RouteUpdateBody = ApiBody<'PUT /api/dialogues/:slug/definitions/routes/:id'>;
export type CalendarEntryInput = ApiBody<'PUT /api/dialogues/:slug/definitions/calendar'>['entries'][number];

export const fetchDefinitions = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/definitions', { params: { slug }, signal });

export const fetchOverdue = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/definitions/overdue', { params: { slug }, signal });

export const createIndicator = (slug: string, body: IndicatorCreateBody) =>
  api('POST /api/dialogues/:slug/definitions/indicators', { params: { slug }, body });

export const updateIndicator = (slug: string, id: number, body: IndicatorUpdateBody) =>
  api('PUT /api/dialogues/:slug/definitions/indicators/:id', { params: { slug, id }, body });

export const createRoute = (slug: string, body: RouteCreateBody) =>
  api('POST /api/dialogues/:slug/definitions/routes', { params: { slug }, body });

export const updateRoute = (slug: string, id: number, body: RouteUpdateBody) =>
  api('PUT /api/dialogues/:slug/definitions/routes/:id', { params: { slug, id }, body });

export const saveCalendar = (slug: string, entries: CalendarEntryInput[]) =>
  api('PUT /api/dialogues/:slug/definitions/calendar', { params: { slug }, body: { entries } });

export const removeCalendarEntry = (slug: string, reporter: string, indicator: string, revision: number) =>
  api('DELETE /api/dialogues/:slug/definitions/calendar/:reporter/:indicator', {
    params: { slug, reporter, indicator },
    query: { expectedRevision: revision },
  });
