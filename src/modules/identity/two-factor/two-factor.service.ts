import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import type { Queryable } from '../../../db/connect';
import type { Actor, MaybeActor } from '../../../shared/actor';
import type { Ctx } from '../../../shared/ctx';
import { AppError, Unauthenticated } from '../../../shared/errors';
import { readIdentityConfig } from '../../../shared/identity-config';
import { hashSecret } from '../../../shared/secret-hash';
import { recordAudit, recordAuditNow } from '../../audit/audit.service';
import type { SessionView } from '../auth/auth.schema';
import { hashToken, hasSecondFactor, openSession, sessionActor } from '../auth/auth.service';
import type { EnrolmentStart, RecoveryCodes, TwoFactorStatus } from './two-factor.schema';
import {
  activatePendingSecret,
  claimTimeStep,
  clearTotp,
  completePendingLogin,
  consumeRecoveryCode,
  dropPendingLogins,
  findPendingLogin,
  findTotpState,
  recordTotpFailure,
  replaceRecoveryCodes,
  resetTotpFailures,
  setPendingSecret,
  type TotpRow,
} from './two-factor.sql';

export const TOTP_ISSUER = 'Passage';
/** Seconds between codes, and how far a code may be off (one step either way, for clock drift). */
export const TOTP_PERIOD = 30;
export const MAX_TOTP_FAILURES = 5;
export const TOTP_LOCK_MINUTES = 15;
export const RECOVERY_CODE_COUNT = 10;

/** Whether the actor's roles require two-factor authentication (PASSAGE_REQUIRE_2FA_ROLES). */
export function isTwoFactorRequired(actor: MaybeActor): boolean {
  const required = readIdentityConfig().require2faRoles;
  if (!actor) return false;
  // Installation administrators (src/modules/setup) count as admins: the first one enrols right after set-up.
  if (actor.isPlatformAdmin && required.includes('admin')) return true;
  return Object.values(actor.roles).some((roles) => roles.some((r) => required.includes(r)));
}

/**
 * Whether this actor may only reach the enrolment pages: a person (not an API token) whose roles require
 * two-factor authentication and who has not enrolled yet.
 */
export async function isEnrolmentPending(db: Queryable, actor: MaybeActor): Promise<boolean> {
  if (!actor || actor.scopes !== undefined || !isTwoFactorRequired(actor)) return false;
  return !(await hasSecondFactor(db, actor.userId));
}

function requirePerson(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Unauthenticated();
  if (ctx.actor.scopes !== undefined)
    throw new AppError('TOKEN_NOT_ALLOWED', 403, 'API tokens cannot manage two-factor authentication.');
  return ctx.actor;
}

async function loadState(ctx: Ctx, userId: number): Promise<TotpRow> {
  const state = await findTotpState(ctx.db, userId);
  if (!state) throw new Unauthenticated();
  return state;
}

export async function getTwoFactorStatus(ctx: Ctx): Promise<TwoFactorStatus> {
  const actor = requirePerson(ctx);
  const state = await loadState(ctx, actor.userId);
  const required = isTwoFactorRequired(actor);
  return {
    enrolled: state.totp_secret !== null,
    required,
    isRestricted: required && state.totp_secret === null,
    recoveryCodesRemaining: state.recovery_codes_remaining,
  };
}

/** Step 1 of enrolment: a new secret, as text and QR code. Nothing changes until it is confirmed. */
export async function startEnrolment(ctx: Ctx): Promise<EnrolmentStart> {
  const actor = requirePerson(ctx);
  const state = await loadState(ctx, actor.userId);
  if (state.totp_secret)
    throw new AppError(
      'TOTP_ALREADY_ENROLLED',
      409,
      'Two-factor authentication is already on; disable it first.',
    );
  const secret = generateSecret();
  await setPendingSecret(ctx.db, actor.userId, secret);
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: state.email, secret, period: TOTP_PERIOD });
  return { secret, otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri, { margin: 2, width: 220 }) };
}

/** The time step of a valid code later than lastStep, or null (wrong, or already used). */
async function matchTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    period: TOTP_PERIOD,
    epochTolerance: TOTP_PERIOD,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => alphabet[b % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

function hashRecoveryCode(code: string): string {
  return hashSecret(code.toLowerCase().replace(/[^a-z2-7]/g, ''));
}

const invalidCode = (status: 400 | 401) =>
  new AppError(
    'TOTP_INVALID',
    status,
    'The code is wrong or was already used. Wait for the next code and try again.',
    {
      errors: [{ field: 'code', message: 'is wrong or was already used' }],
    },
  );

/** Step 2: the first code from the app proves it holds the secret; ten recovery codes are handed out. */
export async function confirmEnrolment(ctx: Ctx, code: string): Promise<RecoveryCodes> {
  const actor = requirePerson(ctx);
  const state = await loadState(ctx, actor.userId);
  if (state.totp_secret)
    throw new AppError('TOTP_ALREADY_ENROLLED', 409, 'Two-factor authentication is already on.');
  if (!state.totp_pending_secret)
    throw new AppError('TOTP_NOT_ENROLLED', 409, 'Start the enrolment first (it shows the QR code).');
  const step = await matchTotp(state.totp_pending_secret, code, null);
  if (step === null) throw invalidCode(400);
  const { codes, hashes } = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    if (!(await activatePendingSecret(tx, actor.userId, state.totp_pending_secret!, step)))
      throw new AppError('TOTP_NOT_ENROLLED', 409, 'The enrolment was restarted elsewhere; start again.');
    await replaceRecoveryCodes(tx, actor.userId, hashes);
    await recordAudit(tx, actor, 'auth.totp_enrol', { type: 'user', id: actor.userId });
  });
  return { recoveryCodes: codes };
}

/**
 * Checks a second-factor code for an enrolled user: a 6-digit code (never the same time step twice) or an
 * unused recovery code. Wrong codes count towards the lock-out; while locked, even a right code is refused.
 * Wrong codes, the lock and codes refused while locked are written to the audit log (never the code).
 */
async function checkSecondFactor(
  ctx: Ctx,
  state: TotpRow,
  code: string,
  status: 400 | 401,
): Promise<'totp' | 'recovery'> {
  const db = ctx.db;
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAuditNow(db, ctx.actor, action, { type: 'user', id: state.id }, details, { ip: ctx.ip });
  if (!state.totp_secret)
    throw new AppError('TOTP_NOT_ENROLLED', 409, 'Two-factor authentication is not on.');
  if (state.totp_locked_until && state.totp_locked_until > new Date()) {
    await audit('auth.totp_locked', { lockedUntil: state.totp_locked_until.toISOString(), refused: true });
    const seconds = Math.ceil((state.totp_locked_until.getTime() - Date.now()) / 1000);
    throw new AppError(
      'TOTP_LOCKED',
      429,
      `Too many wrong codes. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }
  let kind: 'totp' | 'recovery' | null = null;
  if (/^\d{6}$/.test(code)) {
    const step = await matchTotp(state.totp_secret, code, state.totp_last_step);
    if (step !== null && (await claimTimeStep(db, state.id, step))) kind = 'totp';
  } else if (await consumeRecoveryCode(db, state.id, hashRecoveryCode(code))) {
    kind = 'recovery';
  }
  if (!kind) {
    const failures = await recordTotpFailure(db, state.id, MAX_TOTP_FAILURES, TOTP_LOCK_MINUTES);
    await audit('auth.totp_failed', { failures });
    if (failures >= MAX_TOTP_FAILURES) {
      await dropPendingLogins(db, state.id);
      await audit('auth.totp_locked', {
        lockedUntil: new Date(Date.now() + TOTP_LOCK_MINUTES * 60_000).toISOString(),
      });
      throw new AppError(
        'TOTP_LOCKED',
        429,
        `Too many wrong codes. Two-factor login is locked for ${TOTP_LOCK_MINUTES} minutes.`,
        { retryAfterSeconds: TOTP_LOCK_MINUTES * 60 },
      );
    }
    throw invalidCode(status);
  }
  if (state.totp_failures > 0) await resetTotpFailures(db, state.id);
  return kind;
}

/** Turns two-factor authentication off (needs a current code or a recovery code). */
export async function disableTwoFactor(ctx: Ctx, code: string): Promise<void> {
  const actor = requirePerson(ctx);
  const state = await loadState(ctx, actor.userId);
  await checkSecondFactor(ctx, state, code, 400);
  await ctx.db.transaction(async (tx) => {
    await clearTotp(tx, actor.userId);
    await recordAudit(tx, actor, 'auth.totp_disable', { type: 'user', id: actor.userId });
  });
}

/** New recovery codes (the old ones stop working); needs a current code. */
export async function regenerateRecoveryCodes(ctx: Ctx, code: string): Promise<RecoveryCodes> {
  const actor = requirePerson(ctx);
  const state = await loadState(ctx, actor.userId);
  await checkSecondFactor(ctx, state, code, 400);
  const { codes, hashes } = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    await replaceRecoveryCodes(tx, actor.userId, hashes);
    await recordAudit(tx, actor, 'auth.totp_recovery_codes', { type: 'user', id: actor.userId });
  });
  return { recoveryCodes: codes };
}

/** Completes a login waiting for its second factor: the code is right → a session. */
export async function completeSecondFactor(
  ctx: Ctx,
  pendingToken: string | undefined,
  code: string,
  userAgent: string | null,
): Promise<{ token: string; session: SessionView; expiresAt: Date }> {
  const expired = () =>
    new Unauthenticated(
      'The login is no longer waiting for a code (it expired). Log in again.',
      'TOTP_LOGIN_EXPIRED',
    );
  if (!pendingToken) throw expired();
  const tokenHash = hashToken(pendingToken);
  const userId = await findPendingLogin(ctx.db, tokenHash);
  if (userId === undefined) throw expired();
  const state = await loadState(ctx, userId);
  const kind = await checkSecondFactor(ctx, state, code, 401);
  return ctx.db.transaction(async (tx) => {
    if (!(await completePendingLogin(tx, tokenHash))) throw expired();
    const opened = await openSession(tx, userId, userAgent);
    await recordAudit(
      tx,
      sessionActor(opened.session),
      'auth.login_second_factor',
      { type: 'user', id: userId },
      { method: kind },
      { ip: ctx.ip },
    );
    return opened;
  });
}
