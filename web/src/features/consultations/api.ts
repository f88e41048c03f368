import type { ApiBody } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** Draft consultations of a dialogue (src/modules/consultations/consultations.routes.ts). */

export type {
  ConsultationCommentView,
  ConsultationCompareView,
  ConsultationList,
  ConsultationMatrixView,
  ConsultationSummaryOfComments,
  ConsultationSummaryView,
  ConsultationView,
} from '@passage/contract';

export type ConsultationCreateBody = ApiBody<'POST /api/dialogues/:slug/consultations'>;
export type CommentBody = ApiBody<'POST /api/dialogues/:slug/consultations/:id/comments'>;
export type SplitBody = ApiBody<'PUT /api/dialogues/:slug/consultations/:id/split'>;
export type SummaryBody = ApiBody<'PUT /api/dialogues/:slug/consultations/:id/summary'>;
export type ResponseBody =
  ApiBody<'POST /api/dialogues/:slug/consultations/:id/comments/:commentId/response'>;
export type ExportLanguage = 'en' | 'fr' | 'ru';

export const listConsultations = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/consultations', { params: { slug }, signal });
export const createConsultation = (slug: string, body: ConsultationCreateBody) =>
  api('POST /api/dialogues/:slug/consultations', { params: { slug }, body });
export const getConsultation = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/consultations/:id', { params: { slug, id }, signal });
export type SettingsBody = ApiBody<'PATCH /api/dialogues/:slug/consultations/:id'>;
export const changeSettings = (slug: string, id: number, body: SettingsBody) =>
  api('PATCH /api/dialogues/:slug/consultations/:id', { params: { slug, id }, body });
export const correctSplit = (slug: string, id: number, body: SplitBody) =>
  api('PUT /api/dialogues/:slug/consultations/:id/split', { params: { slug, id }, body });
export const openConsultation = (slug: string, id: number) =>
  api('POST /api/dialogues/:slug/consultations/:id/open', { params: { slug, id } });
export const commentOnParagraph = (slug: string, id: number, body: CommentBody) =>
  api('POST /api/dialogues/:slug/consultations/:id/comments', { params: { slug, id }, body });
export type CommentEditBody = ApiBody<'PATCH /api/dialogues/:slug/consultations/:id/comments/:commentId'>;
export const editComment = (slug: string, id: number, commentId: number, body: CommentEditBody) =>
  api('PATCH /api/dialogues/:slug/consultations/:id/comments/:commentId', {
    params: { slug, id, commentId },
    body,
  });
export const respondToComment = (slug: string, id: number, commentId: number, body: ResponseBody) =>
  api('POST /api/dialogues/:slug/consultations/:id/comments/:commentId/response', {
    params: { slug, id, commentId },
    body,
  });
export const getMatrix = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/consultations/:id/matrix', { params: { slug, id }, query: {}, signal });
export const getSummary = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/consultations/:id/summary', { params: { slug, id }, query: {}, signal });
export const saveSummary = (slug: string, id: number, body: SummaryBody) =>
  api('PUT /api/dialogues/:slug/consultations/:id/summary', { params: { slug, id }, body });
export const regenerateSummary = (slug: string, id: number) =>
  api('POST /api/dialogues/:slug/consultations/:id/summary/generate', { params: { slug, id } });
export const publishVersion = (slug: string, id: number, body: { text: string; note?: string }) =>
  api('POST /api/dialogues/:slug/consultations/:id/versions', { params: { slug, id }, body });
export const compareVersions = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/consultations/:id/compare', { params: { slug, id }, query: {}, signal });

export const matrixXlsxUrl = (slug: string, id: number, lang: ExportLanguage) =>
  apiUrl('GET /api/dialogues/:slug/consultations/:id/matrix.xlsx', { params: { slug, id }, query: { lang } });
export const matrixDocxUrl = (slug: string, id: number, lang: ExportLanguage) =>
  apiUrl('GET /api/dialogues/:slug/consultations/:id/matrix.docx', { params: { slug, id }, query: { lang } });
export const matrixPdfUrl = (slug: string, id: number, lang: ExportLanguage) =>
  apiUrl('GET /api/dialogues/:slug/consultations/:id/matrix.pdf', { params: { slug, id }, query: { lang } });
export const summaryDocxUrl = (slug: string, id: number, lang: ExportLanguage) =>
  apiUrl('GET /api/dialogues/:slug/consultations/:id/summary.docx', {
    params: { slug, id },
    query: { lang },
  });
