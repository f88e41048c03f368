import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { isMember, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import type { Role } from '../../shared/roles';
import { indicatorVisibleTo, visibleTo } from '../../shared/visibility';

export interface DialogueRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  classification: Classification;
  working_languages: string[];
  source_language: string;
  name_i18n: Record<string, string>;
  description_i18n: Record<string, string>;
  secretariat_org_id: number;
  secretariat_name: string;
  secretariat_acronym: string | null;
  archived_at: Date | null;
}

/** Dialogues the actor may see: public ones and those they hold a role in (the list leaves out archived ones). */
function dialogueVisible(actor: MaybeActor) {
  const memberOf = actor ? Object.keys(actor.roles).map(Number) : [];
  return sql`(d.classification = 'public' OR d.id = ANY(${memberOf}::int[]))`;
}

const dialogueColumns = sql`d.id, d.slug, d.name, d.description, d.classification, d.working_languages,
  d.source_language, d.name_i18n, d.description_i18n,
  d.secretariat_org_id, o.name AS secretariat_name, o.acronym AS secretariat_acronym, d.archived_at`;

export function listVisibleDialogues(db: Queryable, actor: MaybeActor): Promise<DialogueRow[]> {
  return db.query(sql`SELECT ${dialogueColumns} FROM dialogues d JOIN organisations o ON o.id = d.secretariat_org_id
    WHERE ${dialogueVisible(actor)} AND d.archived_at IS NULL ORDER BY d.name`);
}

export async function findVisibleDialogue(
  db: Queryable,
  actor: MaybeActor,
  slug: string,
): Promise<DialogueRow | undefined> {
  const rows = await db.query<DialogueRow>(sql`SELECT ${dialogueColumns}
    FROM dialogues d JOIN organisations o ON o.id = d.secretariat_org_id
    WHERE d.slug = ${slug} AND ${dialogueVisible(actor)}`);
  return rows[0];
}

/** What other modules need of a dialogue to scope their work. */
export interface DialogueRef {
  id: number;
  slug: string;
  classification: Classification;
  working_languages: string[];
  secretariat_org_id: number;
}

/** The dialogue if the actor may see it at all (public, or a member); the system sees every dialogue. */
export async function findDialogueRef(
  db: Queryable,
  actor: MaybeActor | 'system',
  slug: string,
): Promise<DialogueRef | undefined> {
  const [d] = await db.query<DialogueRef>(
    sql`SELECT id, slug, classification, working_languages, secretariat_org_id FROM dialogues WHERE slug = ${slug}`,
  );
  if (!d) return undefined;
  return actor === 'system' || d.classification === 'public' || isMember(actor, d.id) ? d : undefined;
}

/** The ISO3 codes of the dialogue's member states, sorted. */
export async function listMemberStateCodes(db: Queryable, dialogueId: number): Promise<string[]> {
  const rows = await db.query<{ iso3: string }>(
    sql`SELECT country_iso3 AS iso3 FROM dialogue_states WHERE dialogue_id = ${dialogueId} ORDER BY country_iso3`,
  );
  return rows.map((r) => r.iso3.trim());
}

/** Whether the country is a member state of the dialogue. */
export async function isMemberState(db: Queryable, dialogueId: number, iso3: string): Promise<boolean> {
  const rows = await db.query(
    sql`SELECT 1 FROM dialogue_states WHERE dialogue_id = ${dialogueId} AND country_iso3 = ${iso3}`,
  );
  return rows.length > 0;
}

export function listMemberStates(db: Queryable, dialogueId: number) {
  return db.query<{
    iso3: string;
    numeric_code: string | null;
    name_en: string;
    name_fr: string;
    name_ru: string;
    joined_on: string | null;
  }>(
    sql`SELECT c.iso3, c.numeric_code, c.name_en, c.name_fr, c.name_ru, s.joined_on
        FROM dialogue_states s JOIN countries c ON c.iso3 = s.country_iso3
        WHERE s.dialogue_id = ${dialogueId} ORDER BY c.name_en`,
  );
}

export function listObservers(db: Queryable, dialogueId: number) {
  return db.query<{ id: number; name: string; acronym: string | null }>(
    sql`SELECT o.id, o.name, o.acronym FROM dialogue_observers x JOIN organisations o ON o.id = x.organisation_id
        WHERE x.dialogue_id = ${dialogueId} ORDER BY o.name`,
  );
}

export interface RouteRow {
  id: number;
  code: string;
  name: string;
  description: string;
  countries: string[];
  geometry: Record<string, unknown>;
  valid_from: string;
  valid_to: string | null;
  classification: Classification;
  source_language: string;
  name_i18n: Record<string, string>;
  description_i18n: Record<string, string>;
}

export function listVisibleRoutes(db: Queryable, actor: MaybeActor, dialogueId: number): Promise<RouteRow[]> {
  return db.query(sql`SELECT r.id, r.code, r.name, r.description, r.countries, r.geometry, r.valid_from, r.valid_to,
      r.classification, r.source_language, r.name_i18n, r.description_i18n
    FROM routes r WHERE r.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'r')} ORDER BY r.name`);
}

export function listVisibleIndicators(db: Queryable, actor: MaybeActor, dialogueId: number) {
  return db.query<{
    code: string;
    name: { en: string; fr?: string; ru?: string };
    source_language: string;
    unit: string;
    breakdowns: string[];
  }>(
    sql`SELECT i.code, i.name, i.source_language, i.unit, i.breakdowns FROM indicators i
        WHERE i.dialogue_id = ${dialogueId} AND ${indicatorVisibleTo(actor, 'i')} ORDER BY i.id`,
  );
}

export function rolesOf(actor: MaybeActor, dialogueId: number): Role[] {
  return actor?.roles[dialogueId] ?? [];
}
