import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';

export interface DialogueRef {
  id: number;
  slug: string;
  working_languages: string[];
  secretariat_org_id: number;
}

/** The dialogue if the actor may see it at all (public, or they hold a role in it). */
export async function findDialogue(
  db: Queryable,
  actor: MaybeActor,
  slug: string,
): Promise<DialogueRef | undefined> {
  const memberOf = actor ? Object.keys(actor.roles).map(Number) : [];
  const rows =
    await db.query<DialogueRef>(sql`SELECT id, slug, working_languages, secretariat_org_id FROM dialogues
    WHERE slug = ${slug} AND (classification = 'public' OR id = ANY(${memberOf}::int[]))`);
  return rows[0];
}

export async function listMemberStates(db: Queryable, dialogueId: number): Promise<string[]> {
  const rows = await db.query<{ iso3: string }>(
    sql`SELECT country_iso3 AS iso3 FROM dialogue_states WHERE dialogue_id = ${dialogueId} ORDER BY country_iso3`,
  );
  return rows.map((r) => r.iso3.trim());
}

/** The known countries among these codes, with their ISO numeric code (for the shipped outlines). */
export function findCountries(db: Queryable, iso3: readonly string[]) {
  return db.query<{ iso3: string; numeric_code: string | null }>(
    sql`SELECT iso3, numeric_code FROM countries WHERE iso3 = ANY(${[...iso3]}::text[])`,
  );
}

// ---------- indicators ----------

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
  valid_to: string | null;
  revision: number;
  updated_at: string | Date;
  has_observations: boolean;
}

const indicatorColumns = sql`i.id, i.code, i.name, i.description, i.source_language, i.unit, i.breakdowns,
  i.additive_breakdowns, i.classification, to_char(i.valid_to, 'YYYY-MM-DD') AS valid_to, i.revision, i.updated_at,
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
      source_language, unit, breakdowns, additive_breakdowns, classification, valid_to, originator_org_id)
    VALUES (${dialogueId}, ${v.code}, ${JSON.stringify(v.name)}::jsonb, ${JSON.stringify(v.description)}::jsonb,
      ${v.sourceLanguage}, ${v.unit}, ${v.breakdowns}::text[], ${v.additiveBreakdowns}::text[],
      ${v.classification}::classification, ${v.validTo}::date, ${originatorOrgId})
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
      classification = ${v.classification}::classification, valid_to = ${v.validTo}::date,
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

// ---------- routes ----------

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
  revision: number;
  updated_at: string | Date;
}

const routeColumns = sql`r.id, r.code, r.name_i18n, r.description_i18n, r.source_language, r.countries,
  r.geometry, to_char(r.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(r.valid_to, 'YYYY-MM-DD') AS valid_to,
  r.classification, r.revision, r.updated_at`;

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
      originator_org_id)
    VALUES (${dialogueId}, ${v.code}, ${v.name[v.sourceLanguage] ?? v.code}, ${JSON.stringify(v.name)}::jsonb,
      ${v.description[v.sourceLanguage] ?? ''}, ${JSON.stringify(v.description)}::jsonb, ${v.sourceLanguage},
      ${v.countries}::char(3)[], ${JSON.stringify(v.geometry)}::jsonb, ${v.validFrom}::date, ${v.validTo}::date,
      ${v.classification}::classification, ${originatorOrgId})
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
      revision = revision + 1, updated_at = now()
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

// ---------- reporting calendars ----------

export interface CalendarRow {
  id: number;
  reporter: string;
  indicator_id: number;
  indicator: string;
  from_period: string;
  to_period: string | null;
  deadline_day: number;
  revision: number;
  updated_at: string | Date;
  /** The indicator's retirement month (YYYY-MM), if retired. */
  indicator_valid_to: string | null;
}

export function listCalendar(db: Queryable, dialogueId: number): Promise<CalendarRow[]> {
  return db.query(sql`SELECT c.id, c.reporter_iso3 AS reporter, c.indicator_id, i.code AS indicator,
      to_char(c.from_period, 'YYYY-MM') AS from_period, to_char(c.to_period, 'YYYY-MM') AS to_period,
      c.deadline_day, c.revision, c.updated_at, to_char(i.valid_to, 'YYYY-MM') AS indicator_valid_to
    FROM reporting_calendars c JOIN indicators i ON i.id = c.indicator_id
    WHERE c.dialogue_id = ${dialogueId} ORDER BY c.reporter_iso3, i.id`);
}

export async function lockCalendar(db: Queryable, dialogueId: number): Promise<void> {
  // One calendar edit at a time per dialogue, so two editors never create the same entry twice.
  await db.query(sql`SELECT pg_advisory_xact_lock(7311, ${dialogueId})`);
}

export async function upsertCalendarEntry(
  db: Queryable,
  dialogueId: number,
  e: {
    reporter: string;
    indicatorId: number;
    from: string;
    to: string | null;
    deadlineDay: number;
    userId: number | null;
  },
): Promise<{ id: number; revision: number }> {
  const [row] = await db.query<{ id: number; revision: number }>(sql`INSERT INTO reporting_calendars
      (dialogue_id, reporter_iso3, indicator_id, from_period, to_period, deadline_day, updated_by)
    VALUES (${dialogueId}, ${e.reporter}, ${e.indicatorId}, ${`${e.from}-01`}::date,
      ${e.to === null ? null : `${e.to}-01`}::date, ${e.deadlineDay}, ${e.userId})
    ON CONFLICT (dialogue_id, reporter_iso3, indicator_id) DO UPDATE SET from_period = EXCLUDED.from_period,
      to_period = EXCLUDED.to_period, deadline_day = EXCLUDED.deadline_day, updated_by = EXCLUDED.updated_by,
      revision = reporting_calendars.revision + 1, updated_at = now()
    RETURNING id, revision`);
  return row!;
}

export async function deleteCalendarEntry(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM reporting_calendars WHERE id = ${id}`);
}

/** (reporter, indicator, month) that have figures submitted or published since `since`. */
export function listReceived(db: Queryable, dialogueId: number, since: string) {
  return db.query<{ reporter: string; indicator: string; period: string }>(sql`SELECT DISTINCT
      o.reporter_iso3 AS reporter, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.dialogue_id = ${dialogueId} AND o.period >= ${`${since}-01`}::date AND o.superseded_at IS NULL
      AND o.status IN ('submitted', 'validated', 'published')`);
}

/** The distinct (indicator, month) of a submission's current figures. */
export function listSubmissionPeriods(db: Queryable, submissionId: number) {
  return db.query<{ indicator: string; period: string; figures: number }>(sql`SELECT i.code AS indicator,
      to_char(o.period, 'YYYY-MM') AS period, count(*)::int AS figures
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.submission_id = ${submissionId} AND o.superseded_at IS NULL
    GROUP BY i.code, o.period ORDER BY i.code, o.period`);
}

// ---------- revisions ----------

export async function insertDefinitionRevision(
  db: Queryable,
  r: {
    dialogueId: number;
    entity: 'indicator' | 'route' | 'calendar';
    id: number;
    revision: number;
    action: 'create' | 'update' | 'retire' | 'delete';
    data: object;
    userId: number | null;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO definition_revisions (dialogue_id, entity, entity_id, revision, action, data,
      edited_by)
    VALUES (${r.dialogueId}, ${r.entity}, ${r.id}, ${r.revision}, ${r.action}, ${JSON.stringify(r.data)}::jsonb,
      ${r.userId})`);
}

export function listDefinitionRevisions(
  db: Queryable,
  dialogueId: number,
  entity: 'indicator' | 'route' | 'calendar',
  id: number,
) {
  return db.query<{
    revision: number;
    action: string;
    data: Record<string, unknown>;
    edited_at: string | Date;
    edited_by: number | null;
    editor_name: string | null;
  }>(sql`SELECT r.revision, r.action, r.data, r.edited_at, r.edited_by, u.name AS editor_name
    FROM definition_revisions r LEFT JOIN users u ON u.id = r.edited_by
    WHERE r.dialogue_id = ${dialogueId} AND r.entity = ${entity} AND r.entity_id = ${id}
    ORDER BY r.revision DESC, r.id DESC`);
}
