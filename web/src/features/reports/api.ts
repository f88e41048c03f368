import { apiRequest } from '../../ui/api-client';

/** Situation reports of a dialogue (src/modules/reports/reports.routes.ts). */
export interface ReportView {
  id: number;
  route: string | null;
  indicator: string;
  period: string;
  language: 'en' | 'fr' | 'ru';
  title: string;
  dataAsOf: string | null;
  classification: string;
  createdAt: string;
  createdBy: { id: number; name: string } | null;
  hasPdf: boolean;
  pdfError: string | null;
}

export interface ReportCreate {
  route?: string;
  indicator: string;
  period: string;
  language: 'en' | 'fr' | 'ru';
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}/reports`;

export const listReports = (slug: string, signal?: AbortSignal) =>
  apiRequest<ReportView[]>(base(slug), signal ? { signal } : {});
export const generateReport = (slug: string, body: ReportCreate) =>
  apiRequest<ReportView>(base(slug), { method: 'POST', body });
export const reportHtmlUrl = (slug: string, id: number) => `${base(slug)}/${id}/html`;
export const reportPdfUrl = (slug: string, id: number) => `${base(slug)}/${id}/pdf`;

export interface ScheduleView {
  id: number;
  route: string | null;
  indicator: string;
  language: 'en' | 'fr' | 'ru';
  createdBy: { id: number; name: string };
  lastPeriod: string | null;
  createdAt: string;
}

export const listSchedules = (slug: string, signal?: AbortSignal) =>
  apiRequest<ScheduleView[]>(`${base(slug)}/schedules`, signal ? { signal } : {});
export const createSchedule = (slug: string, body: Omit<ReportCreate, 'period'>) =>
  apiRequest<ScheduleView>(`${base(slug)}/schedules`, { method: 'POST', body });
export const deleteSchedule = (slug: string, id: number) =>
  apiRequest<void>(`${base(slug)}/schedules/${id}`, { method: 'DELETE' });
