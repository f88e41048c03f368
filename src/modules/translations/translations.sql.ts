import sql, { raw } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { TranslationEntity, TranslationField } from './translations.schema';

/** Where each translatable field lives: the table and its jsonb map column (language → text). */
const COLUMNS: Record<TranslationEntity, { table: string; name: string; description: string }> = {
  dialogue: { table: 'dialogues', name: 'name_i18n', description: 'description_i18n' },
  route: { table: 'routes', name: 'name_i18n', description: 'description_i18n' },
  indicator: { table: 'indicators', name: 'name', description: 'description' },
};

export interface TranslatableRow {
  entity: TranslationEntity;
  id: number;
  code: string;
  source_language: string;
  name: Record<string, string>;
  description: Record<string, string>;
}

/** Every translatable record of a dialogue: the dialogue itself, its routes and its indicators. */
export function listTranslatableRows(db: Queryable, dialogueId: number): Promise<TranslatableRow[]> {
  return db.query<TranslatableRow>(sql`
    SELECT 'dialogue' AS entity, d.id, d.slug AS code, d.source_language, d.name_i18n AS name,
        d.description_i18n AS description, 0 AS ord
      FROM dialogues d WHERE d.id = ${dialogueId}
    UNION ALL
    SELECT 'route', r.id, r.code, r.source_language, r.name_i18n, r.description_i18n, 1
      FROM routes r WHERE r.dialogue_id = ${dialogueId}
    UNION ALL
    SELECT 'indicator', i.id, i.code, i.source_language, i.name, i.description, 2
      FROM indicators i WHERE i.dialogue_id = ${dialogueId}
    ORDER BY ord, code`);
}

export async function findTranslatableRow(
  db: Queryable,
  dialogueId: number,
  entity: TranslationEntity,
  id: number,
): Promise<TranslatableRow | undefined> {
  const c = COLUMNS[entity];
  const dialogueColumn = entity === 'dialogue' ? raw('id') : raw('dialogue_id');
  const code = entity === 'dialogue' ? raw('slug') : raw('code');
  const rows = await db.query<TranslatableRow>(sql`
    SELECT ${entity}::text AS entity, id, ${code} AS code, source_language, ${raw(c.name)} AS name,
        ${raw(c.description)} AS description
      FROM ${raw(c.table)} WHERE id = ${id} AND ${dialogueColumn} = ${dialogueId} FOR UPDATE`);
  return rows[0];
}

/** Sets (text) or removes (null) one language of one field. Row-level security limits it to the secretariat. */
export async function writeTranslation(
  db: Queryable,
  entity: TranslationEntity,
  id: number,
  field: TranslationField,
  language: string,
  text: string | null,
): Promise<void> {
  const c = COLUMNS[entity];
  const column = raw(c[field]);
  const value =
    text === null
      ? sql`${column} - ${language}::text`
      : sql`${column} || jsonb_build_object(${language}::text, ${text}::text)`;
  await db.query(sql`UPDATE ${raw(c.table)} SET ${column} = ${value} WHERE id = ${id}`);
}

export interface RevisionRow {
  entity: TranslationEntity;
  entity_id: number;
  field: TranslationField;
  language: string;
  revision: number;
  text: string | null;
  previous_text: string | null;
  edited_at: string;
  edited_by: number | null;
  editor_name: string | null;
}

/** The latest revision per (record, field, language) of a dialogue. */
export function listLatestRevisions(db: Queryable, dialogueId: number): Promise<RevisionRow[]> {
  return db.query<RevisionRow>(sql`
    SELECT DISTINCT ON (t.entity, t.entity_id, t.field, t.language)
        t.entity, t.entity_id, t.field, t.language, t.revision, t.text, t.previous_text, t.edited_at,
        t.edited_by, NULL AS editor_name
      FROM translation_revisions t WHERE t.dialogue_id = ${dialogueId}
      ORDER BY t.entity, t.entity_id, t.field, t.language, t.revision DESC`);
}

export function listRevisions(
  db: Queryable,
  dialogueId: number,
  key: { entity: TranslationEntity; id: number; field: TranslationField; language: string },
): Promise<RevisionRow[]> {
  return db.query<RevisionRow>(sql`
    SELECT t.entity, t.entity_id, t.field, t.language, t.revision, t.text, t.previous_text, t.edited_at,
        t.edited_by, u.name AS editor_name
      FROM translation_revisions t LEFT JOIN users u ON u.id = t.edited_by
      WHERE t.dialogue_id = ${dialogueId} AND t.entity = ${key.entity} AND t.entity_id = ${key.id}
        AND t.field = ${key.field} AND t.language = ${key.language}
      ORDER BY t.revision DESC`);
}

export async function insertRevision(
  db: Queryable,
  r: {
    dialogueId: number;
    entity: TranslationEntity;
    id: number;
    field: TranslationField;
    language: string;
    revision: number;
    text: string | null;
    previousText: string | null;
    editedBy: number;
  },
): Promise<{ edited_at: string }> {
  const [row] = await db.query<{ edited_at: string }>(sql`
    INSERT INTO translation_revisions (dialogue_id, entity, entity_id, field, language, revision, text,
        previous_text, edited_by)
      VALUES (${r.dialogueId}, ${r.entity}, ${r.id}, ${r.field}, ${r.language}, ${r.revision}, ${r.text},
        ${r.previousText}, ${r.editedBy})
      RETURNING edited_at`);
  return row!;
}

export async function findWorkingLanguages(db: Queryable, dialogueId: number): Promise<string[]> {
  const rows = await db.query<{ working_languages: string[] }>(
    sql`SELECT working_languages FROM dialogues WHERE id = ${dialogueId}`,
  );
  return rows[0]?.working_languages ?? [];
}
