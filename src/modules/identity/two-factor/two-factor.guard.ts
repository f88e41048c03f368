import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../../db/connect';
import { admitsAnonymous } from '../../../shared/access';
import { AppError } from '../../../shared/errors';
import { isEnrolmentPending } from './two-factor.service';

/** What a user who must still enrol in two-factor authentication may reach. */
const ENROLMENT_ROUTES = [
  '/api/auth/session',
  '/api/auth/logout',
  '/api/auth/providers',
  '/api/account/password',
  '/api/account/two-factor',
  '/api/users/me/locale',
];

/**
 * Enforces PASSAGE_REQUIRE_2FA_ROLES: a person whose roles require two-factor authentication and who has
 * not enrolled gets a session that reaches only the enrolment endpoints, session and logout. Elsewhere:
 * 403 TOTP_ENROLMENT_REQUIRED, and public endpoints answer as to an anonymous visitor. Registered after the
 * auth plugin (this preHandler runs after the door has checked the route's access rule).
 */
export const twoFactorGuardPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.addHook('preHandler', async (req) => {
    const url = req.routeOptions.url ?? '';
    if (!url.startsWith('/api/') || ENROLMENT_ROUTES.some((r) => url === r || url.startsWith(`${r}/`)))
      return;
    if (!(await isEnrolmentPending(opts.db, req.ctx.actor))) return;
    const access = req.routeOptions.config.access;
    if (access && admitsAnonymous(access)) {
      req.ctx = { ...req.ctx, actor: null };
      return;
    }
    throw new AppError(
      'TOTP_ENROLMENT_REQUIRED',
      403,
      'Your roles require two-factor authentication. Enrol under Account → Two-factor authentication first.',
    );
  });
});
