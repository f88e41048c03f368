import type {
  ApiCall,
  ApiParams,
  ApiQuery,
  ApiResponse,
  ApiRoute,
  ApiRouteWithoutArgs,
  Problem,
  QueryValue,
} from '@passage/contract';

/**
 * The web app's one door to the HTTP API, typed by the server's contract (src/contract/api.ts): a call names a
 * route key such as `'GET /api/dialogues/:slug'`, and its params, query, body and answer have the types of that
 * route's zod schemas. No page writes a response type or casts an answer.
 */

export type { Problem };

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

  get code(): Problem['code'] {
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
      // problem+json bodies are made by one handler (src/server/plugins/problem-json.ts) from the same types.
      ...(body as Partial<Problem>),
      status: typeof body.status === 'number' ? body.status : response.status,
    };
  } catch {
    return fallback;
  }
}

/** `?a=1&b=x` from query values; undefined, null and '' are left out. */
export function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const qs = search.toString();
  return qs ? `?${qs}` : '';
}

/** A call as the client reads it, whatever the route: every ApiCall<R> is one. */
interface LooseCall {
  params?: Readonly<Record<string, string | number>>;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * The path of a route key with its `:params` filled in (each encoded) and the query appended: for links
 * (downloads) to routes of the contract. Feature api.ts files wrap it with the route's own types.
 */
export function apiUrl(route: ApiRoute, call: Pick<LooseCall, 'params' | 'query'> = {}): string {
  const template = route.slice(route.indexOf(' ') + 1);
  const params = call.params ?? {};
  const path = template.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  return `${path}${queryString(call.query)}`;
}

function requestHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  // Errors come back in the interface language (the server falls back to English).
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  if (lang) headers['accept-language'] = lang;
  // The server refuses cookie-authenticated writes without it (CSRF protection, src/server/plugins/security.ts).
  if (method !== 'GET') headers['x-passage-csrf'] = '1';
  return headers;
}

/** Sends a request; resolves with the parsed JSON (null for 204), rejects with ApiError on HTTP errors. */
async function send(method: string, url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, method, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(await readProblem(response));
  if (response.status === 204) return null;
  return response.json();
}

type ApiArgs<R extends ApiRoute> = R extends ApiRouteWithoutArgs ? [call?: ApiCall<R>] : [call: ApiCall<R>];

/**
 * Calls the Passage HTTP API on the same origin (the session cookie travels with it). The answer is typed by
 * the route's response schema; rejects with ApiError (problem+json) on HTTP errors.
 */
export async function api<R extends ApiRoute>(route: R, ...[typed]: ApiArgs<R>): Promise<ApiResponse<R>> {
  const call: LooseCall | undefined = typed;
  const method = route.slice(0, route.indexOf(' '));
  const headers = requestHeaders(method);
  const init: RequestInit = { headers };
  if (call?.signal) init.signal = call.signal;
  // A content type is only sent with a body: Fastify rejects an empty JSON body.
  if (call?.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(call.body);
  }
  const body = await send(method, apiUrl(route, call), init);
  // The one place an answer is trusted: the server serialises it with this route's response schema
  // (test/web-contract.test.ts checks the contract's schema is the route's).
  return body as ApiResponse<R>;
}

/**
 * Uploads a file as the raw request body (the importer streams it) to a route that reads one; typed like
 * api(). A rejected file comes back as ApiError with every problem in `problem.errors`.
 */
export async function apiUpload<R extends ApiRoute>(
  route: R,
  call: { params: ApiParams<R>; query?: ApiQuery<R>; file: Blob; contentType: string },
): Promise<ApiResponse<R>> {
  const method = route.slice(0, route.indexOf(' '));
  const headers = { ...requestHeaders(method), 'content-type': call.contentType };
  const where: LooseCall = { params: call.params, ...(call.query ? { query: call.query } : {}) };
  const body = await send(method, apiUrl(route, where), { headers, body: call.file });
  // As in api(): the answer is serialised with the route's response schema.
  return body as ApiResponse<R>;
}
