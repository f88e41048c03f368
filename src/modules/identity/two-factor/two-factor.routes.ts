import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
  app.get(
    '/',
    {
      schema: { tags, summary: 'Your two-factor status', response: { 200: TwoFactorStatus } },
      config: { access: twoFactorPolicy.self },
    },
    (req) => getTwoFactorStatus(req.ctx),
  );

  app.post(
    '/enrolment',
    {
      schema: {
        tags,
        summary: 'Start enrolment: a new secret as QR code and text (confirm it with a code)',
        response: { 201: EnrolmentStart },
      },
      config: { access: twoFactorPolicy.self },
    },
    async (req, reply) => reply.code(201).send(await startEnrolment(req.ctx)),
  );

  app.post(
    '/enrolment/confirm',
    {
      schema: {
        tags,
        summary: 'Finish enrolment with the first code; returns ten recovery codes (shown once)',
        body: TotpCodeBody,
        response: { 200: RecoveryCodes },
      },
      config: { access: twoFactorPolicy.self },
    },
    (req) => confirmEnrolment(req.ctx, req.body.code),
  );

  app.post(
    '/recovery-codes',
    {
      schema: {
        tags,
        summary: 'Replace your recovery codes (needs a current code)',
        body: CodeBody,
        response: { 200: RecoveryCodes },
      },
      config: { access: twoFactorPolicy.self },
    },
    (req) => regenerateRecoveryCodes(req.ctx, req.body.code),
  );

  app.post(
    '/disable',
    {
      schema: {
        tags,
        summary: 'Turn two-factor authentication off (needs a current code or a recovery code)',
        body: CodeBody,
        response: { 204: z.null() },
      },
      config: { access: twoFactorPolicy.self },
    },
    async (req, reply) => {
      await disableTwoFactor(req.ctx, req.body.code);
      return reply.code(204).send(null);
    },
  );
};

/** Second step of a login (`POST /api/auth/login/totp`), after `POST /api/auth/login` said requiresTotp. */
export const totpLoginRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/login/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Finish a login with the code from the authenticator app (or a recovery code)',
        body: CodeBody,
        response: { 200: SessionView },
      },
      config: { access: twoFactorPolicy.loginStep },
    },
    async (req, reply) => {
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
  );
};
