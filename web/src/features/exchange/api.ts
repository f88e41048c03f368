import { ApiError, apiRequest, type Problem } from '../../ui/api-client';

/** Statistics exchange of a dialogue: `/api/dialogues/:slug/…` (src/modules/observations, submissions and validation-rules: *.routes.ts). */

export const DIMENSIONS = [
  'route',
  'border_type',
  'citizenship',
  'sex',
  'age_group',
  'reason',
  'place',
  'document_type',
  'fraud_type',
  'return_type',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Breakdowns = Record<Dimension, string>;

/** The SDMX code of "not broken down by this dimension". */
export const TOTAL_CODE = '_T';

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'validated', 'returned', 'published'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface UserRef {
  id: number;
  name: string;
}

export interface SubmissionView {
  id: number;
  reporter: string;
  status: SubmissionStatus;
  source: string;
  fileName: string | null;
  observationCount: number;
  createdBy: UserRef | null;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  publishedAt: string | null;
  abilities: { edit: boolean; submit: boolean; validate: boolean; return: boolean; publish: boolean };
}

export interface FindingView {
  key: string;
  rule: string;
  severity: 'error' | 'warning';
  observationId: number | null;
  message: string;
  comment: string | null;
}

export interface CommentView {
  action: string;
  author: UserRef | null;
  body: string;
  createdAt: string;
}

export interface SubmissionDetail extends SubmissionView {
  comments: CommentView[];
  findings: FindingView[];
}

export interface ObservationView {
  id: number;
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
  flags: string[];
  revision: number;
  status: string;
  classification: string;
  recordedBy: UserRef | null;
  recordedAt: string;
  publishedAt: string | null;
  supersededAt: string | null;
  comment: string | null;
  submissionId: number | null;
}

export interface DiffRow {
  observationId: number;
  indicator: string;
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
  published: { value: number | null; revision: number } | null;
  change: number | null;
  lastYear: number | null;
  yoyPct: number | null;
}

export interface DiffView {
  summary: { total: number; new: number; changed: number; unchanged: number };
  rows: DiffRow[];
}

export interface ImportResult {
  submissionId: number;
  reporter: string;
  observations: number;
}

/** One problem of a rejected file, as the importer reports it. */
export interface ImportError {
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  field?: string;
  message: string;
}

export interface FigureEdit {
  indicator: string;
  period: string;
  breakdowns: Partial<Breakdowns>;
  value: number | null;
  flags?: string[];
  expectedRevision: number;
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}`;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const listSubmissions = (slug: string, signal?: AbortSignal) =>
  apiRequest<SubmissionView[]>(`${base(slug)}/submissions`, opts(signal));

export const createSubmission = (slug: string, reporter?: string) =>
  apiRequest<SubmissionDetail>(`${base(slug)}/submissions`, {
    method: 'POST',
    body: reporter ? { reporter } : {},
  });

export const fetchSubmission = (slug: string, id: number, signal?: AbortSignal) =>
  apiRequest<SubmissionDetail>(`${base(slug)}/submissions/${id}`, opts(signal));

export const listSubmissionObservations = (slug: string, id: number, signal?: AbortSignal) =>
  apiRequest<ObservationView[]>(`${base(slug)}/submissions/${id}/observations?limit=10000`, opts(signal));

export const checkSubmission = (slug: string, id: number, signal?: AbortSignal) =>
  apiRequest<FindingView[]>(`${base(slug)}/submissions/${id}/findings`, opts(signal));

export const diffSubmission = (slug: string, id: number, signal?: AbortSignal) =>
  apiRequest<DiffView>(`${base(slug)}/submissions/${id}/diff?limit=10000`, opts(signal));

export const editFigure = (slug: string, id: number, edit: FigureEdit) =>
  apiRequest<ObservationView>(`${base(slug)}/submissions/${id}/figures`, { method: 'PUT', body: edit });

/** Takes a figure out of a draft or returned submission; `nextRevision` is what a later edit expects. */
export const removeFigure = (
  slug: string,
  id: number,
  figure: { indicator: string; period: string; breakdowns: Partial<Breakdowns>; expectedRevision: number },
) =>
  apiRequest<{ removed: true; observationCount: number; nextRevision: number }>(
    `${base(slug)}/submissions/${id}/figures`,
    { method: 'DELETE', body: figure },
  );

export const submitSubmission = (
  slug: string,
  id: number,
  body: { comment?: string; warningComments?: Record<string, string> },
) => apiRequest<SubmissionDetail>(`${base(slug)}/submissions/${id}/submit`, { method: 'POST', body });

export const decideSubmission = (
  slug: string,
  id: number,
  action: 'validate' | 'return' | 'publish',
  comment: string,
) =>
  apiRequest<SubmissionDetail>(`${base(slug)}/submissions/${id}/${action}`, {
    method: 'POST',
    body: comment.trim() ? { comment: comment.trim() } : {},
  });

/** Published observations (JSON), e.g. to know the published revision of a figure before editing it. */
export const readPublished = (
  slug: string,
  filter: { indicator: string; reporter: string; from: string; to: string },
  signal?: AbortSignal,
) =>
  apiRequest<ObservationView[]>(
    `${base(slug)}/observations${query({ ...filter, limit: 50000 })}`,
    opts(signal),
  );

export function figureHistoryPath(
  slug: string,
  f: { indicator: string; reporter: string; period: string; breakdowns: Breakdowns },
) {
  const dims: Record<string, string> = {};
  for (const d of DIMENSIONS) if (f.breakdowns[d] !== TOTAL_CODE) dims[d] = f.breakdowns[d];
  return `${base(slug)}/figures/history${query({ indicator: f.indicator, reporter: f.reporter, period: f.period, ...dims })}`;
}

export const fetchFigureHistory = (
  slug: string,
  f: { indicator: string; reporter: string; period: string; breakdowns: Breakdowns },
  signal?: AbortSignal,
) => apiRequest<ObservationView[]>(figureHistoryPath(slug, f), opts(signal));

export const templatePath = (slug: string, indicator: string, format: 'csv' | 'xlsx', reporter?: string) =>
  `${base(slug)}/templates/${encodeURIComponent(indicator)}${query({ format, reporter })}`;

export const exportPath = (
  slug: string,
  format: 'csv' | 'xlsx' | 'sdmx-csv',
  filter: { indicator?: string; reporter?: string; asOf?: string },
  /** CSV/XLSX column headings in this language (SDMX-CSV keeps its standard headings). */
  lang?: string,
) =>
  `${base(slug)}/observations${query({ format, ...filter, lang: format === 'sdmx-csv' ? undefined : lang })}`;

/** The SDMX structure (DSD and code lists) of the dialogue's observations. */
export const sdmxStructurePath = (slug: string, format: 'sdmx-ml' | 'sdmx-json') =>
  `${base(slug)}/sdmx/structure${query({ format })}`;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type the importer reads the file as (it also looks at the file name). */
export function uploadContentType(file: File): string {
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE;
  if (/\.xls[mb]?$/i.test(file.name)) return 'application/vnd.ms-excel';
  return 'text/csv';
}

/**
 * Uploads a file as the raw request body (the importer streams it). Rejects with ApiError; a rejected file
 * comes back as 400 with every problem in `problem.errors`.
 */
export async function uploadFile(slug: string, file: File, reporter?: string): Promise<ImportResult> {
  const response = await fetch(`${base(slug)}/imports${query({ fileName: file.name, reporter })}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      accept: 'application/json, application/problem+json',
      'content-type': uploadContentType(file),
      // The server refuses cookie-authenticated writes without it (CSRF protection).
      'x-passage-csrf': '1',
    },
    body: file,
  });
  if (!response.ok) {
    let problem: Problem = { status: response.status, title: response.statusText };
    try {
      const body = (await response.json()) as Partial<Problem>;
      problem = { ...problem, ...body, status: response.status };
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(problem);
  }
  return (await response.json()) as ImportResult;
}

/** The errors of a rejected file (the problem's `errors`, with the sheet the shared type leaves out). */
export function importErrorsOf(error: unknown): ImportError[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []) as ImportError[];
}

/** The other person's version carried by a 409 on a figure edit. */
export function conflictCurrentOf(error: unknown): ObservationView | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const current = (error.problem as Problem & { current?: ObservationView | null }).current;
  return current ?? null;
}

/** A stable key of a breakdown combination. */
export const breakdownKey = (b: Partial<Breakdowns>) => DIMENSIONS.map((d) => b[d] ?? TOTAL_CODE).join('|');

export function fullBreakdowns(b: Partial<Breakdowns>): Breakdowns {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, b[d] ?? TOTAL_CODE])) as Breakdowns;
}
