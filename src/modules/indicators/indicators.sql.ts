/** Queries of indicator definitions. */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { Classification } from '../../shared/classification';

export interface IndicatorRow {
  id: number;
  code: string;
  name: Record<string, string>;
  description: Record<string, string>;
  source_language: string;
  unit: string;
  breakdowns: string[];
  additive_breakdowns: string[];
  classification: Classification;
  shared_with_org_ids: number[];
  valid_to: string | null;
  revision: number;
  updated_at: string | Date;
  has_observations: boolean;
}

const indicatorColumns = sql`i.id, i.code, i.name, i.description, i.source_language, i.unit, i.breakdowns,
  i.additive_breakdowns, i.classification, i.shared_with_org_ids, to_char(i.valid_to, 'YYYY-MM-DD') AS valid_to, i.revision, i.updated_at,
  EXISTS (SELECT 1 FROM observations o WHERE o.indicator_id = i.id) AS has_observations`;

export function listIndicators(db: Queryable, dialogueId: number): Promise<IndicatorRow[]> {
  return db.query(sql`SELECT ${indicatorColumns} FROM indicators i WHERE i.dialogue_id = ${dialogueId}
    ORDER BY i.id`);
}

export async function findIndicator(
  db: Queryable,
  dialogueId: number,
  id: number,
): Promise<IndicatorRow | undefined> {
  const rows = await db.query<IndicatorRow>(sql`SELECT ${indicatorColumns} FROM indicators i
    WHERE i.dialogue_id = ${dialogueId} AND i.id = ${id}`);
  return rows[0];
}

/** Locks the indicator row for the rest of the transaction. */
export async function lockIndicator(db: Queryable, dialogueId: number, id: number): Promise<boolean> {
  const rows = await db.query(
    sql`SELECT id FROM indicators WHERE dialogue_id = ${dialogueId} AND id = ${id} FOR UPDATE`,
  );
  return rows.length > 0;
}

export interface IndicatorValues {
  code: string;
  name: Record<string, string>;
  description: Record<string, string>;
  sourceLanguage: string;
  unit: string;
  breakdowns: string[];
  additiveBreakdowns: string[];
  classification: Classification;
  sharedWithOrgIds: number[];
  validTo: string | null;
}

export async function insertIndicator(
  db: Queryable,
  dialogueId: number,
  originatorOrgId: number,
  v: IndicatorValues,
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO indicators (dialogue_id, code, name, description,
      source_language, unit, breakdowns, additive_breakdowns, classification, shared_with_org_ids, valid_to,
      originator_org_id)
    VALUES (${dialogueId}, ${v.code}, ${JSON.stringify(v.name)}::jsonb, ${JSON.stringify(v.description)}::jsonb,
      ${v.sourceLanguage}, ${v.unit}, ${v.breakdowns}::text[], ${v.additiveBreakdowns}::text[],
      ${v.classification}::classification, ${v.sharedWithOrgIds}::int[], ${v.validTo}::date, ${originatorOrgId})
    RETURNING id`);
  return row!.id;
}

/** Writes a new revision of the indicator if it is still at `expected`; false when someone saved first. */
export async function updateIndicator(
  db: Queryable,
  id: number,
  expected: number,
  v: IndicatorValues,
): Promise<boolean> {
  const rows =
    await db.query(sql`UPDATE indicators SET code = ${v.code}, name = ${JSON.stringify(v.name)}::jsonb,
      description = ${JSON.stringify(v.description)}::jsonb, source_language = ${v.sourceLanguage}, unit = ${v.unit},
      breakdowns = ${v.breakdowns}::text[], additive_breakdowns = ${v.additiveBreakdowns}::text[],
      classification = ${v.classification}::classification, shared_with_org_ids = ${v.sharedWithOrgIds}::int[],
      valid_to = ${v.validTo}::date,
      revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expected} RETURNING id`);
  return rows.length > 0;
}

export async function deleteIndicator(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM reporting_calendars WHERE indicator_id = ${id}`);
  await db.query(sql`DELETE FROM indicators WHERE id = ${id}`);
}

/** Rules written for an indicator follow it when its code changes (only possible before any figures exist). */
export async function renameRuleIndicator(db: Queryable, dialogueId: number, from: string, to: string) {
  await db.query(sql`UPDATE validation_rules SET indicator_code = ${to}
    WHERE dialogue_id = ${dialogueId} AND indicator_code = ${from}`);
}

/** Indicator codes and the breakdowns that must add up to their total (for the validation rules). */
export function listAdditiveIndicators(db: Queryable, dialogueId: number) {
  return db.query<{ code: string; additive_breakdowns: string[] }>(sql`SELECT code, additive_breakdowns
    FROM indicators WHERE dialogue_id = ${dialogueId} AND cardinality(additive_breakdowns) > 0`);
}

/** Every indicator of every dialogue, for the search index (src/modules/search; runs as the owner). */
export function listIndicatorsForSearch(db: Queryable) {
  return db.query<{
    id: number;
    dialogue_id: number;
    slug: string;
    code: string;
    name: Record<string, string>;
    description: Record<string, string>;
    unit: string;
    classification: Classification;
    originator_org_id: number;
    shared_with_org_ids: number[];
  }>(sql`SELECT i.id, i.dialogue_id, d.slug, i.code, i.name, i.description, i.unit, i.classification,
      i.originator_org_id, i.shared_with_org_ids
    FROM indicators i JOIN dialogues d ON d.id = i.dialogue_id ORDER BY i.id`);
}
