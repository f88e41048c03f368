import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginRateLimit } from '../../../shared/config';
import { Unauthenticated } from '../../../shared/errors';
import { routesOf } from '../../../shared/routes';
import {
  PENDING_LOGIN_COOKIE,
  pendingLoginCookieOptions,
  SESSION_COOKIE,
  sessionCookieOptions,
} from '../../../shared/session-cookies';
import { authPolicy } from './auth.policy';
import { LoginBody, SessionView, TotpRequired } from './auth.schema';
import { login, logout, toSessionView } from './auth.service';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['auth']);

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password',
        body: LoginBody,
        response: { 200: z.union([SessionView, TotpRequired]) },
      },
      config: { access: authPolicy.login, rateLimit: loginRateLimit() },
    },
    async (req, reply) => {
      const result = await login(req.ctx, req.body, req.headers['user-agent'] ?? null);
      if ('pendingToken' in result) return replyTotpRequired(req, reply, result);
      const { token, session, expiresAt } = result;
      reply.setCookie(SESSION_COOKIE, token, { ...sessionCookieOptions(req), expires: expiresAt });
      return session;
    },
  );

  api.post('/logout', authPolicy.logout, {
    schema: { summary: 'End the current session', response: { 204: z.null() } },
    handler: async (req, reply) => {
      await logout(req.ctx, req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      return reply.code(204).send(null);
    },
  });

  api.get('/session', authPolicy.session, {
    schema: { summary: 'Who is logged in', response: { 200: SessionView } },
    handler: async (req) => {
      if (!req.ctx.actor || !req.sessionUser) throw new Unauthenticated();
      return toSessionView(req.sessionUser, req.ctx.actor);
    },
  });
};

/** Login answer for a two-factor user: the pending-login cookie and `{ requiresTotp: true }`, no session. */
export function replyTotpRequired(
  req: FastifyRequest,
  reply: FastifyReply,
  pending: { pendingToken: string; expiresAt: Date },
): TotpRequired {
  reply.setCookie(PENDING_LOGIN_COOKIE, pending.pendingToken, {
    ...pendingLoginCookieOptions(req),
    expires: pending.expiresAt,
  });
  return {
    requiresTotp: true,
    expiresInSeconds: Math.round((pending.expiresAt.getTime() - Date.now()) / 1000),
  };
}
