/** Queries of the situation reports. Visibility is applied in SQL; row-level security repeats it. */
import sql, { type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { ReportInput } from '../../domain/reports/report-inputs';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { dialogueVisibleTo, visibleTo } from '../../shared/visibility';

export interface DialogueRow {
  id: number;
  slug: string;
  name: string;
}

export async function findVisibleDialogue(db: Queryable, actor: MaybeActor, slug: string) {
  const [row] = await db.query<DialogueRow>(sql`SELECT d.id, d.slug, d.name FROM dialogues d
    WHERE d.slug = ${slug} AND ${dialogueVisibleTo(actor, 'd')}`);
  return row;
}

export interface NamedRef {
  id: number;
  code: string;
  name: string | Record<string, string>;
  classification: Classification;
  shared_with_org_ids: number[];
  breakdowns?: string[];
}

export function listVisibleIndicators(db: Queryable, actor: MaybeActor, dialogueId: number) {
  return db.query<NamedRef>(sql`SELECT i.id, i.code, i.name, i.classification, i.shared_with_org_ids, i.breakdowns
    FROM indicators i WHERE i.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'i')} ORDER BY i.id`);
}

export function listVisibleRoutes(db: Queryable, actor: MaybeActor, dialogueId: number) {
  return db.query<NamedRef>(sql`SELECT r.id, r.code, r.name, r.classification, r.shared_with_org_ids
    FROM routes r WHERE r.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'r')} ORDER BY r.code`);
}

export async function latestPublication(db: Queryable, dialogueId: number): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(
    sql`SELECT max(published_at) AS at FROM observations WHERE dialogue_id = ${dialogueId} AND status = 'published'`,
  );
  return row?.at ?? null;
}

export async function countryNames(
  db: Queryable,
  codes: string[],
  lang: string,
): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.query<{ iso3: string; name_en: string; name_fr: string; name_ru: string }>(
    sql`SELECT iso3, name_en, name_fr, name_ru FROM countries WHERE iso3 = ANY(${codes}::text[])`,
  );
  return new Map(
    rows.map((r) => [r.iso3.trim(), lang === 'fr' ? r.name_fr : lang === 'ru' ? r.name_ru : r.name_en]),
  );
}

export interface ForecastSeriesRow {
  id: number;
  status: string;
  reason: string | null;
  chosen_model: string | null;
  origin: string | null;
}

export async function findForecastSeries(
  db: Queryable,
  dialogueId: number,
  indicator: string,
  route: string,
): Promise<ForecastSeriesRow | undefined> {
  const [row] = await db.query<ForecastSeriesRow>(sql`SELECT f.id, f.status, f.reason, f.chosen_model,
      to_char(f.origin, 'YYYY-MM') AS origin
    FROM forecast_series f JOIN indicators i ON i.id = f.indicator_id
    WHERE f.dialogue_id = ${dialogueId} AND i.code = ${indicator} AND f.route = ${route}
      AND f.citizenship = '_T' AND f.reporter_iso3 = '_T'`);
  return row;
}

export function listForecastPoints(db: Queryable, seriesId: number, model: string) {
  return db.query<{ period: string; point: number; lo80: number; hi80: number; lo95: number; hi95: number }>(
    sql`SELECT to_char(period, 'YYYY-MM') AS period, point, lo80, hi80, lo95, hi95 FROM forecast_points
      WHERE series_id = ${seriesId} AND model = ${model} ORDER BY horizon`,
  );
}

export interface NewReport {
  dialogueId: number;
  route: string;
  indicator: string;
  period: string;
  language: string;
  title: string;
  html: string;
  pdf: Buffer | null;
  pdfError: string | null;
  dataAsOf: Date | null;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds: number[];
  createdBy: number | null;
  /** The indicators and routes the report shows (src/domain/reports/report-inputs.ts), re-checked at every read. */
  inputs: ReportInput[];
}

export async function insertReport(db: Queryable, r: NewReport): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO reports (dialogue_id, route, indicator, period,
      language, title, html, pdf, pdf_error, data_as_of, classification, originator_org_id, shared_with_org_ids,
      created_by, inputs)
    VALUES (${r.dialogueId}, ${r.route}, ${r.indicator}, ${`${r.period}-01`}::date, ${r.language}, ${r.title}, ${r.html},
      ${r.pdf}, ${r.pdfError}, ${r.dataAsOf}, ${r.classification}::classification, ${r.originatorOrgId},
      ${r.sharedWithOrgIds}::int[], ${r.createdBy}, ${JSON.stringify(r.inputs)}::jsonb)
    RETURNING id`);
  return row!.id;
}

export interface ReportRow {
  id: number;
  dialogue_id: number;
  route: string;
  indicator: string;
  period: string;
  language: 'en' | 'fr' | 'ru';
  title: string;
  data_as_of: Date | null;
  classification: Classification;
  originator_org_id: number;
  shared_with_org_ids: number[];
  created_at: Date;
  created_by: number | null;
  creator_name: string | null;
  has_pdf: boolean;
  pdf_error: string | null;
}

const reportColumns = sql`r.id, r.dialogue_id, r.route, r.indicator, to_char(r.period, 'YYYY-MM') AS period,
  r.language, r.title, r.data_as_of, r.classification, r.originator_org_id, r.shared_with_org_ids, r.created_at,
  r.created_by, u.name AS creator_name, r.pdf IS NOT NULL AS has_pdf, r.pdf_error`;

/**
 * A report is readable by those who may read it as stored AND every indicator and route it used, as they are
 * classified now (a later reclassification hides it). Row-level security repeats this (migration 0015).
 */
function readableBy(actor: MaybeActor): Sql {
  return sql`${visibleTo(actor, 'r')} AND NOT EXISTS (
    SELECT 1 FROM jsonb_to_recordset(r.inputs) AS x(kind text, id integer)
    WHERE (x.kind = 'indicator' AND NOT EXISTS (
        SELECT 1 FROM indicators i WHERE i.id = x.id AND ${visibleTo(actor, 'i')}))
      OR (x.kind = 'route' AND NOT EXISTS (
        SELECT 1 FROM routes ro WHERE ro.id = x.id AND ${visibleTo(actor, 'ro')}))
      OR x.kind NOT IN ('indicator', 'route'))`;
}

export function listVisibleReports(db: Queryable, actor: MaybeActor, dialogueId: number, limit = 200) {
  return db.query<ReportRow>(sql`SELECT ${reportColumns} FROM reports r LEFT JOIN users u ON u.id = r.created_by
    WHERE r.dialogue_id = ${dialogueId} AND ${readableBy(actor)}
    ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`);
}

export async function findVisibleReport(db: Queryable, actor: MaybeActor, dialogueId: number, id: number) {
  const [row] = await db.query<ReportRow>(sql`SELECT ${reportColumns} FROM reports r
      LEFT JOIN users u ON u.id = r.created_by
    WHERE r.dialogue_id = ${dialogueId} AND r.id = ${id} AND ${readableBy(actor)}`);
  return row;
}

export async function readReportContent(db: Queryable, id: number) {
  const [row] = await db.query<{ html: string; pdf: Uint8Array | null }>(
    sql`SELECT html, pdf FROM reports WHERE id = ${id}`,
  );
  return row;
}

// --- monthly schedules -------------------------------------------------------------------------------------

export interface ScheduleRow {
  id: number;
  dialogue_id: number;
  dialogue_slug: string;
  route: string;
  indicator: string;
  language: 'en' | 'fr' | 'ru';
  created_by: number;
  creator_name: string;
  last_period: string | null;
  created_at: Date;
}

const scheduleSelect = sql`SELECT s.id, s.dialogue_id, d.slug AS dialogue_slug, s.route, s.indicator, s.language, s.created_by,
    u.name AS creator_name, to_char(s.last_period, 'YYYY-MM') AS last_period, s.created_at
  FROM report_schedules s JOIN users u ON u.id = s.created_by JOIN dialogues d ON d.id = s.dialogue_id`;

export function listSchedules(db: Queryable, dialogueId?: number) {
  return db.query<ScheduleRow>(sql`${scheduleSelect}
    ${dialogueId === undefined ? sql`` : sql`WHERE s.dialogue_id = ${dialogueId}`} ORDER BY s.id`);
}

export async function insertSchedule(
  db: Queryable,
  s: { dialogueId: number; route: string; indicator: string; language: string; createdBy: number },
): Promise<number | null> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO report_schedules (dialogue_id, route, indicator,
      language, created_by)
    VALUES (${s.dialogueId}, ${s.route}, ${s.indicator}, ${s.language}, ${s.createdBy})
    ON CONFLICT (dialogue_id, route, indicator, language) DO NOTHING RETURNING id`);
  return row?.id ?? null;
}

export async function deleteSchedule(db: Queryable, dialogueId: number, id: number): Promise<boolean> {
  const rows = await db.query(
    sql`DELETE FROM report_schedules WHERE id = ${id} AND dialogue_id = ${dialogueId} RETURNING id`,
  );
  return rows.length > 0;
}

export async function setScheduleDone(db: Queryable, id: number, period: string): Promise<void> {
  await db.query(sql`UPDATE report_schedules SET last_period = ${`${period}-01`}::date WHERE id = ${id}`);
}

/** The latest month with published, current figures in a dialogue (YYYY-MM), or null. */
export async function latestPublishedPeriod(db: Queryable, dialogueId: number): Promise<string | null> {
  const [row] = await db.query<{ p: string | null }>(sql`SELECT to_char(max(period), 'YYYY-MM') AS p
    FROM observations WHERE dialogue_id = ${dialogueId} AND status = 'published' AND superseded_at IS NULL`);
  return row?.p ?? null;
}
