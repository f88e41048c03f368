import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../../shared/routes';
import {
  PENDING_LOGIN_COOKIE,
  pendingLoginCookieOptions,
  SESSION_COOKIE,
  sessionCookieOptions,
} from '../../../shared/session-cookies';
import { SessionView } from '../auth/auth.schema';
import { twoFactorPolicy } from './two-factor.policy';
import { CodeBody, EnrolmentStart, RecoveryCodes, TotpCodeBody, TwoFactorStatus } from './two-factor.schema';
import {
  completeSecondFactor,
  confirmEnrolment,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  startEnrolment,
} from './two-factor.service';

const tags = ['two-factor'];

/** Enrolment and management of your own second factor (`/api/account/two-factor`). */
export const twoFactorRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', twoFactorPolicy.self, {
    schema: { summary: 'Your two-factor status', response: { 200: TwoFactorStatus } },
    handler: (req) => getTwoFactorStatus(req.ctx),
  });

  api.post('/enrolment', twoFactorPolicy.self, {
    schema: {
      summary: 'Start enrolment: a new secret as QR code and text (confirm it with a code)',
      response: { 201: EnrolmentStart },
    },
    handler: async (req, reply) => reply.code(201).send(await startEnrolment(req.ctx)),
  });

  api.post('/enrolment/confirm', twoFactorPolicy.self, {
    schema: {
      summary: 'Finish enrolment with the first code; returns ten recovery codes (shown once)',
      body: TotpCodeBody,
      response: { 200: RecoveryCodes },
    },
    handler: (req) => confirmEnrolment(req.ctx, req.body.code),
  });

  api.post('/recovery-codes', twoFactorPolicy.self, {
    schema: {
      summary: 'Replace your recovery codes (needs a current code)',
      body: CodeBody,
      response: { 200: RecoveryCodes },
    },
    handler: (req) => regenerateRecoveryCodes(req.ctx, req.body.code),
  });

  api.post('/disable', twoFactorPolicy.self, {
    schema: {
      summary: 'Turn two-factor authentication off (needs a current code or a recovery code)',
      body: CodeBody,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await disableTwoFactor(req.ctx, req.body.code);
      return reply.code(204).send(null);
    },
  });
};

/** Second step of a login (`POST /api/auth/login/totp`), after `POST /api/auth/login` said requiresTotp. */
export const totpLoginRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['auth']);

  api.post('/login/totp', twoFactorPolicy.loginStep, {
    schema: {
      summary: 'Finish a login with the code from the authenticator app (or a recovery code)',
      body: CodeBody,
      response: { 200: SessionView },
    },
    handler: async (req, reply) => {
      const { token, session, expiresAt } = await completeSecondFactor(
        req.ctx,
        req.cookies[PENDING_LOGIN_COOKIE],
        req.body.code,
        req.headers['user-agent'] ?? null,
      );
      reply.clearCookie(PENDING_LOGIN_COOKIE, pendingLoginCookieOptions(req));
      reply.setCookie(SESSION_COOKIE, token, { ...sessionCookieOptions(req), expires: expiresAt });
      return session;
    },
  });
};
