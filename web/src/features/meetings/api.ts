import type { ApiBody } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** Meetings of a dialogue (src/modules/meetings/meetings.routes.ts). */

export type { MeetingKind, MeetingList, MeetingView, MyMeetingActions } from '@passage/contract';
export { MEETING_KINDS } from '@passage/contract/constants';

export type MeetingCreateBody = ApiBody<'POST /api/dialogues/:slug/meetings'>;

export const listMeetings = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/meetings', { params: { slug }, signal });
export const createMeeting = (slug: string, body: MeetingCreateBody) =>
  api('POST /api/dialogues/:slug/meetings', { params: { slug }, body });
export const getMeeting = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/meetings/:id', { params: { slug, id }, signal });
export const updateMinutes = (slug: string, id: number, minutes: string, expectedRevision: number) =>
  api('PATCH /api/dialogues/:slug/meetings/:id', {
    params: { slug, id },
    body: { minutes, expectedRevision },
  });
export const addAction = (
  slug: string,
  id: number,
  body: { title: string; ownerOrgId: number; dueOn: string },
) => api('POST /api/dialogues/:slug/meetings/:id/actions', { params: { slug, id }, body });
export const completeAction = (slug: string, id: number, actionId: number) =>
  api('POST /api/dialogues/:slug/meetings/:id/actions/:actionId/done', { params: { slug, id, actionId } });
export const listMyActions = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/meetings/actions/mine', { params: { slug }, signal });
export const listOrganisations = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/organisations', { params: { slug }, signal });
export const calendarUrl = (slug: string) =>
  apiUrl('GET /api/dialogues/:slug/meetings/calendar.ics', { params: { slug } });
