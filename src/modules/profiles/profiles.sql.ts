/**
 * Queries of country profiles (migration 0042). Versions a caller reads: every one for the profile's editors
 * (the secretariat and the state), endorsed ones for everyone else (versionVisibleTo); sections also by their
 * classification (sectionVisibleTo: the state is the originator of its profile). Row-level security repeats
 * both. The service writes a version and its sections in one transaction.
 */
import sql, { join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { SectionKey, Source, VersionStatus } from '../../domain/profiles/profile-rules';
import { hasRole, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { SECRETARIAT_ROLES } from '../../shared/roles';
import { visibleTo } from '../../shared/visibility';

export interface ProfileRow {
  id: number;
  dialogue_id: number;
  state_iso3: string;
  revision: number;
  created_at: Date;
  reminded_at: Date | null;
}

const trimIso = sql`rtrim(p.state_iso3) AS state_iso3`;

export async function findProfileRow(
  db: Queryable,
  dialogueId: number,
  iso3: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ProfileRow | undefined> {
  const [row] =
    await db.query<ProfileRow>(sql`SELECT p.id, p.dialogue_id, ${trimIso}, p.revision, p.created_at,
      p.reminded_at
    FROM profiles p WHERE p.dialogue_id = ${dialogueId} AND p.state_iso3 = ${iso3}
    ${opts.forUpdate ? raw('FOR UPDATE') : raw('')}`);
  return row;
}

export async function insertProfile(
  db: Queryable,
  p: { dialogueId: number; iso3: string; userId: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO profiles (dialogue_id, state_iso3, created_by)
    VALUES (${p.dialogueId}, ${p.iso3}, ${p.userId}) RETURNING id`);
  return row!.id;
}

/** Moves the profile to the next revision if it is still at `expected`; false when it moved meanwhile. */
export async function bumpProfileRevision(db: Queryable, id: number, expected: number): Promise<boolean> {
  const rows = await db.query<{
    id: number;
  }>(sql`UPDATE profiles SET revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expected} RETURNING id`);
  return rows.length === 1;
}

export interface VersionRow {
  id: number;
  number: number;
  status: VersionStatus;
  created_by_org: string;
  created_at: Date;
  updated_at: Date;
  decided_by_org: string | null;
  decided_at: Date | null;
  comment: string | null;
}

/** Versions of `alias` the actor reads: all for the profile's editors, endorsed ones for everyone else. */
function versionVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  if (!actor) return sql`${t}.status = 'endorsed'`;
  const secretariatOf = Object.keys(actor.roles)
    .map(Number)
    .filter((d) => hasRole(actor, d, SECRETARIAT_ROLES));
  const memberOf = Object.keys(actor.roles).map(Number);
  return sql`(${t}.status = 'endorsed' OR (${t}.dialogue_id = ANY(${memberOf}::int[]) AND (
    ${t}.dialogue_id = ANY(${secretariatOf}::int[]) OR ${t}.state_iso3 = ${actor.countryIso3 ?? ''})))`;
}

const SELECT_VERSION = sql`SELECT v.id, v.number, v.status, co.name AS created_by_org, v.created_at, v.updated_at,
    dorg.name AS decided_by_org, v.decided_at, v.comment
  FROM profile_versions v
  JOIN organisations co ON co.id = v.created_org_id
  LEFT JOIN organisations dorg ON dorg.id = v.decided_org_id`;

/** The versions of a profile the actor reads, newest first. */
export function listVersionRows(db: Queryable, actor: MaybeActor, profileId: number) {
  return db.query<VersionRow>(sql`${SELECT_VERSION}
    WHERE v.profile_id = ${profileId} AND ${versionVisibleTo(actor, 'v')} ORDER BY v.number DESC`);
}

/**
 * The latest version of a profile the actor reads (writers read them all). Not locked: writers lock the
 * profile row first (findProfileRow forUpdate), which serialises every change of its versions.
 */
export async function findLatestVersionRow(db: Queryable, profileId: number) {
  const [row] = await db.query<VersionRow>(sql`${SELECT_VERSION}
    WHERE v.profile_id = ${profileId} ORDER BY v.number DESC LIMIT 1`);
  return row;
}

export async function insertVersion(
  db: Queryable,
  v: { profileId: number; dialogueId: number; iso3: string; number: number; userId: number; orgId: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO profile_versions
      (profile_id, dialogue_id, state_iso3, number, created_by, created_org_id)
    VALUES (${v.profileId}, ${v.dialogueId}, ${v.iso3}, ${v.number}, ${v.userId}, ${v.orgId}) RETURNING id`);
  return row!.id;
}

export async function touchVersion(db: Queryable, id: number): Promise<void> {
  await db.query(sql`UPDATE profile_versions SET updated_at = now() WHERE id = ${id} AND status = 'draft'`);
}

/** Endorses or returns a draft; false when it is no longer a draft. */
export async function decideVersion(
  db: Queryable,
  d: { id: number; status: 'endorsed' | 'returned'; comment: string | null; userId: number; orgId: number },
): Promise<boolean> {
  const rows = await db.query<{ id: number }>(sql`UPDATE profile_versions
    SET status = ${d.status}, comment = ${d.comment}, decided_by = ${d.userId}, decided_org_id = ${d.orgId},
      decided_at = now()
    WHERE id = ${d.id} AND status = 'draft' RETURNING id`);
  return rows.length === 1;
}

export interface SectionRow {
  key: SectionKey;
  body: string;
  sources: Source[];
  classification: Classification;
  updated_at: Date;
}

/**
 * The sections of a version the actor reads by their classification, the state being the originator of its
 * profile (visibleTo's reporting-state rule): the secretariat and the state all of them, other members the
 * public and dialogue ones, anyone else the public ones.
 */
export function listSectionRows(db: Queryable, actor: MaybeActor, versionId: number): Promise<SectionRow[]> {
  return db.query<SectionRow>(sql`SELECT s.key, s.body, s.sources, s.classification, s.updated_at
    FROM (SELECT ps.*, ps.state_iso3 AS reporter_iso3 FROM profile_sections ps) s
    WHERE s.version_id = ${versionId} AND ${visibleTo(actor, 's', { originator: 'reporting-state' })}
    ORDER BY s.position`);
}

export async function replaceSections(
  db: Queryable,
  v: { versionId: number; dialogueId: number; iso3: string },
  sections: {
    key: SectionKey;
    body: string;
    sources: Source[];
    classification: Classification;
    updatedAt: string;
  }[],
): Promise<void> {
  await db.query(sql`DELETE FROM profile_sections WHERE version_id = ${v.versionId}`);
  if (!sections.length) return;
  await db.query(sql`INSERT INTO profile_sections
      (version_id, dialogue_id, state_iso3, key, position, body, sources, classification, updated_at)
    VALUES ${join(
      sections.map(
        (s, i) =>
          sql`(${v.versionId}, ${v.dialogueId}, ${v.iso3}, ${s.key}, ${i + 1}, ${s.body},
            ${JSON.stringify(s.sources)}::jsonb, ${s.classification}, ${s.updatedAt}::timestamptz)`,
      ),
    )}`);
}

export interface ProfileListRow {
  state_iso3: string;
  name_en: string;
  name_fr: string;
  name_ru: string;
  endorsed_number: number | null;
  endorsed_at: Date | null;
  latest_status: VersionStatus | null;
}

/** Every member state of the dialogue with its profile's latest endorsed version and its latest version. */
export function listProfileRows(db: Queryable, dialogueId: number, states: readonly string[]) {
  return db.query<ProfileListRow>(sql`SELECT rtrim(c.iso3) AS state_iso3, c.name_en, c.name_fr, c.name_ru,
      e.number AS endorsed_number, e.decided_at AS endorsed_at, l.status AS latest_status
    FROM countries c
    LEFT JOIN profiles p ON p.dialogue_id = ${dialogueId} AND p.state_iso3 = c.iso3
    LEFT JOIN LATERAL (SELECT v.number, v.decided_at FROM profile_versions v
      WHERE v.profile_id = p.id AND v.status = 'endorsed' ORDER BY v.number DESC LIMIT 1) e ON true
    LEFT JOIN LATERAL (SELECT v.status FROM profile_versions v
      WHERE v.profile_id = p.id ORDER BY v.number DESC LIMIT 1) l ON true
    WHERE c.iso3 = ANY(${states}::text[]) ORDER BY c.name_en`);
}

export async function countryName(db: Queryable, iso3: string): Promise<ProfileListRow | undefined> {
  const [row] =
    await db.query<ProfileListRow>(sql`SELECT rtrim(iso3) AS state_iso3, name_en, name_fr, name_ru,
      NULL::int AS endorsed_number, NULL::timestamptz AS endorsed_at, NULL::text AS latest_status
    FROM countries WHERE iso3 = ${iso3}`);
  return row;
}

export interface EndorsedSectionRow extends SectionRow {
  profile_id: number;
  dialogue_id: number;
  slug: string;
  state_iso3: string;
  number: number;
  decided_at: Date;
  decided_org_id: number;
}

/**
 * The sections of each profile's latest endorsed version (search indexing; run as the owner), optionally of
 * one profile only.
 */
export function listEndorsedSectionRows(db: Queryable, profileId?: number) {
  return db.query<EndorsedSectionRow>(sql`SELECT s.key, s.body, s.sources, s.classification, s.updated_at,
      p.id AS profile_id, p.dialogue_id, d.slug, rtrim(p.state_iso3) AS state_iso3, v.number, v.decided_at,
      v.decided_org_id
    FROM profiles p
    JOIN dialogues d ON d.id = p.dialogue_id
    JOIN LATERAL (SELECT v.id, v.number, v.decided_at, v.decided_org_id FROM profile_versions v
      WHERE v.profile_id = p.id AND v.status = 'endorsed' ORDER BY v.number DESC LIMIT 1) v ON true
    JOIN profile_sections s ON s.version_id = v.id
    ${profileId === undefined ? raw('') : sql`WHERE p.id = ${profileId}`}
    ORDER BY p.id, s.position`);
}

export interface ReminderRow {
  id: number;
  dialogue_id: number;
  slug: string;
  state_iso3: string;
  created_at: Date;
  reminded_at: Date | null;
  last_endorsed_at: Date | null;
}

/** Every profile with its last endorsement (the yearly reminder job; run as the owner). */
export function listReminderRows(db: Queryable) {
  return db.query<ReminderRow>(sql`SELECT p.id, p.dialogue_id, d.slug, rtrim(p.state_iso3) AS state_iso3,
      p.created_at, p.reminded_at,
      (SELECT max(v.decided_at) FROM profile_versions v WHERE v.profile_id = p.id AND v.status = 'endorsed')
        AS last_endorsed_at
    FROM profiles p JOIN dialogues d ON d.id = p.dialogue_id WHERE d.archived_at IS NULL ORDER BY p.id`);
}

export async function markReminded(db: Queryable, id: number): Promise<void> {
  await db.query(sql`UPDATE profiles SET reminded_at = now() WHERE id = ${id}`);
}

/**
 * Who is reminded to update a profile: the state's analysts and data providers and the dialogue's
 * secretariat (active users; run as the owner).
 */
export async function listProfileRecipients(
  db: Queryable,
  dialogueId: number,
  iso3: string,
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(sql`SELECT DISTINCT u.id FROM users u
    JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${dialogueId}
    JOIN organisations o ON o.id = u.organisation_id
    WHERE u.is_active AND (m.role IN ('admin', 'data_manager')
      OR (o.country_iso3 = ${iso3} AND m.role IN ('analyst', 'data_provider')))
    ORDER BY u.id`);
  return rows.map((r) => r.id);
}
