import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../shared/errors';
import { SESSION_COOKIE } from '../../shared/session-cookies';
import { isApiDocsRequest, isApiRequest } from '../api-route';

/** The header the web app (web/src/ui/api-client.ts) sends with every request that changes something. */
export const CSRF_HEADER = 'x-passage-csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Content-Security-Policy of the web app. MapLibre runs its worker from a blob: or its own URL and draws
 * images from data:/blob: URLs; nothing is loaded from other origins; no page may frame Passage.
 */
export const APP_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Plain-HTTP installations (e.g. on a ministry's intranet) must keep working: no forced upgrade.
  upgradeInsecureRequests: null,
} as const;

/** Swagger UI at /api/docs needs inline scripts and styles; only there. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

/**
 * Embeddable pages (/embed/…: a public chart with its table, web/src/features/portal/embed-page.tsx) may be
 * framed by other sites: the app's CSP with `frame-ancestors` from PASSAGE_EMBED_FRAME_ANCESTORS (default `*`:
 * any site) and no X-Frame-Options. Every other page keeps `frame-ancestors 'none'`.
 */
export function embedCsp(ancestors = process.env.PASSAGE_EMBED_FRAME_ANCESTORS?.trim() || '*'): string {
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const directives: Record<string, readonly string[] | null> = { ...APP_CSP, frameAncestors: [ancestors] };
  return Object.entries(directives)
    .flatMap(([k, v]) => (v ? [`${kebab(k)} ${v.join(' ')}`] : []))
    .join('; ');
}

const isEmbedPage = (req: FastifyRequest) =>
  req.method === 'GET' && (req.url.split('?')[0] ?? '').startsWith('/embed/');

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Cache-Control of every API response that does not set its own. */
export const API_CACHE_CONTROL = 'no-store';

/** PASSAGE_TRUST_PROXY: unset = trust no proxy; true = trust all; a number > 1 = hops; else IPs/CIDRs. */
export function trustProxySetting(
  value: string | undefined,
): boolean | string | ((address: string, hop: number) => boolean) {
  if (!value || ['0', 'false', 'off', 'no'].includes(value)) return false;
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value;
}

export class CsrfRejected extends AppError {
  constructor(detail: string) {
    super('CSRF_REJECTED', 403, detail);
  }
}

/** The host (name[:port]) the request came from according to Origin, else Referer; undefined if neither. */
function sourceHost(req: FastifyRequest): string | undefined {
  const raw = req.headers.origin ?? req.headers.referer;
  if (raw === undefined) return undefined;
  try {
    return new URL(raw).host;
  } catch {
    return 'invalid'; // "null" (sandboxed frames, privacy modes) or garbage: never same-origin
  }
}

/** The host the request was sent to, as a URL would write it (default port dropped). */
function ownHost(req: FastifyRequest): string {
  try {
    return new URL(`${req.protocol}://${req.host}`).host;
  } catch {
    return req.host;
  }
}

/**
 * Security headers (helmet, CSP, HSTS over TLS), CSRF protection for cookie-authenticated writes, and the
 * rate limiter used by the login route.
 *
 * CSRF (OWASP "verifying origin with standard headers" plus "custom request header"): an unsafe request
 * is refused if its Origin/Referer names another host, or if it carries the session cookie but neither a
 * same-host Origin/Referer nor the X-Passage-CSRF header. Browsers do not let another site set that header
 * without a CORS preflight, which Passage never grants. Requests without the cookie (the CLI, API tokens)
 * cannot be forged by a browser and pass.
 */
export const securityPlugin = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { ...APP_CSP } },
    hsts: false, // set below, only over TLS
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', 429, `Too many requests from your address; retry after ${ctx.after}.`, {
        retryAfterSeconds: Math.ceil(ctx.ttl / 1000),
      }),
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    // On the matched route, not the raw URL: `/%61pi/auth/logout` is the logout route (src/server/api-route.ts).
    if (!UNSAFE_METHODS.has(req.method) || !isApiRequest(req)) return;
    const from = sourceHost(req);
    if (from !== undefined && from !== ownHost(req)) {
      throw new CsrfRejected(`Requests from another site (${from}) may not change anything here.`);
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      throw new CsrfRejected('Cross-site requests may not change anything here.');
    }
    const hasSessionCookie = req.cookies[SESSION_COOKIE] !== undefined;
    if (hasSessionCookie && from === undefined && req.headers[CSRF_HEADER] !== '1') {
      throw new CsrfRejected(
        'A request with a session cookie must come from the Passage web app: send the header X-Passage-CSRF: 1.',
      );
    }
  });

  app.addHook('onSend', async (req, reply) => {
    if (isApiDocsRequest(req)) reply.header('content-security-policy', DOCS_CSP);
    if (isEmbedPage(req)) {
      reply.header('content-security-policy', embedCsp());
      reply.removeHeader('x-frame-options');
    }
    // API answers (sessions, drafts, audit entries, exports) are never stored by browsers or proxies; only
    // routes that say so (shared reference data: `public, max-age=…`) may be cached.
    if (isApiRequest(req) && !reply.hasHeader('cache-control'))
      reply.header('cache-control', API_CACHE_CONTROL);
  });
});
