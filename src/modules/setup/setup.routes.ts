import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { SESSION_COOKIE, sessionCookieOptions } from '../../shared/session-cookies';
import { SessionView } from '../identity/auth/auth.schema';
import { openSession } from '../identity/auth/auth.service';
import { SetupBody, SetupStatus, SetupStatusQuery } from './setup.schema';
import { createFirstAdmin, getSetupStatus } from './setup.service';

const tags = ['setup'];

/**
 * The set-up page's API (`/api/setup`). Public by nature: whoever holds the one-time link may create the first
 * administrator; once one exists, both answer as on a set-up installation (SETUP_DONE).
 */
export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', 'public', {
    schema: {
      summary: 'Whether Passage still needs its first administrator, and whether a set-up link works',
      querystring: SetupStatusQuery,
      response: { 200: SetupStatus },
    },
    handler: (req) => getSetupStatus(req.ctx.db, req.query.token),
  });

  api.post('/', 'public', {
    schema: {
      summary:
        'Create the first administrator and the secretariat organisation with the one-time set-up link; logs in',
      body: SetupBody,
      response: { 201: SessionView },
    },
    handler: async (req, reply) => {
      const { token, ...input } = req.body;
      const admin = await createFirstAdmin(req.ctx.db, input, { via: 'link', token }, { ip: req.ip });
      const opened = await openSession(req.ctx.db, admin.userId, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, opened.token, {
        ...sessionCookieOptions(req),
        expires: opened.expiresAt,
      });
      return reply.code(201).send(opened.session);
    },
  });
};
