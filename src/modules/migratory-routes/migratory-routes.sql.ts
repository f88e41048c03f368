/** Queries of migratory route definitions. */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { Classification } from '../../shared/classification';

/** The known countries among these codes, with their ISO numeric code (for the shipped outlines). */
export function findCountries(db: Queryable, iso3: readonly string[]) {
  return db.query<{ iso3: string; numeric_code: string | null }>(
    sql`SELECT iso3, numeric_code FROM countries WHERE iso3 = ANY(${[...iso3]}::text[])`,
  );
}

export interface RouteRow {
  id: number;
  code: string;
  name_i18n: Record<string, string>;
  description_i18n: Record<string, string>;
  source_language: string;
  countries: string[];
  geometry: Record<string, unknown>;
  valid_from: string;
  valid_to: string | null;
  classification: Classification;
  shared_with_org_ids: number[];
  revision: number;
  updated_at: string | Date;
}

const routeColumns = sql`r.id, r.code, r.name_i18n, r.description_i18n, r.source_language, r.countries,
  r.geometry, to_char(r.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(r.valid_to, 'YYYY-MM-DD') AS valid_to,
  r.classification, r.shared_with_org_ids, r.revision, r.updated_at`;

export function listRoutes(db: Queryable, dialogueId: number): Promise<RouteRow[]> {
  return db.query(
    sql`SELECT ${routeColumns} FROM routes r WHERE r.dialogue_id = ${dialogueId} ORDER BY r.code`,
  );
}

export async function findRoute(db: Queryable, dialogueId: number, id: number, forUpdate = false) {
  const rows = await db.query<RouteRow>(sql`SELECT ${routeColumns} FROM routes r
    WHERE r.dialogue_id = ${dialogueId} AND r.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`);
  return rows[0];
}

export interface RouteValues {
  code: string;
  name: Record<string, string>;
  description: Record<string, string>;
  sourceLanguage: string;
  countries: string[];
  geometry: object;
  validFrom: string;
  validTo: string | null;
  classification: Classification;
  sharedWithOrgIds: number[];
}

export async function insertRoute(
  db: Queryable,
  dialogueId: number,
  originatorOrgId: number,
  v: RouteValues,
): Promise<number> {
  // The plain name/description columns follow the maps (trigger of 0010).
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO routes (dialogue_id, code, name, name_i18n,
      description, description_i18n, source_language, countries, geometry, valid_from, valid_to, classification,
      shared_with_org_ids, originator_org_id)
    VALUES (${dialogueId}, ${v.code}, ${v.name[v.sourceLanguage] ?? v.code}, ${JSON.stringify(v.name)}::jsonb,
      ${v.description[v.sourceLanguage] ?? ''}, ${JSON.stringify(v.description)}::jsonb, ${v.sourceLanguage},
      ${v.countries}::char(3)[], ${JSON.stringify(v.geometry)}::jsonb, ${v.validFrom}::date, ${v.validTo}::date,
      ${v.classification}::classification, ${v.sharedWithOrgIds}::int[], ${originatorOrgId})
    RETURNING id`);
  return row!.id;
}

export async function updateRoute(
  db: Queryable,
  id: number,
  expected: number,
  v: RouteValues,
): Promise<boolean> {
  const rows =
    await db.query(sql`UPDATE routes SET code = ${v.code}, name_i18n = ${JSON.stringify(v.name)}::jsonb,
      description_i18n = ${JSON.stringify(v.description)}::jsonb, source_language = ${v.sourceLanguage},
      countries = ${v.countries}::char(3)[], geometry = ${JSON.stringify(v.geometry)}::jsonb,
      valid_from = ${v.validFrom}::date, valid_to = ${v.validTo}::date, classification = ${v.classification}::classification,
      shared_with_org_ids = ${v.sharedWithOrgIds}::int[], revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expected} RETURNING id`);
  return rows.length > 0;
}

/** Whether figures are broken down by this route code. */
export async function routeHasObservations(
  db: Queryable,
  dialogueId: number,
  code: string,
): Promise<boolean> {
  const rows = await db.query(
    sql`SELECT 1 FROM observations WHERE dialogue_id = ${dialogueId} AND route = ${code} LIMIT 1`,
  );
  return rows.length > 0;
}

/** Every route of every dialogue, for the search index (src/modules/search; runs as the owner). */
export function listRoutesForSearch(db: Queryable) {
  return db.query<{
    id: number;
    dialogue_id: number;
    slug: string;
    code: string;
    name: string;
    description: string;
    countries: string[];
    valid_from: string;
    classification: Classification;
    originator_org_id: number;
    shared_with_org_ids: number[];
  }>(sql`SELECT r.id, r.dialogue_id, d.slug, r.code, r.name, r.description,
      ARRAY(SELECT trim(c) FROM unnest(r.countries) c) AS countries,
      to_char(r.valid_from, 'YYYY-MM-DD') AS valid_from, r.classification, r.originator_org_id,
      r.shared_with_org_ids
    FROM routes r JOIN dialogues d ON d.id = r.dialogue_id ORDER BY r.id`);
}
