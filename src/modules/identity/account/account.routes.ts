import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../../shared/routes';
import { SESSION_COOKIE, sessionCookieOptions } from '../../../shared/session-cookies';
import { accountPolicy } from './account.policy';
import { ChangePasswordBody } from './account.schema';
import { changePassword } from './account.service';

/** The logged-in user's own account (`/api/account`). Two-factor enrolment: two-factor.routes.ts. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['account']);

  api.post('/password', accountPolicy.self, {
    schema: {
      summary: 'Change your password (ends all your sessions; this browser gets a new one)',
      body: ChangePasswordBody,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      const { token, expiresAt } = await changePassword(req.ctx, req.body, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, token, { ...sessionCookieOptions(req), expires: expiresAt });
      return reply.code(204).send(null);
    },
  });
};
