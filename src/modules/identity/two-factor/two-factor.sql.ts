import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';

export interface TotpRow {
  id: number;
  email: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  totp_failures: number;
  totp_locked_until: Date | null;
  recovery_codes_remaining: number;
}

export async function findTotpState(db: Queryable, userId: number): Promise<TotpRow | undefined> {
  const rows = await db.query<TotpRow>(sql`SELECT u.id, u.email, u.totp_secret, u.totp_pending_secret,
      u.totp_last_step, u.totp_failures, u.totp_locked_until,
      (SELECT count(*)::int FROM totp_recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL)
        AS recovery_codes_remaining
    FROM users u WHERE u.id = ${userId}`);
  return rows[0];
}

export async function setPendingSecret(db: Queryable, userId: number, secret: string): Promise<void> {
  await db.query(sql`UPDATE users SET totp_pending_secret = ${secret} WHERE id = ${userId}`);
}

/** Makes the pending secret the enrolled one (only if it is still the one confirmed). */
export async function activatePendingSecret(
  db: Queryable,
  userId: number,
  secret: string,
  step: number,
): Promise<boolean> {
  const rows =
    await db.query(sql`UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
      totp_enrolled_at = now(), totp_last_step = ${step}, totp_failures = 0, totp_locked_until = NULL
    WHERE id = ${userId} AND totp_pending_secret = ${secret} AND totp_secret IS NULL RETURNING id`);
  return rows.length > 0;
}

export async function clearTotp(db: Queryable, userId: number): Promise<void> {
  await db.query(sql`UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enrolled_at = NULL,
      totp_last_step = NULL, totp_failures = 0, totp_locked_until = NULL WHERE id = ${userId}`);
  await db.query(sql`DELETE FROM totp_recovery_codes WHERE user_id = ${userId}`);
}

/** Accepts a time step only if it is later than the last one used: the same code never works twice. */
export async function claimTimeStep(db: Queryable, userId: number, step: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE users SET totp_last_step = ${step}
    WHERE id = ${userId} AND (totp_last_step IS NULL OR totp_last_step < ${step}) RETURNING id`);
  return rows.length > 0;
}

export async function replaceRecoveryCodes(db: Queryable, userId: number, hashes: string[]): Promise<void> {
  await db.query(sql`DELETE FROM totp_recovery_codes WHERE user_id = ${userId}`);
  for (const h of hashes) {
    await db.query(sql`INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES (${userId}, ${h})`);
  }
}

export async function consumeRecoveryCode(db: Queryable, userId: number, hash: string): Promise<boolean> {
  const rows = await db.query(sql`UPDATE totp_recovery_codes SET used_at = now()
    WHERE user_id = ${userId} AND code_hash = ${hash} AND used_at IS NULL RETURNING user_id`);
  return rows.length > 0;
}

/** Counts a wrong code; the fifth in a row locks the second factor for a while. Returns the new count. */
export async function recordTotpFailure(
  db: Queryable,
  userId: number,
  maxFailures: number,
  lockMinutes: number,
) {
  const rows = await db.query<{ totp_failures: number }>(sql`UPDATE users SET
      totp_failures = totp_failures + 1,
      totp_locked_until = CASE WHEN totp_failures + 1 >= ${maxFailures}
        THEN now() + make_interval(mins => ${lockMinutes}) ELSE totp_locked_until END
    WHERE id = ${userId} RETURNING totp_failures`);
  return rows[0]?.totp_failures ?? 0;
}

export async function resetTotpFailures(db: Queryable, userId: number): Promise<void> {
  await db.query(sql`UPDATE users SET totp_failures = 0, totp_locked_until = NULL WHERE id = ${userId}`);
}

export async function findPendingLogin(db: Queryable, tokenHash: string): Promise<number | undefined> {
  const rows = await db.query<{ user_id: number }>(sql`SELECT user_id FROM pending_logins
    WHERE token_hash = ${tokenHash} AND completed_at IS NULL AND expires_at > now()`);
  return rows[0]?.user_id;
}

export async function completePendingLogin(db: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await db.query(sql`UPDATE pending_logins SET completed_at = now()
    WHERE token_hash = ${tokenHash} AND completed_at IS NULL AND expires_at > now() RETURNING user_id`);
  return rows.length > 0;
}

/** Ends every pending login of a user (after the lock-out: the password must be entered again). */
export async function dropPendingLogins(db: Queryable, userId: number): Promise<void> {
  await db.query(sql`UPDATE pending_logins SET expires_at = now()
    WHERE user_id = ${userId} AND completed_at IS NULL AND expires_at > now()`);
}
