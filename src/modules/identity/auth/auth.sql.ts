import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';
import type { Role } from '../../../shared/roles';

export interface UserAuthRow {
  id: number;
  email: string;
  name: string;
  password_hash: string | null;
  is_active: boolean;
  locale: string;
  organisation_id: number;
  org_kind: 'state' | 'secretariat' | 'international';
  org_name: string;
  country_iso3: string | null;
  is_platform_admin: boolean;
}

const userColumns = sql`u.id, u.email, u.name, u.password_hash, u.is_active, u.locale, u.organisation_id,
  o.kind AS org_kind, o.name AS org_name, o.country_iso3, u.is_platform_admin`;

export async function findUserByEmail(db: Queryable, email: string): Promise<UserAuthRow | undefined> {
  const rows = await db.query<UserAuthRow>(
    sql`SELECT ${userColumns} FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE lower(u.email) = lower(${email})`,
  );
  return rows[0];
}

/** A session's user with its roles and submission grants: what the actor is made of, in one round trip. */
export type SessionActorRow = UserAuthRow & {
  roles: { dialogue_id: number; role: Role }[];
  grants: { dialogue_id: number; reporter_iso3: string }[];
};

/**
 * The live session's user (not revoked or expired, made after the last password change, active user) with
 * listRolesOfUser's and listSubmissionGrantsOf's rows, in the same orders, as one statement. Every
 * API request whose session is not cached pays this look-up; under load each round trip waits a turn of a busy
 * event loop (tens of ms), so three of them were the member load test's p99 (bench/README.md).
 */
export async function findSessionActor(
  db: Queryable,
  tokenHash: string,
): Promise<SessionActorRow | undefined> {
  const rows = await db.query<SessionActorRow>(
    sql`SELECT ${userColumns},
        coalesce((SELECT json_agg(json_build_object('dialogue_id', m.dialogue_id, 'role', m.role)
          ORDER BY m.dialogue_id, m.role) FROM memberships m WHERE m.user_id = u.id), '[]'::json) AS roles,
        CASE WHEN o.kind = 'international' THEN coalesce((SELECT json_agg(json_build_object(
            'dialogue_id', g.dialogue_id, 'reporter_iso3', trim(g.reporter_iso3))
          ORDER BY g.dialogue_id, g.reporter_iso3) FROM submission_grants g
          WHERE g.organisation_id = u.organisation_id), '[]'::json) ELSE '[]'::json END AS grants
      FROM sessions s
        JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id
        WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.created_at >= u.password_changed_at AND u.is_active`,
  );
  return rows[0];
}

export async function listRolesOfUser(
  db: Queryable,
  userId: number,
): Promise<{ dialogue_id: number; role: Role }[]> {
  return db.query(
    sql`SELECT dialogue_id, role FROM memberships WHERE user_id = ${userId} ORDER BY dialogue_id, role`,
  );
}

/**
 * The reporting states an organisation may submit figures for, per dialogue (submission_grants, migration
 * 0048): part of the actor, as its roles are.
 */
export function listSubmissionGrantsOf(
  db: Queryable,
  orgId: number,
): Promise<{ dialogue_id: number; reporter_iso3: string }[]> {
  return db.query(sql`SELECT dialogue_id, trim(reporter_iso3) AS reporter_iso3 FROM submission_grants
    WHERE organisation_id = ${orgId} ORDER BY dialogue_id, reporter_iso3`);
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; userId: number; expiresAt: Date; userAgent: string | null },
): Promise<void> {
  await db.query(sql`INSERT INTO sessions (token_hash, user_id, expires_at, user_agent)
    VALUES (${s.tokenHash}, ${s.userId}, ${s.expiresAt}, ${s.userAgent})`);
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(
    sql`UPDATE sessions SET revoked_at = now() WHERE token_hash = ${tokenHash} AND revoked_at IS NULL`,
  );
}

export async function findUserById(db: Queryable, id: number): Promise<UserAuthRow | undefined> {
  const rows = await db.query<UserAuthRow>(
    sql`SELECT ${userColumns} FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ${id}`,
  );
  return rows[0];
}

/** Ends every open session of a user except one (e.g. after a password change, keep the current one). */
export async function revokeSessionsOfUser(
  db: Queryable,
  userId: number,
  exceptTokenHash = '',
): Promise<void> {
  await db.query(sql`UPDATE sessions SET revoked_at = now()
    WHERE user_id = ${userId} AND revoked_at IS NULL AND token_hash <> ${exceptTokenHash}`);
}

/** Stores a new password hash; sessions opened before `password_changed_at` are refused from now on. */
export async function updatePassword(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  await db.query(sql`UPDATE users SET password_hash = ${passwordHash}, password_changed_at = now()
    WHERE id = ${userId}`);
}

// ---------- logins waiting for their second factor (finished by two-factor) ----------

/** Whether the user has enrolled a second factor. */
export async function hasTotp(db: Queryable, userId: number): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM users WHERE id = ${userId} AND totp_secret IS NOT NULL`);
  return rows.length > 0;
}

export async function insertPendingLogin(
  db: Queryable,
  p: { tokenHash: string; userId: number; expiresAt: Date },
): Promise<void> {
  await db.query(sql`INSERT INTO pending_logins (token_hash, user_id, expires_at)
    VALUES (${p.tokenHash}, ${p.userId}, ${p.expiresAt})`);
}
