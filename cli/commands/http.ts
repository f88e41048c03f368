/**
 * The commands that move data (`passage import`, `passage export`) go through the HTTP API, the one door, so
 * they run while the server runs (the embedded database has one process) and act as a person with an API
 * token (`Authorization: Bearer psg_…`, Account → API tokens), with that person's rights.
 */
import type { FieldError } from '../../src/shared/errors';

export interface ServerOptions {
  url?: string;
  token?: string;
}

/** The server's address: --url, PASSAGE_URL, PASSAGE_PUBLIC_URL, else http://localhost:PORT. */
export function serverUrl(o: ServerOptions, env: NodeJS.ProcessEnv = process.env): string {
  const url = o.url ?? env.PASSAGE_URL ?? env.PASSAGE_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`;
  return url.replace(/\/+$/, '');
}

export function authHeaders(o: ServerOptions, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = o.token ?? env.PASSAGE_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** A refused request: the server's problem+json, for the command to print. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail);
  }
}

export async function problemOf(res: Response): Promise<ApiProblem> {
  const text = await res.text();
  try {
    const p = JSON.parse(text) as { code?: string; detail?: string; title?: string; errors?: FieldError[] };
    return new ApiProblem(
      res.status,
      p.code ?? `HTTP_${res.status}`,
      p.detail ?? p.title ?? text,
      p.errors ?? [],
    );
  } catch {
    return new ApiProblem(res.status, `HTTP_${res.status}`, text.slice(0, 300) || res.statusText, []);
  }
}

/** fetch, with "cannot reach" worded for people (the server is not running, or --url is wrong). */
export async function call(url: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new Error(
      `cannot reach the Passage server at ${new URL(url).origin} (${cause}): start it, or give --url`,
    );
  }
}
