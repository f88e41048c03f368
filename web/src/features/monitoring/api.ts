import type { ApiBody } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** Implementation monitoring of a dialogue's declarations (src/modules/monitoring/monitoring.routes.ts). */

export type {
  MonitoringCycleView,
  MonitoringDashboardView,
  MonitoringDeclarationList,
  MonitoringDeclarationView,
  MonitoringProgress,
  MonitoringReportView,
  MonitoringSplitView,
} from '@passage/contract';
export { MONITORING_PROGRESS } from '@passage/contract/constants';

export type DeclarationCreateBody = ApiBody<'POST /api/dialogues/:slug/monitoring/declarations'>;
export type Segment = DeclarationCreateBody['segments'][number];
export type ReportBody = ApiBody<'PUT /api/dialogues/:slug/monitoring/cycles/:id/reports/:commitmentId'>;

export const proposeSplit = (slug: string, text: string) =>
  api('POST /api/dialogues/:slug/monitoring/split', { params: { slug }, body: { text } });
export const listDeclarations = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/monitoring/declarations', { params: { slug }, signal });
export const createDeclaration = (slug: string, body: DeclarationCreateBody) =>
  api('POST /api/dialogues/:slug/monitoring/declarations', { params: { slug }, body });
export const getDeclaration = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/monitoring/declarations/:id', { params: { slug, id }, signal });
export const openCycle = (slug: string, id: number, body: { title: string; deadline: string }) =>
  api('POST /api/dialogues/:slug/monitoring/declarations/:id/cycles', { params: { slug, id }, body });
export const getCycle = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/monitoring/cycles/:id', { params: { slug, id }, signal });
export const closeCycle = (slug: string, id: number) =>
  api('POST /api/dialogues/:slug/monitoring/cycles/:id/close', { params: { slug, id } });
export const saveReport = (slug: string, id: number, commitmentId: number, body: ReportBody) =>
  api('PUT /api/dialogues/:slug/monitoring/cycles/:id/reports/:commitmentId', {
    params: { slug, id, commitmentId },
    body,
  });
export const submitReport = (slug: string, id: number, expectedRevision: number) =>
  api('POST /api/dialogues/:slug/monitoring/reports/:id/submit', {
    params: { slug, id },
    body: { expectedRevision },
  });
export const reviewReport = (
  slug: string,
  id: number,
  body: { decision: 'accepted' | 'questions'; note?: string; expectedRevision: number },
) => api('POST /api/dialogues/:slug/monitoring/reports/:id/review', { params: { slug, id }, body });
export const getDashboard = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/monitoring/cycles/:id/dashboard', { params: { slug, id }, signal });
export const dashboardXlsxUrl = (slug: string, id: number) =>
  apiUrl('GET /api/dialogues/:slug/monitoring/cycles/:id/dashboard.xlsx', { params: { slug, id } });
export const dashboardPdfUrl = (slug: string, id: number) =>
  apiUrl('GET /api/dialogues/:slug/monitoring/cycles/:id/dashboard.pdf', { params: { slug, id } });
export const getDeclarationProgress = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/monitoring/declarations/:id/progress', { params: { slug, id }, signal });
