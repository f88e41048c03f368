import type { ApiBody } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** Situation reports of a dialogue (src/modules/reports/reports.routes.ts). */

export type { ReportView, ScheduleView } from '@passage/contract';

export type ReportCreateBody = ApiBody<'POST /api/dialogues/:slug/reports'>;
export type ScheduleCreateBody = ApiBody<'POST /api/dialogues/:slug/reports/schedules'>;

export const listReports = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/reports', { params: { slug }, signal });
export const generateReport = (slug: string, body: ReportCreateBody) =>
  api('POST /api/dialogues/:slug/reports', { params: { slug }, body });
export const reportHtmlUrl = (slug: string, id: number) =>
  apiUrl('GET /api/dialogues/:slug/reports/:id/html', { params: { slug, id } });
export const reportPdfUrl = (slug: string, id: number) =>
  apiUrl('GET /api/dialogues/:slug/reports/:id/pdf', { params: { slug, id } });

export const listSchedules = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/reports/schedules', { params: { slug }, signal });
export const createSchedule = (slug: string, body: ScheduleCreateBody) =>
  api('POST /api/dialogues/:slug/reports/schedules', { params: { slug }, body });
export const deleteSchedule = (slug: string, id: number) =>
  api('DELETE /api/dialogues/:slug/reports/schedules/:id', { params: { slug, id } });
