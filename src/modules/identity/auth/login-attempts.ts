import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';
import { LOCKOUT_DURATION_MS, LOCKOUT_WINDOW_MS, lockedUntil } from '../../../domain/login-lockout';
import type { Actor } from '../../../shared/actor';
import type { Ctx } from '../../../shared/ctx';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../../audit/audit.service';

/**
 * Login lock-out, tracked in the database so it holds across several API servers: 5 failed logins for an
 * e-mail within 15 minutes refuse further attempts for 15 minutes. Unknown e-mails are treated the same, so
 * the answer does not reveal which accounts exist.
 */
export class AccountLocked extends AppError {
  constructor(until: Date, now = new Date()) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    super(
      'ACCOUNT_LOCKED',
      429,
      `Too many failed logins for this account. Try again after ${until.toISOString().slice(11, 16)} UTC ` +
        `(in ${minutes} minute${minutes === 1 ? '' : 's'}), or ask your secretariat to reset your password.`,
      { retryAt: until.toISOString(), retryAfterSeconds: seconds },
    );
  }
}

async function failuresSinceLastSuccess(db: Queryable, email: string): Promise<Date[]> {
  const since = new Date(Date.now() - LOCKOUT_WINDOW_MS - LOCKOUT_DURATION_MS);
  const rows = await db.query<{ at: Date | string }>(sql`SELECT a.at FROM login_attempts a
    WHERE a.email = ${email} AND NOT a.is_success AND a.at >= ${since}
      AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s WHERE s.email = ${email} AND s.is_success), '-infinity')
    ORDER BY a.at DESC LIMIT 50`);
  return rows.map((r) => new Date(r.at));
}

async function insertLoginAttempt(db: Queryable, email: string, ip: string | null, isSuccess: boolean) {
  await db.query(
    sql`INSERT INTO login_attempts (email, ip, is_success) VALUES (${email}, ${ip}, ${isSuccess})`,
  );
}

/** Refuses (429 ACCOUNT_LOCKED, audited) while the e-mail is locked out. */
export async function assertLoginNotLocked(ctx: Ctx, email: string): Promise<void> {
  const until = lockedUntil(await failuresSinceLastSuccess(ctx.db, email.toLowerCase()), new Date());
  if (!until) return;
  await ctx.db.transaction((tx) =>
    recordAudit(
      tx,
      null,
      'auth.login_locked',
      {},
      { email, lockedUntil: until.toISOString() },
      { ip: ctx.ip },
    ),
  );
  throw new AccountLocked(until);
}

/**
 * Records a failed login (with the e-mail tried, never the password) in the attempts and the audit log.
 * Throws ACCOUNT_LOCKED when this failure locks the account, so the user learns it at once.
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
  const until = lockedUntil(await failuresSinceLastSuccess(ctx.db, email.toLowerCase()), new Date());
  if (until) throw new AccountLocked(until);
}

/** Records a successful login in the attempts (ending any run of failures) and the audit log. */
export async function recordLoginSuccess(tx: Queryable, ctx: Ctx, actor: Actor): Promise<void> {
  await insertLoginAttempt(tx, actor.email.toLowerCase(), ctx.ip ?? null, true);
  await recordAudit(tx, actor, 'auth.login', { type: 'user', id: actor.userId }, {}, { ip: ctx.ip });
}
