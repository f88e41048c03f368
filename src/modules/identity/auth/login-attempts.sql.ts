/** Queries of the login lock-out (login-attempts.ts): the attempts table of the migrations. */
import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';
import { LOGIN_LOCKOUT, type LoginFailures } from '../../../domain/login-lockout';

/** The failures the rule looks at: this e-mail from this address since its last success there, and this address. */
export async function recentFailures(
  db: Queryable,
  email: string,
  ip: string | null,
): Promise<LoginFailures> {
  const memory = new Date(Date.now() - LOGIN_LOCKOUT.memoryMs);
  const account = await db.query<{ at: Date | string }>(sql`SELECT a.at FROM login_attempts a
    WHERE a.email = ${email} AND a.ip IS NOT DISTINCT FROM ${ip} AND NOT a.is_success AND a.at >= ${memory}
      AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s
        WHERE s.email = ${email} AND s.ip IS NOT DISTINCT FROM ${ip} AND s.is_success), '-infinity')
    ORDER BY a.at DESC LIMIT 64`);
  const window = new Date(Date.now() - LOGIN_LOCKOUT.addressWindowMs);
  const address =
    ip === null
      ? []
      : await db.query<{ at: Date | string }>(sql`SELECT at FROM login_attempts
          WHERE ip = ${ip} AND NOT is_success AND at >= ${window}
          ORDER BY at DESC LIMIT ${LOGIN_LOCKOUT.addressFailures}`);
  return { account: account.map((r) => new Date(r.at)), address: address.map((r) => new Date(r.at)) };
}

export async function insertLoginAttempt(
  db: Queryable,
  email: string,
  ip: string | null,
  isSuccess: boolean,
): Promise<void> {
  await db.query(
    sql`INSERT INTO login_attempts (email, ip, is_success) VALUES (${email}, ${ip}, ${isSuccess})`,
  );
}
