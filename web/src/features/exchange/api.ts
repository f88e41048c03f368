import type {
  ApiBody,
  ApiQuery,
  Breakdowns,
  FieldError,
  FigureEditBody,
  ObservationView,
} from '@passage/contract';
import { DIMENSIONS, TOTAL_CODE, totalBreakdowns } from '@passage/contract/constants';
import { ApiError, api, apiUpload, apiUrl } from '../../ui/api-client';

/**
 * Statistics exchange of a dialogue: `/api/dialogues/:slug/…` (src/modules/observations, submissions and
 * validation-rules: *.routes.ts). Shapes and constants come from the server's contract (src/contract).
 */

export type {
  Breakdowns,
  DiffRow,
  DiffView,
  Dimension,
  FigureEditBody,
  FindingView,
  ImportMappingBody,
  MappedImportView,
  MappingView,
  ObservationView,
  ProposalView,
  SubmissionComment,
  SubmissionDetail,
  SubmissionStatus,
  SubmissionView,
  UserRef,
} from '@passage/contract';
export { DIMENSIONS, SUBMISSION_STATUSES, TOTAL_CODE } from '@passage/contract/constants';

/** One problem of a rejected file, as the importer reports it (file, sheet, row, column, field). */
export type ImportError = FieldError;
export type FigureRemoveBody = ApiBody<'DELETE /api/dialogues/:slug/submissions/:id/figures'>;

export const listSubmissions = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/submissions', { params: { slug }, signal });

export const createSubmission = (slug: string, reporter?: string) =>
  api('POST /api/dialogues/:slug/submissions', { params: { slug }, body: reporter ? { reporter } : {} });

export const fetchSubmission = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/submissions/:id', { params: { slug, id }, signal });

export const listSubmissionObservations = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/submissions/:id/observations', {
    params: { slug, id },
    query: { limit: 10000 },
    signal,
  });

export const checkSubmission = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/submissions/:id/findings', { params: { slug, id }, signal });

export const diffSubmission = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/submissions/:id/diff', {
    params: { slug, id },
    query: { limit: 10000 },
    signal,
  });

export const editFigure = (slug: string, id: number, edit: FigureEditBody) =>
  api('PUT /api/dialogues/:slug/submissions/:id/figures', { params: { slug, id }, body: edit });

/** Takes a figure out of a draft or returned submission; `nextRevision` is what a later edit expects. */
export const removeFigure = (slug: string, id: number, figure: FigureRemoveBody) =>
  api('DELETE /api/dialogues/:slug/submissions/:id/figures', { params: { slug, id }, body: figure });

export const submitSubmission = (
  slug: string,
  id: number,
  body: ApiBody<'POST /api/dialogues/:slug/submissions/:id/submit'>,
) => api('POST /api/dialogues/:slug/submissions/:id/submit', { params: { slug, id }, body });

export function decideSubmission(
  slug: string,
  id: number,
  action: 'validate' | 'return' | 'publish',
  comment: string,
) {
  const params = { slug, id };
  const text = comment.trim();
  if (action === 'return')
    return api('POST /api/dialogues/:slug/submissions/:id/return', { params, body: { comment: text } });
  const body = text ? { comment: text } : {};
  return action === 'validate'
    ? api('POST /api/dialogues/:slug/submissions/:id/validate', { params, body })
    : api('POST /api/dialogues/:slug/submissions/:id/publish', { params, body });
}

/** Published observations (JSON), e.g. to know the published revision of a figure before editing it. */
export const readPublished = (
  slug: string,
  filter: { indicator: string; reporter: string; from: string; to: string },
  signal?: AbortSignal,
) =>
  api('GET /api/dialogues/:slug/observations', {
    params: { slug },
    query: { ...filter, limit: 50000 },
    signal,
  });

/** What identifies a figure: the key of an observation. */
type FigureKey = Pick<ObservationView, 'indicator' | 'reporter' | 'period' | 'breakdowns'>;

/** The history query of one figure: its key, with only the dimensions it is broken down by. */
function figureQuery(f: FigureKey): ApiQuery<'GET /api/dialogues/:slug/figures/history'> {
  const dims: Record<string, string> = {};
  for (const d of DIMENSIONS) if (f.breakdowns[d] !== TOTAL_CODE) dims[d] = f.breakdowns[d];
  return { indicator: f.indicator, reporter: f.reporter, period: f.period, ...dims };
}

export const figureHistoryPath = (slug: string, f: FigureKey) =>
  apiUrl('GET /api/dialogues/:slug/figures/history', { params: { slug }, query: figureQuery(f) });

export const fetchFigureHistory = (slug: string, f: FigureKey, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/figures/history', { params: { slug }, query: figureQuery(f), signal });

export const templatePath = (slug: string, indicator: string, format: 'csv' | 'xlsx', reporter?: string) =>
  apiUrl('GET /api/dialogues/:slug/templates/:indicator', {
    params: { slug, indicator },
    query: { format, reporter } satisfies ApiQuery<'GET /api/dialogues/:slug/templates/:indicator'>,
  });

export const exportPath = (
  slug: string,
  format: 'csv' | 'xlsx' | 'sdmx-csv',
  filter: { indicator?: string; reporter?: string; asOf?: string },
  /** CSV/XLSX column headings in this language (SDMX-CSV keeps its standard headings). */
  lang?: string,
) =>
  apiUrl('GET /api/dialogues/:slug/observations', {
    params: { slug },
    query: {
      format,
      ...filter,
      lang: format === 'sdmx-csv' ? undefined : lang,
    } satisfies ApiQuery<'GET /api/dialogues/:slug/observations'>,
  });

/** The SDMX structure (DSD and code lists) of the dialogue's observations. */
export const sdmxStructurePath = (slug: string, format: 'sdmx-ml' | 'sdmx-json') =>
  apiUrl('GET /api/dialogues/:slug/sdmx/structure', { params: { slug }, query: { format } });

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
export const uploadFile = (slug: string, file: File, reporter?: string) =>
  apiUpload('POST /api/dialogues/:slug/imports', {
    params: { slug },
    query: { fileName: file.name, reporter },
    file,
    contentType: uploadContentType(file),
  });

/** The errors of a rejected file (the problem's `errors`: file, sheet, row, column, field). */
export function importErrorsOf(error: unknown): ImportError[] {
  if (!(error instanceof ApiError)) return [];
  return error.problem.errors ?? [];
}

function isObservationView(value: unknown): value is ObservationView {
  return (
    typeof value === 'object' &&
    value !== null &&
    'revision' in value &&
    typeof value.revision === 'number' &&
    'breakdowns' in value &&
    'value' in value
  );
}

/** The other person's version carried by a 409 on a figure edit (the problem's `current`). */
export function conflictCurrentOf(error: unknown): ObservationView | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const { current } = error.problem;
  return isObservationView(current) ? current : null;
}

/** A stable key of a breakdown combination. */
export const breakdownKey = (b: Partial<Breakdowns>) => DIMENSIONS.map((d) => b[d] ?? TOTAL_CODE).join('|');

export function fullBreakdowns(b: Partial<Breakdowns>): Breakdowns {
  const full = totalBreakdowns();
  for (const d of DIMENSIONS) full[d] = b[d] ?? TOTAL_CODE;
  return full;
}

// --- the mapping step (src/modules/import-mappings) ---

/** The mapping step's start: a proposed mapping of the file's columns, the labels to confirm, a preview. */
export const proposeMapping = (slug: string, file: File) =>
  apiUpload('POST /api/dialogues/:slug/import-mappings/propose', {
    params: { slug },
    query: { fileName: file.name },
    file,
    contentType: uploadContentType(file),
  });

export const saveMapping = (
  slug: string,
  name: string,
  body: ApiBody<'PUT /api/dialogues/:slug/import-mappings/:name'>,
) => api('PUT /api/dialogues/:slug/import-mappings/:name', { params: { slug, name }, body });

/** Imports the file through a saved mapping (dryRun: checks it only and answers with a preview). */
export const importThroughMapping = (
  slug: string,
  name: string,
  file: File,
  query: ApiQuery<'POST /api/dialogues/:slug/import-mappings/:name/imports'>,
) =>
  apiUpload('POST /api/dialogues/:slug/import-mappings/:name/imports', {
    params: { slug, name },
    query: { fileName: file.name, ...query },
    file,
    contentType: uploadContentType(file),
  });
