/** Queries of the terminal's user commands (users.operator.ts). */
import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';
import type { Role } from '../../../shared/roles';

export interface OperatorUserRow {
  id: number;
  email: string;
  name: string;
  organisation_name: string;
  is_active: boolean;
  is_platform_admin: boolean;
  has_two_factor: boolean;
  has_password: boolean;
  roles: { dialogue: string; role: Role }[];
}

/** Every user (or the members of one dialogue), with their roles by dialogue slug. */
export function listUsersWithRoles(db: Queryable, dialogueId: number | null): Promise<OperatorUserRow[]> {
  const only =
    dialogueId === null
      ? sql``
      : sql`WHERE u.id IN (SELECT user_id FROM memberships WHERE dialogue_id = ${dialogueId})`;
  return db.query(sql`SELECT u.id, u.email, u.name, o.name AS organisation_name, u.is_active, u.is_platform_admin,
      u.totp_secret IS NOT NULL AS has_two_factor, u.password_hash IS NOT NULL AS has_password,
      coalesce((SELECT json_agg(json_build_object('dialogue', d.slug, 'role', m.role) ORDER BY d.slug, m.role)
        FROM memberships m JOIN dialogues d ON d.id = m.dialogue_id WHERE m.user_id = u.id), '[]'::json) AS roles
    FROM users u JOIN organisations o ON o.id = u.organisation_id ${only}
    ORDER BY lower(u.email)`);
}

export async function findUserIdByEmail(db: Queryable, email: string): Promise<number | undefined> {
  return (await db.query<{ id: number }>(sql`SELECT id FROM users WHERE lower(email) = lower(${email})`))[0]
    ?.id;
}

export async function findOrganisationIdOfUser(db: Queryable, userId: number): Promise<number | undefined> {
  const rows = await db.query<{ organisation_id: number }>(
    sql`SELECT organisation_id FROM users WHERE id = ${userId}`,
  );
  return rows[0]?.organisation_id;
}

/** Deactivation also ends the user's sessions and revokes their API tokens (as the admin API does). */
export async function setActive(db: Queryable, userId: number, isActive: boolean): Promise<void> {
  await db.query(sql`UPDATE users SET is_active = ${isActive} WHERE id = ${userId}`);
  if (isActive) return;
  await db.query(
    sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`,
  );
  await db.query(
    sql`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`,
  );
}

export async function grantRole(
  db: Queryable,
  userId: number,
  dialogueId: number,
  role: Role,
): Promise<boolean> {
  const rows = await db.query(sql`INSERT INTO memberships (user_id, dialogue_id, role)
    VALUES (${userId}, ${dialogueId}, ${role}::dialogue_role) ON CONFLICT DO NOTHING RETURNING user_id`);
  return rows.length > 0;
}

export async function revokeRole(
  db: Queryable,
  userId: number,
  dialogueId: number,
  role: Role,
): Promise<boolean> {
  const rows = await db.query(sql`DELETE FROM memberships
    WHERE user_id = ${userId} AND dialogue_id = ${dialogueId} AND role = ${role}::dialogue_role RETURNING user_id`);
  return rows.length > 0;
}
