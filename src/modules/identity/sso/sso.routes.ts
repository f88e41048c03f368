import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { routesOf } from '../../../shared/routes';
import {
  PENDING_LOGIN_COOKIE,
  pendingLoginCookieOptions,
  SESSION_COOKIE,
  sessionCookieOptions,
} from '../../../shared/session-cookies';
import { ssoPolicy } from './sso.policy';
import { ProvidersView } from './sso.schema';
import { finishSsoLogin, ssoConfig, startSsoLogin } from './sso.service';

/** Cookie binding a single sign-on in progress to this browser. */
export const OIDC_COOKIE = 'passage_oidc';

const tags = ['auth'];

/** Only same-app paths are followed after login (no open redirect). */
function safeNextPath(next: string | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Single sign-on with OpenID Connect (authorisation code + PKCE), when PASSAGE_OIDC_ISSUER is set. */
export const ssoRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/providers', ssoPolicy.providers, {
    schema: {
      summary: 'How one can log in here (password; single sign-on if configured)',
      response: { 200: ProvidersView },
    },
    handler: () => {
      const config = ssoConfig();
      return { password: true as const, oidc: { enabled: !!config, label: config?.label ?? null } };
    },
  });

  api.get('/oidc/start', ssoPolicy.signIn, {
    schema: {
      summary: 'Start single sign-on: redirects to the identity provider',
      querystring: z.object({ next: z.string().max(500).optional() }).strict(),
    },
    handler: async (req, reply) => {
      const { url, cookie } = await startSsoLogin(req.ctx, safeNextPath(req.query.next));
      reply.setCookie(OIDC_COOKIE, cookie, {
        ...sessionCookieOptions(req),
        path: '/api/auth/oidc',
        maxAge: 600,
      });
      return reply.redirect(url, 302);
    },
  });

  api.get('/oidc/callback', ssoPolicy.signIn, {
    schema: {
      summary: 'Where the identity provider sends the browser back; opens a session and redirects to the app',
      querystring: z.record(z.string(), z.string()),
    },
    handler: async (req, reply) => {
      const config = ssoConfig();
      reply.clearCookie(OIDC_COOKIE, { ...sessionCookieOptions(req), path: '/api/auth/oidc' });
      if (!config)
        throw new AppError('SSO_DISABLED', 404, 'Single sign-on is not configured on this installation.');
      // The URL the provider redirected to, as registered (the server may sit behind a proxy).
      const callbackUrl = new URL(config.redirectUri);
      callbackUrl.search = new URL(req.url, 'http://x').search;
      try {
        const outcome = await finishSsoLogin(
          req.ctx,
          req.cookies[OIDC_COOKIE],
          callbackUrl,
          req.headers['user-agent'] ?? null,
        );
        if (outcome.kind === 'second-factor') {
          reply.setCookie(PENDING_LOGIN_COOKIE, outcome.pendingToken, {
            ...pendingLoginCookieOptions(req),
            expires: outcome.expiresAt,
          });
          return reply.redirect(`/login?step=totp&next=${encodeURIComponent(outcome.nextPath)}`, 302);
        }
        reply.setCookie(SESSION_COOKIE, outcome.token, {
          ...sessionCookieOptions(req),
          expires: outcome.expiresAt,
        });
        return reply.redirect(outcome.nextPath, 302);
      } catch (e) {
        // A browser arrives here: send it to the login page with the reason rather than a JSON error.
        if (e instanceof AppError) {
          req.log.info({ code: e.code }, 'single sign-on refused');
          return reply.redirect(`/login?sso_error=${encodeURIComponent(e.code)}`, 302);
        }
        throw e;
      }
    },
  });
};
