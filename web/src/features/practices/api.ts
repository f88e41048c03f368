import type { ApiBody, ApiQuery } from '@passage/contract';
import { api, apiUpload, apiUrl } from '../../ui/api-client';

/** The best-practice inventory of a dialogue (src/modules/practices/practices.routes.ts). */

export type {
  PracticeComparisonView,
  PracticeHistory,
  PracticeList,
  PracticeStatus,
  PracticeSummaryView,
  PracticeView,
  ThematicArea,
} from '@passage/contract';
export { PRACTICE_STATUSES, THEMATIC_AREAS } from '@passage/contract/constants';

export type PracticeCreateBody = ApiBody<'POST /api/dialogues/:slug/practices'>;
export type PracticeUpdateBody = ApiBody<'PATCH /api/dialogues/:slug/practices/:id'>;
export type PracticeFilter = ApiQuery<'GET /api/dialogues/:slug/practices'>;

export const listPractices = (slug: string, query: PracticeFilter, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/practices', { params: { slug }, query, signal });
export const practicesCsvUrl = (slug: string, query: PracticeFilter) =>
  apiUrl('GET /api/dialogues/:slug/practices/export.csv', { params: { slug }, query });
export const comparePractices = (slug: string, a: number, b: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/practices/compare', { params: { slug }, query: { a, b }, signal });
export const createPractice = (slug: string, body: PracticeCreateBody) =>
  api('POST /api/dialogues/:slug/practices', { params: { slug }, body });
export const getPractice = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/practices/:id', { params: { slug, id }, signal });
export const updatePractice = (slug: string, id: number, body: PracticeUpdateBody) =>
  api('PATCH /api/dialogues/:slug/practices/:id', { params: { slug, id }, body });
export const submitPractice = (slug: string, id: number, expectedRevision: number) =>
  api('POST /api/dialogues/:slug/practices/:id/submit', { params: { slug, id }, body: { expectedRevision } });
export const verifyPractice = (
  slug: string,
  id: number,
  body: { decision: 'publish' | 'return'; comment?: string; expectedRevision: number },
) => api('POST /api/dialogues/:slug/practices/:id/verify', { params: { slug, id }, body });
export const getPracticeHistory = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/practices/:id/history', { params: { slug, id }, signal });

/** Files (src/modules/practices/practices.attachments.routes.ts): the server finds the type from the bytes. */
export const listPracticeFiles = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/practices/:id/attachments', { params: { slug, id }, signal });
export const uploadPracticeFile = (slug: string, id: number, file: File, expectedRevision: number) =>
  apiUpload('POST /api/dialogues/:slug/practices/:id/attachments', {
    params: { slug, id },
    query: { fileName: file.name, expectedRevision },
    file,
    contentType: file.type || 'application/octet-stream',
  });
export const practiceFileUrl = (slug: string, id: number, attachmentId: number) =>
  apiUrl('GET /api/dialogues/:slug/practices/:id/attachments/:attachmentId', {
    params: { slug, id, attachmentId },
  });
