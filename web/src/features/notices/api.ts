import type { ApiBody, ApiQuery } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** Notices of new national measures of a dialogue (src/modules/notices/notices.routes.ts). */

export type {
  MeasureType,
  NoticeCommentView,
  NoticeHistory,
  NoticeOutcome,
  NoticeStage,
  NoticeSummaryView,
  NoticeView,
} from '@passage/contract';
export { MEASURE_TYPES, NOTICE_OUTCOMES, NOTICE_STAGES } from '@passage/contract/constants';

export type NoticeCreateBody = ApiBody<'POST /api/dialogues/:slug/notices'>;
export type NoticeFilter = ApiQuery<'GET /api/dialogues/:slug/notices'>;
export type OutcomeBody = ApiBody<'POST /api/dialogues/:slug/notices/:id/outcome'>;

export const listNotices = (slug: string, query: NoticeFilter, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices', { params: { slug }, query, signal });
export const createNotice = (slug: string, body: NoticeCreateBody) =>
  api('POST /api/dialogues/:slug/notices', { params: { slug }, body });
export const getNotice = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices/:id', { params: { slug, id }, signal });
export const getNoticeHistory = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices/:id/history', { params: { slug, id }, signal });
export const sendNotice = (slug: string, id: number, expectedRevision: number) =>
  api('POST /api/dialogues/:slug/notices/:id/send', { params: { slug, id }, body: { expectedRevision } });
export const acknowledgeNotice = (slug: string, id: number) =>
  api('POST /api/dialogues/:slug/notices/:id/acknowledge', { params: { slug, id } });
export const commentOnNotice = (
  slug: string,
  id: number,
  body: { kind: 'comment' | 'concern'; body: string },
) => api('POST /api/dialogues/:slug/notices/:id/comments', { params: { slug, id }, body });
export const answerComment = (slug: string, id: number, commentId: number, body: string) =>
  api('POST /api/dialogues/:slug/notices/:id/comments/:commentId/answer', {
    params: { slug, id, commentId },
    body: { body },
  });
export const reportOutcome = (slug: string, id: number, body: OutcomeBody) =>
  api('POST /api/dialogues/:slug/notices/:id/outcome', { params: { slug, id }, body });

/** Links of the Atom and iCalendar feeds (with the list's filters). */
export const atomFeedUrl = (slug: string, query: NoticeFilter) =>
  apiUrl('GET /api/dialogues/:slug/notices/feed.atom', { params: { slug }, query });
export const calendarFeedUrl = (slug: string, query: NoticeFilter) =>
  apiUrl('GET /api/dialogues/:slug/notices/effective.ics', { params: { slug }, query });
