import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';

export interface OidcLoginRow {
  state: string;
  nonce: string;
  code_verifier: string;
  next_path: string;
}

export async function insertOidcLogin(
  db: Queryable,
  l: {
    cookieHash: string;
    state: string;
    nonce: string;
    codeVerifier: string;
    nextPath: string;
    expiresAt: Date;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO oidc_logins (cookie_hash, state, nonce, code_verifier, next_path, expires_at)
    VALUES (${l.cookieHash}, ${l.state}, ${l.nonce}, ${l.codeVerifier}, ${l.nextPath}, ${l.expiresAt})`);
}

/** Takes a login in progress (once: a replayed callback finds nothing). */
export async function takeOidcLogin(db: Queryable, cookieHash: string): Promise<OidcLoginRow | undefined> {
  const rows = await db.query<OidcLoginRow>(sql`UPDATE oidc_logins SET used_at = now()
    WHERE cookie_hash = ${cookieHash} AND used_at IS NULL AND expires_at > now()
    RETURNING state, nonce, code_verifier, next_path`);
  return rows[0];
}

export async function findActiveUserIdByEmail(
  db: Queryable,
  email: string,
): Promise<{ id: number; is_active: boolean } | undefined> {
  const rows = await db.query<{ id: number; is_active: boolean }>(
    sql`SELECT id, is_active FROM users WHERE lower(email) = lower(${email})`,
  );
  return rows[0];
}
