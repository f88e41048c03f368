/**
 * Queries of member administration: periods of membership (dialogue_memberships, migration 0019, never deleted),
 * the current members (dialogue_states / dialogue_observers), the organisations and users of each member, and
 * the accounts and invitations a bulk invitation creates. Run as the owner: the services check first.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { Role } from '../../shared/roles';

export interface PeriodRow {
  id: number;
  kind: 'state' | 'observer';
  country_iso3: string | null;
  organisation_id: number | null;
  joined_on: string;
  left_on: string | null;
  added_by_id: number | null;
  added_by_name: string | null;
  added_at: Date;
  removed_by_id: number | null;
  removed_by_name: string | null;
  removed_at: Date | null;
  removal_reason: string | null;
}

export function listPeriods(db: Queryable, dialogueId: number): Promise<PeriodRow[]> {
  return db.query(sql`SELECT m.id, m.kind, trim(m.country_iso3) AS country_iso3, m.organisation_id, m.joined_on,
      m.left_on, a.id AS added_by_id, a.name AS added_by_name, m.added_at, r.id AS removed_by_id,
      r.name AS removed_by_name, m.removed_at, m.removal_reason
    FROM dialogue_memberships m LEFT JOIN users a ON a.id = m.added_by LEFT JOIN users r ON r.id = m.removed_by
    WHERE m.dialogue_id = ${dialogueId} ORDER BY m.joined_on DESC, m.id DESC`);
}

/** Every period of every member state of a dialogue (closed ones included), for calendars and analytics. */
export function listStatePeriods(
  db: Queryable,
  dialogueId: number,
): Promise<{ country_iso3: string; joined_on: string; left_on: string | null }[]> {
  return db.query(sql`SELECT trim(country_iso3) AS country_iso3, joined_on, left_on FROM dialogue_memberships
    WHERE dialogue_id = ${dialogueId} AND kind = 'state' ORDER BY country_iso3, joined_on`);
}

/** The open period of a member state or observer, locked until the transaction ends. */
export async function findOpenPeriod(
  db: Queryable,
  dialogueId: number,
  member: { country: string } | { organisationId: number },
): Promise<{ id: number; joined_on: string } | undefined> {
  const who =
    'country' in member
      ? sql`kind = 'state' AND country_iso3 = ${member.country}`
      : sql`kind = 'observer' AND organisation_id = ${member.organisationId}`;
  const [row] = await db.query<{
    id: number;
    joined_on: string;
  }>(sql`SELECT id, joined_on FROM dialogue_memberships
    WHERE dialogue_id = ${dialogueId} AND ${who} AND left_on IS NULL FOR UPDATE`);
  return row;
}

/** The day the member last left (its latest closed period), if it was a member before. */
export async function findLastLeft(
  db: Queryable,
  dialogueId: number,
  member: { country: string } | { organisationId: number },
): Promise<string | undefined> {
  const who =
    'country' in member
      ? sql`kind = 'state' AND country_iso3 = ${member.country}`
      : sql`kind = 'observer' AND organisation_id = ${member.organisationId}`;
  const [row] = await db.query<{ left_on: string | null }>(sql`SELECT max(left_on) AS left_on
    FROM dialogue_memberships WHERE dialogue_id = ${dialogueId} AND ${who}`);
  return row?.left_on ?? undefined;
}

/** Opens a period and lists the member as current, in the caller's transaction. */
export async function insertStatePeriod(
  db: Queryable,
  p: { dialogueId: number; country: string; joinedOn: string; addedBy: number | null },
): Promise<void> {
  await db.query(sql`INSERT INTO dialogue_memberships (dialogue_id, kind, country_iso3, joined_on, added_by)
    VALUES (${p.dialogueId}, 'state', ${p.country}, ${p.joinedOn}::date, ${p.addedBy})`);
  await db.query(sql`INSERT INTO dialogue_states (dialogue_id, country_iso3, joined_on)
    VALUES (${p.dialogueId}, ${p.country}, ${p.joinedOn}::date)`);
}

export async function insertObserverPeriod(
  db: Queryable,
  p: { dialogueId: number; organisationId: number; joinedOn: string; addedBy: number | null },
): Promise<void> {
  await db.query(sql`INSERT INTO dialogue_memberships (dialogue_id, kind, organisation_id, joined_on, added_by)
    VALUES (${p.dialogueId}, 'observer', ${p.organisationId}, ${p.joinedOn}::date, ${p.addedBy})`);
  await db.query(sql`INSERT INTO dialogue_observers (dialogue_id, organisation_id)
    VALUES (${p.dialogueId}, ${p.organisationId})`);
}

/** Closes the period (the row stays) and takes the member off the current list. */
export async function closePeriod(
  db: Queryable,
  p: {
    periodId: number;
    dialogueId: number;
    member: { country: string } | { organisationId: number };
    leftOn: string;
    removedBy: number | null;
    reason: string | null;
  },
): Promise<void> {
  await db.query(sql`UPDATE dialogue_memberships SET left_on = ${p.leftOn}::date, removed_by = ${p.removedBy},
      removed_at = now(), removal_reason = ${p.reason}
    WHERE id = ${p.periodId}`);
  if ('country' in p.member)
    await db.query(sql`DELETE FROM dialogue_states
      WHERE dialogue_id = ${p.dialogueId} AND country_iso3 = ${p.member.country}`);
  else
    await db.query(sql`DELETE FROM dialogue_observers
      WHERE dialogue_id = ${p.dialogueId} AND organisation_id = ${p.member.organisationId}`);
}

export interface CountryRow {
  iso3: string;
  name_en: string;
  name_fr: string;
  name_ru: string;
  /** Special codes without an alpha-2 code (stateless, unknown) are citizenships, never member states. */
  can_be_member: boolean;
}

export function findCountries(db: Queryable, codes: string[]): Promise<CountryRow[]> {
  return db.query(sql`SELECT trim(iso3) AS iso3, name_en, name_fr, name_ru, iso2 IS NOT NULL AS can_be_member
    FROM countries WHERE iso3 = ANY(${codes}::text[])`);
}

export interface OrganisationRow {
  id: number;
  kind: 'state' | 'secretariat' | 'international';
  name: string;
  acronym: string | null;
  country_iso3: string | null;
}

export async function findOrganisation(db: Queryable, id: number): Promise<OrganisationRow | undefined> {
  const [row] =
    await db.query<OrganisationRow>(sql`SELECT id, kind, name, acronym, trim(country_iso3) AS country_iso3
    FROM organisations WHERE id = ${id}`);
  return row;
}

/**
 * Organisations that take part in the dialogue now: its secretariat, its current observers, and the
 * authorities of its current member states (the same rule as the admin module's user management).
 */
export function listParticipatingOrganisations(
  db: Queryable,
  dialogueId: number,
): Promise<OrganisationRow[]> {
  return db.query(sql`SELECT o.id, o.kind, o.name, o.acronym, trim(o.country_iso3) AS country_iso3
    FROM organisations o, dialogues d
    WHERE d.id = ${dialogueId} AND (
      d.secretariat_org_id = o.id
      OR EXISTS (SELECT 1 FROM dialogue_observers x WHERE x.dialogue_id = d.id AND x.organisation_id = o.id)
      OR EXISTS (SELECT 1 FROM dialogue_states s WHERE s.dialogue_id = d.id AND s.country_iso3 = o.country_iso3))
    ORDER BY lower(o.name)`);
}

/** State authorities of these countries (members now or before), for the members page. */
export function listStateOrganisations(db: Queryable, countries: string[]): Promise<OrganisationRow[]> {
  return db.query(sql`SELECT id, kind, name, acronym, trim(country_iso3) AS country_iso3 FROM organisations
    WHERE kind = 'state' AND country_iso3 = ANY(${countries}::text[]) ORDER BY lower(name)`);
}

export function listOrganisationsById(db: Queryable, ids: number[]): Promise<OrganisationRow[]> {
  return db.query(sql`SELECT id, kind, name, acronym, trim(country_iso3) AS country_iso3 FROM organisations
    WHERE id = ANY(${ids}::int[])`);
}

export interface UserRoleRow {
  id: number;
  organisation_id: number;
  name: string;
  email: string;
  is_active: boolean;
  is_invited: boolean;
  roles: Role[];
}

/** Users holding a role in the dialogue, with their roles. */
export function listDialogueUsers(db: Queryable, dialogueId: number): Promise<UserRoleRow[]> {
  return db.query(sql`SELECT u.id, u.organisation_id, u.name, u.email, u.is_active,
      u.password_hash IS NULL AS is_invited, array_agg(m.role::text ORDER BY m.role) AS roles
    FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.dialogue_id = ${dialogueId} GROUP BY u.id ORDER BY lower(u.name), u.id`);
}

/** Current figures per reporting state in the dialogue (all statuses: nothing is deleted when a state leaves). */
export async function countFiguresByReporter(
  db: Queryable,
  dialogueId: number,
): Promise<Map<string, number>> {
  const rows = await db.query<{ reporter: string; n: number }>(sql`SELECT trim(reporter_iso3) AS reporter,
      count(*)::int AS n FROM observations WHERE dialogue_id = ${dialogueId} AND superseded_at IS NULL
    GROUP BY reporter_iso3`);
  return new Map(rows.map((r) => [r.reporter, r.n]));
}

/**
 * Ends the roles in the dialogue of the users of a leaving member (the state's authorities, or the observer
 * organisation); returns what was revoked, for the audit log.
 */
export function revokeRolesOfMember(
  db: Queryable,
  dialogueId: number,
  member: { country: string } | { organisationId: number },
): Promise<{ user_id: number; role: Role }[]> {
  const orgs =
    'country' in member
      ? sql`SELECT id FROM organisations WHERE kind = 'state' AND country_iso3 = ${member.country}`
      : sql`SELECT ${member.organisationId}::int`;
  return db.query(sql`DELETE FROM memberships m USING users u
    WHERE m.user_id = u.id AND m.dialogue_id = ${dialogueId} AND u.organisation_id IN (${orgs})
    RETURNING m.user_id, m.role::text AS role`);
}

// ---------- bulk invitation ----------

export interface ExistingUserRow {
  id: number;
  email: string;
  organisation_id: number;
  is_active: boolean;
  roles: Role[];
}

/** Accounts with these e-mails (lower case), with their roles in the dialogue. */
export function findUsersByEmail(
  db: Queryable,
  dialogueId: number,
  emails: string[],
): Promise<ExistingUserRow[]> {
  return db.query(sql`SELECT u.id, lower(u.email) AS email, u.organisation_id, u.is_active,
      coalesce(array_agg(m.role::text) FILTER (WHERE m.role IS NOT NULL), '{}') AS roles
    FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${dialogueId}
    WHERE lower(u.email) = ANY(${emails}::text[]) GROUP BY u.id`);
}

export async function insertInvitedUser(
  db: Queryable,
  u: { organisationId: number; email: string; name: string; locale: string },
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO users (organisation_id, email, name, password_hash, locale)
    VALUES (${u.organisationId}, ${u.email}, ${u.name}, NULL, ${u.locale}) RETURNING id`);
  return row!.id;
}

export async function insertRole(
  db: Queryable,
  m: { userId: number; dialogueId: number; role: Role; grantedBy: number | null },
): Promise<void> {
  await db.query(sql`INSERT INTO memberships (user_id, dialogue_id, role, granted_by)
    VALUES (${m.userId}, ${m.dialogueId}, ${m.role}::dialogue_role, ${m.grantedBy}) ON CONFLICT DO NOTHING`);
}

export async function insertInvitation(
  db: Queryable,
  i: { tokenHash: string; userId: number; createdBy: number | null; expiresAt: Date },
): Promise<void> {
  await db.query(sql`INSERT INTO invitations (token_hash, user_id, created_by, expires_at)
    VALUES (${i.tokenHash}, ${i.userId}, ${i.createdBy}, ${i.expiresAt})`);
}
