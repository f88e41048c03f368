import type { FastifyRequest } from 'fastify';

/**
 * Whether a request is for the API. The hooks that guard the API (CSRF, identity, caching headers) decide on
 * the route Fastify matched, not on the raw URL: the router decodes percent-escapes, so `/%61pi/auth/logout`
 * reaches the route `/api/auth/logout` although its raw URL does not start with `/api/`. For a request that
 * matched no route (a 404) the decoded path decides, so the answer is the same however it is spelled.
 */
export function isApiRequest(req: FastifyRequest): boolean {
  return isApiPath(req.routeOptions.url ?? decodedPath(req.url));
}

/** The route pattern (or decoded path) is under /api/. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/');
}

/** Whether the matched route is the API documentation (Swagger UI at /api/docs). */
export function isApiDocsRequest(req: FastifyRequest): boolean {
  return (req.routeOptions.url ?? decodedPath(req.url)).startsWith('/api/docs');
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a malformed escape matches no route; the raw path is as good as any
  }
}
