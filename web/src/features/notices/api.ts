import type { ApiBody, ApiQuery } from '@passage/contract';
import { api, apiUpload, apiUrl } from '../../ui/api-client';

/** Notices of new national measures of a dialogue (src/modules/notices/notices.routes.ts). */

export type {
  MeasureType,
  NoticeAttachmentList,
  NoticeAttachmentView,
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

/** Attachments (src/modules/notices/notices.attachments.routes.ts): the server finds the type from the bytes. */
export const listAttachments = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices/:id/attachments', { params: { slug, id }, signal });
export const uploadAttachment = (slug: string, id: number, file: File, expectedRevision: number) =>
  apiUpload('POST /api/dialogues/:slug/notices/:id/attachments', {
    params: { slug, id },
    query: { fileName: file.name, expectedRevision },
    file,
    contentType: file.type || 'application/octet-stream',
  });
export const attachmentUrl = (slug: string, id: number, attachmentId: number) =>
  apiUrl('GET /api/dialogues/:slug/notices/:id/attachments/:attachmentId', {
    params: { slug, id, attachmentId },
  });
/** The dialogue's e-mail address for notices (null: the installation receives no e-mail). */
export const getInboundAddress = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices/inbound-address', { params: { slug }, signal });
