/** Queries of dialogue administration (dialogue-admin.service.ts). Run as the owner: the service checks first. */
import sql, { raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { IndicatorDef } from '../../reference/standard-indicators';
import type { Classification } from '../../shared/classification';

export interface DialogueAdminRow {
  id: number;
  slug: string;
  source_language: string;
  name_i18n: Record<string, string>;
  description_i18n: Record<string, string>;
  working_languages: string[];
  classification: Classification;
  disclosure_threshold: number;
  secretariat_org_id: number;
  secretariat_name: string;
  secretariat_acronym: string | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
  logo_id: number | null;
  logo_content_type: string | null;
  logo_width: number | null;
  logo_height: number | null;
  logo_bytes: number | null;
  logo_uploaded_at: Date | null;
  member_states: number;
  observers: number;
}

const columns = sql`d.id, d.slug, d.source_language, d.name_i18n, d.description_i18n, d.working_languages,
  d.classification, d.disclosure_threshold, d.secretariat_org_id, o.name AS secretariat_name, o.acronym AS secretariat_acronym,
  d.revision, d.created_at, d.updated_at, d.archived_at, d.logo_id,
  l.content_type AS logo_content_type, l.width AS logo_width, l.height AS logo_height,
  octet_length(l.content) AS logo_bytes, l.uploaded_at AS logo_uploaded_at,
  (SELECT count(*)::int FROM dialogue_states s WHERE s.dialogue_id = d.id) AS member_states,
  (SELECT count(*)::int FROM dialogue_observers x WHERE x.dialogue_id = d.id) AS observers`;
const from = sql`FROM dialogues d JOIN organisations o ON o.id = d.secretariat_org_id
  LEFT JOIN dialogue_logos l ON l.id = d.logo_id`;

/** Dialogues by id (all of them when ids is null), archived ones included, by name. */
export function listDialoguesForAdmin(db: Queryable, ids: number[] | null): Promise<DialogueAdminRow[]> {
  const where = ids === null ? sql`` : sql`WHERE d.id = ANY(${ids}::int[])`;
  return db.query(sql`SELECT ${columns} ${from} ${where} ORDER BY lower(d.name), d.id`);
}

export async function findDialogueForAdmin(
  db: Queryable,
  id: number,
  forUpdate = false,
): Promise<DialogueAdminRow | undefined> {
  const lock = forUpdate ? raw('FOR UPDATE OF d') : raw('');
  const [row] = await db.query<DialogueAdminRow>(sql`SELECT ${columns} ${from} WHERE d.id = ${id} ${lock}`);
  return row;
}

export async function findDialogueIdBySlug(db: Queryable, slug: string): Promise<number | undefined> {
  return (await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = ${slug}`))[0]?.id;
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (await db.query(sql`SELECT 1 FROM dialogues WHERE slug = ${slug}`)).length > 0;
}

export interface SecretariatRow {
  id: number;
  name: string;
  acronym: string | null;
}

export async function findSecretariat(db: Queryable, orgId: number): Promise<SecretariatRow | undefined> {
  const [row] = await db.query<SecretariatRow>(
    sql`SELECT id, name, acronym FROM organisations WHERE id = ${orgId} AND kind = 'secretariat'`,
  );
  return row;
}

export function listSecretariats(db: Queryable): Promise<SecretariatRow[]> {
  return db.query(
    sql`SELECT id, name, acronym FROM organisations WHERE kind = 'secretariat' ORDER BY lower(name)`,
  );
}

export interface DialogueValues {
  sourceLanguage: string;
  name: Record<string, string>;
  description: Record<string, string>;
  workingLanguages: string[];
  secretariatOrgId: number;
  classification: Classification;
  /** Only on update; a new dialogue starts with the default (5). */
  disclosureThreshold?: number;
}

export async function insertDialogue(
  db: Queryable,
  d: DialogueValues & { slug: string; createdBy: number | null },
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO dialogues (slug, name, source_language, name_i18n,
      description_i18n, working_languages, secretariat_org_id, classification, created_by)
    VALUES (${d.slug}, ${d.name[d.sourceLanguage] ?? d.slug}, ${d.sourceLanguage}, ${JSON.stringify(d.name)}::jsonb,
      ${JSON.stringify(d.description)}::jsonb, ${d.workingLanguages}::text[], ${d.secretariatOrgId},
      ${d.classification}::classification, ${d.createdBy})
    RETURNING id`);
  return row!.id;
}

/** Writes the settings and moves to the next revision. */
export async function updateDialogue(db: Queryable, id: number, d: DialogueValues): Promise<void> {
  await db.query(sql`UPDATE dialogues SET source_language = ${d.sourceLanguage},
      name_i18n = ${JSON.stringify(d.name)}::jsonb, description_i18n = ${JSON.stringify(d.description)}::jsonb,
      working_languages = ${d.workingLanguages}::text[], secretariat_org_id = ${d.secretariatOrgId},
      classification = ${d.classification}::classification,
      disclosure_threshold = coalesce(${d.disclosureThreshold ?? null}::int, disclosure_threshold),
      revision = revision + 1, updated_at = now()
    WHERE id = ${id}`);
}

export async function setArchived(db: Queryable, id: number, isArchived: boolean): Promise<void> {
  await db.query(sql`UPDATE dialogues SET archived_at = ${isArchived ? sql`now()` : sql`NULL`},
      revision = revision + 1, updated_at = now() WHERE id = ${id}`);
}

export async function insertLogo(
  db: Queryable,
  l: {
    dialogueId: number;
    content: Uint8Array;
    contentType: string;
    width: number;
    height: number;
    sha256: string;
    uploadedBy: number | null;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO dialogue_logos
      (dialogue_id, content, content_type, width, height, sha256, uploaded_by)
    VALUES (${l.dialogueId}, ${l.content}, ${l.contentType}, ${l.width}, ${l.height}, ${l.sha256}, ${l.uploadedBy})
    RETURNING id`);
  return row!.id;
}

/** Points the dialogue at a logo (or none); earlier logos stay in dialogue_logos. */
export async function setLogo(db: Queryable, id: number, logoId: number | null): Promise<void> {
  await db.query(sql`UPDATE dialogues SET logo_id = ${logoId}, revision = revision + 1, updated_at = now()
    WHERE id = ${id}`);
}

export interface LogoRow {
  dialogue_id: number;
  classification: Classification;
  content: Uint8Array;
  content_type: string;
  sha256: string;
}

export async function findCurrentLogo(db: Queryable, slug: string): Promise<LogoRow | undefined> {
  const [row] = await db.query<LogoRow>(sql`SELECT d.id AS dialogue_id, d.classification, l.content,
      l.content_type, l.sha256
    FROM dialogues d JOIN dialogue_logos l ON l.id = d.logo_id WHERE d.slug = ${slug}`);
  return row;
}

export async function insertDialogueRevision(
  db: Queryable,
  r: { dialogueId: number; revision: number; action: string; data: unknown; editedBy: number | null },
): Promise<void> {
  await db.query(sql`INSERT INTO dialogue_revisions (dialogue_id, revision, action, data, edited_by)
    VALUES (${r.dialogueId}, ${r.revision}, ${r.action}, ${JSON.stringify(r.data)}::jsonb, ${r.editedBy})`);
}

export function listDialogueRevisions(db: Queryable, dialogueId: number) {
  return db.query<{
    revision: number;
    action: 'create' | 'update' | 'archive' | 'unarchive' | 'logo';
    data: Record<string, unknown>;
    edited_at: Date;
    editor_id: number | null;
    editor_name: string | null;
  }>(sql`SELECT r.revision, r.action, r.data, r.edited_at, u.id AS editor_id, u.name AS editor_name
    FROM dialogue_revisions r LEFT JOIN users u ON u.id = r.edited_by
    WHERE r.dialogue_id = ${dialogueId} ORDER BY r.revision DESC`);
}

/** The creator's roles in the new dialogue. */
export async function insertCreatorRoles(
  db: Queryable,
  m: { userId: number; dialogueId: number; roles: readonly string[] },
): Promise<void> {
  for (const role of m.roles)
    await db.query(sql`INSERT INTO memberships (user_id, dialogue_id, role, granted_by)
      VALUES (${m.userId}, ${m.dialogueId}, ${role}::dialogue_role, ${m.userId}) ON CONFLICT DO NOTHING`);
}

/**
 * The standard indicators in a new dialogue, as the demo seed writes them, classified `dialogue` (members
 * only) until the secretariat decides otherwise in Definitions.
 */
export async function insertStandardIndicators(
  db: Queryable,
  dialogueId: number,
  originatorOrgId: number,
  indicators: readonly IndicatorDef[],
): Promise<number> {
  for (const i of indicators)
    await db.query(sql`INSERT INTO indicators (dialogue_id, code, name, unit, breakdowns, classification,
        originator_org_id)
      VALUES (${dialogueId}, ${i.code}, ${JSON.stringify(i.name)}::jsonb, ${i.unit}, ${i.breakdowns}::text[],
        'dialogue', ${originatorOrgId})`);
  return indicators.length;
}

/** Whether the archived flag of the dialogue named by slug or id is set (the read-only guard). */
export async function isDialogueArchived(
  db: Queryable,
  key: { slug: string } | { id: number },
): Promise<boolean> {
  const where: Sql = 'slug' in key ? sql`slug = ${key.slug}` : sql`id = ${key.id}`;
  const rows = await db.query(sql`SELECT 1 FROM dialogues WHERE ${where} AND archived_at IS NOT NULL`);
  return rows.length > 0;
}
