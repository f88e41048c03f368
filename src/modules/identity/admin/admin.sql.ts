import sql from 'sql-template-tag';
import type { Queryable } from '../../../db/connect';
import type { Role } from '../../../shared/roles';

export interface AdminUserRow {
  id: number;
  email: string;
  name: string;
  is_active: boolean;
  has_two_factor: boolean;
  has_password: boolean;
  organisation_id: number;
  organisation_name: string;
  roles: Role[];
}

const userColumns = sql`u.id, u.email, u.name, u.is_active, u.totp_secret IS NOT NULL AS has_two_factor,
  u.password_hash IS NOT NULL AS has_password, u.organisation_id, o.name AS organisation_name`;

/** Users holding at least one role in the dialogue, with those roles. */
export function listDialogueUsers(db: Queryable, dialogueId: number): Promise<AdminUserRow[]> {
  return db.query(sql`SELECT ${userColumns}, array_agg(m.role::text ORDER BY m.role) AS roles
    FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = u.organisation_id
    WHERE m.dialogue_id = ${dialogueId}
    GROUP BY u.id, o.name ORDER BY lower(u.name), u.id`);
}

/** One user with their roles in the dialogue (empty when they hold none). */
export async function findUserForDialogue(
  db: Queryable,
  dialogueId: number,
  userId: number,
): Promise<AdminUserRow | undefined> {
  const rows = await db.query<AdminUserRow>(sql`SELECT ${userColumns},
      coalesce(array_agg(m.role::text ORDER BY m.role) FILTER (WHERE m.role IS NOT NULL), '{}') AS roles
    FROM users u JOIN organisations o ON o.id = u.organisation_id
    LEFT JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${dialogueId}
    WHERE u.id = ${userId} GROUP BY u.id, o.name`);
  return rows[0];
}

/**
 * Whether the organisation takes part in the dialogue: its secretariat, an observer, or a state authority
 * of a member state. A dialogue admin may only add users of such organisations.
 */
export async function isOrganisationOfDialogue(db: Queryable, dialogueId: number, orgId: number) {
  const rows = await db.query(sql`SELECT 1 FROM organisations o, dialogues d
    WHERE o.id = ${orgId} AND d.id = ${dialogueId} AND (
      d.secretariat_org_id = o.id
      OR EXISTS (SELECT 1 FROM dialogue_observers x WHERE x.dialogue_id = d.id AND x.organisation_id = o.id)
      OR EXISTS (SELECT 1 FROM dialogue_states s WHERE s.dialogue_id = d.id AND s.country_iso3 = o.country_iso3))`);
  return rows.length > 0;
}

/** Dialogues where the user is an admin. */
export async function listAdminDialoguesOf(db: Queryable, userId: number): Promise<number[]> {
  const rows = await db.query<{ dialogue_id: number }>(
    sql`SELECT dialogue_id FROM memberships WHERE user_id = ${userId} AND role = 'admin'`,
  );
  return rows.map((r) => r.dialogue_id);
}

export async function dialogueExists(db: Queryable, dialogueId: number): Promise<boolean> {
  return (await db.query(sql`SELECT 1 FROM dialogues WHERE id = ${dialogueId}`)).length > 0;
}

export async function insertInvitation(
  db: Queryable,
  i: { tokenHash: string; userId: number; createdBy: number; expiresAt: Date },
): Promise<void> {
  await db.query(sql`INSERT INTO invitations (token_hash, user_id, created_by, expires_at)
    VALUES (${i.tokenHash}, ${i.userId}, ${i.createdBy}, ${i.expiresAt})`);
}

/** Marks a valid invitation used and returns its user, or undefined when unknown, used or expired. */
export async function consumeInvitation(db: Queryable, tokenHash: string): Promise<number | undefined> {
  const rows = await db.query<{ user_id: number }>(sql`UPDATE invitations SET accepted_at = now()
    WHERE token_hash = ${tokenHash} AND accepted_at IS NULL AND expires_at > now() RETURNING user_id`);
  return rows[0]?.user_id;
}

export async function insertRole(
  db: Queryable,
  m: { userId: number; dialogueId: number; role: Role; grantedBy: number },
): Promise<boolean> {
  const rows = await db.query(sql`INSERT INTO memberships (user_id, dialogue_id, role, granted_by)
    VALUES (${m.userId}, ${m.dialogueId}, ${m.role}::dialogue_role, ${m.grantedBy})
    ON CONFLICT DO NOTHING RETURNING user_id`);
  return rows.length > 0;
}

export async function deleteRole(
  db: Queryable,
  m: { userId: number; dialogueId: number; role: Role },
): Promise<boolean> {
  const rows = await db.query(sql`DELETE FROM memberships
    WHERE user_id = ${m.userId} AND dialogue_id = ${m.dialogueId} AND role = ${m.role}::dialogue_role
    RETURNING user_id`);
  return rows.length > 0;
}

/** Deactivates or reactivates a user; deactivation also ends their sessions and revokes their API tokens. */
export async function setUserActive(db: Queryable, userId: number, isActive: boolean): Promise<void> {
  await db.query(sql`UPDATE users SET is_active = ${isActive} WHERE id = ${userId}`);
  if (!isActive) {
    await db.query(
      sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`,
    );
    await db.query(
      sql`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`,
    );
  }
}

interface OrganisationRow {
  id: number;
  kind: 'state' | 'secretariat' | 'international';
  name: string;
  acronym: string | null;
  country_iso3: string | null;
}
const orgColumns = sql`id, kind, name, acronym, country_iso3`;

export async function findOrganisationById(db: Queryable, id: number): Promise<OrganisationRow | undefined> {
  return (await db.query<OrganisationRow>(sql`SELECT ${orgColumns} FROM organisations WHERE id = ${id}`))[0];
}

export async function organisationNameTaken(db: Queryable, name: string, exceptId = -1): Promise<boolean> {
  const rows = await db.query(
    sql`SELECT 1 FROM organisations WHERE lower(name) = lower(${name}) AND id <> ${exceptId}`,
  );
  return rows.length > 0;
}

export async function countryExists(db: Queryable, iso3: string): Promise<boolean> {
  return (await db.query(sql`SELECT 1 FROM countries WHERE iso3 = ${iso3}`)).length > 0;
}

export async function insertOrganisation(
  db: Queryable,
  o: { kind: string; name: string; acronym: string | null; countryIso3: string | null },
): Promise<OrganisationRow> {
  const rows =
    await db.query<OrganisationRow>(sql`INSERT INTO organisations (kind, name, acronym, country_iso3)
    VALUES (${o.kind}::organisation_kind, ${o.name}, ${o.acronym}, ${o.countryIso3}) RETURNING ${orgColumns}`);
  return rows[0]!;
}

export async function updateOrganisation(
  db: Queryable,
  id: number,
  o: { name: string; acronym: string | null },
): Promise<OrganisationRow> {
  const rows =
    await db.query<OrganisationRow>(sql`UPDATE organisations SET name = ${o.name}, acronym = ${o.acronym}
    WHERE id = ${id} RETURNING ${orgColumns}`);
  return rows[0]!;
}

/**
 * The dialogues an organisation takes part in (alias `o` for the organisation): it is the secretariat, an
 * observer, an authority of a member state, or some of its users hold a role there. Organisation
 * administration is scoped by it (admin.policy.ts).
 */
const dialoguesOf = sql`SELECT d.id AS dialogue_id FROM dialogues d WHERE d.secretariat_org_id = o.id
  UNION SELECT x.dialogue_id FROM dialogue_observers x WHERE x.organisation_id = o.id
  UNION SELECT s.dialogue_id FROM dialogue_states s WHERE s.country_iso3 = o.country_iso3
  UNION SELECT m.dialogue_id FROM memberships m JOIN users mu ON mu.id = m.user_id WHERE mu.organisation_id = o.id`;

/** The dialogues the organisation takes part in, in id order. */
export async function listDialoguesOfOrganisation(db: Queryable, orgId: number): Promise<number[]> {
  const rows = await db.query<{ dialogue_id: number }>(sql`SELECT t.dialogue_id FROM organisations o,
      LATERAL (${dialoguesOf}) t
    WHERE o.id = ${orgId} ORDER BY t.dialogue_id`);
  return rows.map((r) => r.dialogue_id);
}

/**
 * Organisations taking part in any of these dialogues, and those taking part in none yet (just created,
 * not yet an observer or given users): what an admin of these dialogues may see and administer.
 */
export function listOrganisationsOfDialogues(
  db: Queryable,
  dialogueIds: number[],
): Promise<OrganisationRow[]> {
  return db.query(sql`SELECT ${orgColumns} FROM organisations o
    WHERE EXISTS (SELECT 1 FROM (${dialoguesOf}) t WHERE t.dialogue_id = ANY(${dialogueIds}::int[]))
      OR NOT EXISTS (SELECT 1 FROM (${dialoguesOf}) t)
    ORDER BY lower(o.name)`);
}

/** Whether the country is a member state of one of these dialogues. */
export async function isMemberStateOfAny(
  db: Queryable,
  countryIso3: string,
  dialogueIds: number[],
): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM dialogue_states
    WHERE country_iso3 = ${countryIso3} AND dialogue_id = ANY(${dialogueIds}::int[])`);
  return rows.length > 0;
}
