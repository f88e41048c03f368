/** RFC 9457 problem details, as every Passage API error is rendered. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: { field?: string; message: string; file?: string; row?: number; column?: string }[];
}

/** An HTTP error from the API, carrying the problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status, title: response.statusText };
  try {
    const body: unknown = await response.json();
    if (!isRecord(body)) return fallback;
    return {
      ...fallback,
      ...(body as Partial<Problem>),
      status: typeof body.status === 'number' ? body.status : response.status,
    };
  } catch {
    return fallback;
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the Passage HTTP API on the same origin (the session cookie travels with it).
 * Resolves with the parsed JSON body (undefined for 204); rejects with ApiError on HTTP errors.
 */
export async function apiRequest<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  // Errors come back in the interface language (the server falls back to English).
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  if (lang) headers['accept-language'] = lang;
  const method = request.method ?? 'GET';
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  // The server refuses cookie-authenticated writes without it (CSRF protection, src/server/plugins/security.ts).
  if (method !== 'GET') headers['x-passage-csrf'] = '1';
  if (request.signal) init.signal = request.signal;
  // A content type is only sent with a body: Fastify rejects an empty JSON body.
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(request.body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw new ApiError(await readProblem(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Sends a file or text as the raw request body (logo images, invitation CSVs), with the CSRF header and the
 * interface language; resolves with the JSON answer, rejects with ApiError like apiRequest.
 */
export async function apiSendRaw<T>(
  path: string,
  body: Blob | string,
  contentType: string,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json, application/problem+json',
      'content-type': contentType,
      ...(lang ? { 'accept-language': lang } : {}),
      'x-passage-csrf': '1',
    },
    body,
  });
  if (!response.ok) throw new ApiError(await readProblem(response));
  return (await response.json()) as T;
}
