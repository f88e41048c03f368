import type { Queryable } from '../../../db/connect';
import { type LoginLock, loginLock } from '../../../domain/login-lockout';
import type { Actor } from '../../../shared/actor';
import type { Ctx } from '../../../shared/ctx';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../../audit/audit.service';
import { insertLoginAttempt, recentFailures } from './login-attempts.sql';

/**
 * Login lock-out, tracked in the database so it holds across several API servers. The rule is in
 * src/domain/login-lockout.ts: failures count per (e-mail, address), with a growing lock, plus a coarser
 * count per address. Unknown e-mails are treated the same, so the answer does not reveal which accounts
 * exist; an attacker elsewhere cannot lock the real user out.
 */
function retryText(until: Date, now: Date): { seconds: number; text: string } {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return {
    seconds,
    text: `Try again after ${until.toISOString().slice(11, 16)} UTC (in ${minutes} minute${minutes === 1 ? '' : 's'})`,
  };
}

export class AccountLocked extends AppError {
  constructor(until: Date, now = new Date()) {
    const { seconds, text } = retryText(until, now);
    super(
      'ACCOUNT_LOCKED',
      429,
      `Too many failed logins for this account from your address. ${text}, ` +
        'or ask your secretariat to reset your password.',
      { retryAt: until.toISOString(), retryAfterSeconds: seconds },
    );
  }
}

export class AddressLocked extends AppError {
  constructor(until: Date, now = new Date()) {
    const { seconds, text } = retryText(until, now);
    super('ADDRESS_LOCKED', 429, `Too many failed logins from your address. ${text}.`, {
      retryAt: until.toISOString(),
      retryAfterSeconds: seconds,
    });
  }
}

const lockError = (lock: NonNullable<LoginLock>) =>
  lock.scope === 'address' ? new AddressLocked(lock.until) : new AccountLocked(lock.until);

async function currentLock(ctx: Ctx, email: string): Promise<LoginLock> {
  return loginLock(await recentFailures(ctx.db, email.toLowerCase(), ctx.ip ?? null), new Date());
}

/** Refuses (429 ACCOUNT_LOCKED or ADDRESS_LOCKED, audited) while this e-mail is locked at this address. */
export async function assertLoginNotLocked(ctx: Ctx, email: string): Promise<void> {
  const lock = await currentLock(ctx, email);
  if (!lock) return;
  await ctx.db.transaction((tx) =>
    recordAudit(
      tx,
      null,
      'auth.login_locked',
      {},
      { email, lockedUntil: lock.until.toISOString(), scope: lock.scope },
      { ip: ctx.ip },
    ),
  );
  throw lockError(lock);
}

/**
 * Records a failed login (with the e-mail tried, never the password) in the attempts and the audit log.
 * Throws ACCOUNT_LOCKED / ADDRESS_LOCKED when this failure locks, so the caller learns it at once.
 */
export async function recordLoginFailure(
  ctx: Ctx,
  email: string,
  userId: number | null,
  reason: 'wrong_credentials' | 'deactivated',
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await insertLoginAttempt(tx, email.toLowerCase(), ctx.ip ?? null, false);
    await recordAudit(
      tx,
      null,
      'auth.login_failed',
      userId === null ? {} : { type: 'user', id: userId },
      { email, reason },
      { ip: ctx.ip },
    );
  });
  const lock = await currentLock(ctx, email);
  if (lock) throw lockError(lock);
}

/**
 * The password was right but the login waits for its second factor: the run of failures at this address
 * ends (the second factor has its own lock, src/modules/two-factor).
 */
export async function recordPasswordAccepted(ctx: Ctx, email: string): Promise<void> {
  await insertLoginAttempt(ctx.db, email.toLowerCase(), ctx.ip ?? null, true);
}

/** Records a successful login in the attempts (ending any run of failures) and the audit log. */
export async function recordLoginSuccess(tx: Queryable, ctx: Ctx, actor: Actor): Promise<void> {
  await insertLoginAttempt(tx, actor.email.toLowerCase(), ctx.ip ?? null, true);
  await recordAudit(tx, actor, 'auth.login', { type: 'user', id: actor.userId }, {}, { ip: ctx.ip });
}
