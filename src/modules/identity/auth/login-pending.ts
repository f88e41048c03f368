/**
 * The first step of a login with two-factor authentication: the password was right, so a short-lived pending
 * login (its token in a cookie) waits for the code. Part of auth because password login and single sign-on
 * start it; the two-factor module finishes it (POST /api/auth/login/totp).
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../../db/connect';
import { hashSecret } from '../../../shared/secret-hash';
import { hasTotp, insertPendingLogin } from './auth.sql';

/** How long a right password waits for its second factor. */
export const PENDING_LOGIN_SECONDS = 300;

/**
 * Called by login once the password is right: for a user with two-factor authentication, a pending login
 * (its token goes in a short-lived cookie) instead of a session. Null when the user has none.
 */
export async function beginSecondFactor(
  db: Queryable,
  userId: number,
): Promise<{ pendingToken: string; expiresAt: Date } | null> {
  if (!(await hasTotp(db, userId))) return null;
  const pendingToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + PENDING_LOGIN_SECONDS * 1000);
  const tokenHash = hashSecret(pendingToken);
  await insertPendingLogin(db, { tokenHash, userId, expiresAt });
  return { pendingToken, expiresAt };
}
