/**
 * Queries of implementation monitoring (migration 0033). Declarations are read through visibleTo (their
 * classification); reports through reportVisibleTo (submitted or reviewed, or a draft of the actor's own
 * organisation); row-level security repeats both. A report's current content is always written with a
 * revision row (insertReportRevision), in the same transaction.
 */
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { ActionStatus, Progress, ReportStatus } from '../../domain/monitoring/monitoring-rules';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

export interface DeclarationRow {
  id: number;
  dialogue_id: number;
  title: string;
  place: string;
  adopted_on: string | null;
  languages: string[];
  body: string;
  classification: Classification;
  commitments: number;
  created_at: Date;
}

const SELECT_DECLARATION = sql`SELECT d.id, d.dialogue_id, d.title, d.place,
    to_char(d.adopted_on, 'YYYY-MM-DD') AS adopted_on, d.languages, d.body, d.classification,
    (SELECT count(*)::int FROM monitoring_commitments c WHERE c.declaration_id = d.id) AS commitments, d.created_at
  FROM monitoring_declarations d`;

export function listDeclarationRows(db: Queryable, actor: MaybeActor, dialogueId: number) {
  return db.query<DeclarationRow>(sql`${SELECT_DECLARATION}
    WHERE d.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'd')} ORDER BY d.adopted_on DESC NULLS LAST, d.id DESC`);
}

export async function findDeclarationRow(db: Queryable, actor: MaybeActor, dialogueId: number, id: number) {
  const [row] = await db.query<DeclarationRow>(sql`${SELECT_DECLARATION}
    WHERE d.id = ${id} AND d.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'd')}`);
  return row;
}

export async function insertDeclaration(
  db: Queryable,
  d: {
    dialogueId: number;
    title: string;
    place: string;
    adoptedOn: string | null;
    languages: string[];
    body: string;
    classification: Classification;
    orgId: number;
    userId: number;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO monitoring_declarations
      (dialogue_id, title, place, adopted_on, languages, body, classification, originator_org_id, created_by)
    VALUES (${d.dialogueId}, ${d.title}, ${d.place}, ${d.adoptedOn}, ${d.languages}, ${d.body},
      ${d.classification}, ${d.orgId}, ${d.userId})
    RETURNING id`);
  return row!.id;
}

export async function insertCommitments(
  db: Queryable,
  declarationId: number,
  dialogueId: number,
  rows: { number: string; area: string | null; body: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(sql`INSERT INTO monitoring_commitments (declaration_id, dialogue_id, position, number, area, body)
    VALUES ${join(rows.map((r, i) => sql`(${declarationId}, ${dialogueId}, ${i + 1}, ${r.number}, ${r.area}, ${r.body})`))}`);
}

export interface CommitmentRow {
  id: number;
  declaration_id: number;
  number: string;
  area: string | null;
  body: string;
}

export function listCommitmentRows(db: Queryable, declarationId: number) {
  return db.query<CommitmentRow>(sql`SELECT id, declaration_id, number, area, body FROM monitoring_commitments
    WHERE declaration_id = ${declarationId} ORDER BY position`);
}

export interface ActionRow {
  id: number;
  commitment_id: number;
  title: string;
  lead: string;
  partners: string;
  funding: string;
  period: string;
  status: ActionStatus;
}

export function listActionRows(db: Queryable, declarationId: number) {
  return db.query<ActionRow>(sql`SELECT a.id, a.commitment_id, a.title, a.lead, a.partners, a.funding, a.period,
      a.status
    FROM monitoring_actions a JOIN monitoring_commitments c ON c.id = a.commitment_id
    WHERE c.declaration_id = ${declarationId} ORDER BY a.id`);
}

export async function insertAction(
  db: Queryable,
  a: {
    commitmentId: number;
    dialogueId: number;
    title: string;
    lead: string;
    partners: string;
    funding: string;
    period: string;
    status: ActionStatus;
    userId: number;
  },
): Promise<ActionRow> {
  const [row] = await db.query<ActionRow>(sql`INSERT INTO monitoring_actions
      (commitment_id, dialogue_id, title, lead, partners, funding, period, status, created_by)
    VALUES (${a.commitmentId}, ${a.dialogueId}, ${a.title}, ${a.lead}, ${a.partners}, ${a.funding}, ${a.period},
      ${a.status}, ${a.userId})
    RETURNING id, commitment_id, title, lead, partners, funding, period, status`);
  return row!;
}

export interface CycleRow {
  id: number;
  declaration_id: number;
  dialogue_id: number;
  title: string;
  deadline: string;
  status: 'open' | 'closed';
  opened_at: Date;
  closed_at: Date | null;
}

const SELECT_CYCLE = sql`SELECT y.id, y.declaration_id, y.dialogue_id, y.title,
    to_char(y.deadline, 'YYYY-MM-DD') AS deadline, y.status, y.opened_at, y.closed_at
  FROM monitoring_cycles y`;

export function listCycleRows(db: Queryable, declarationId: number) {
  return db.query<CycleRow>(
    sql`${SELECT_CYCLE} WHERE y.declaration_id = ${declarationId} ORDER BY y.opened_at, y.id`,
  );
}

export async function findCycleRow(
  db: Queryable,
  dialogueId: number,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<CycleRow | undefined> {
  const [row] =
    await db.query<CycleRow>(sql`${SELECT_CYCLE} WHERE y.id = ${id} AND y.dialogue_id = ${dialogueId}
    ${opts.forUpdate ? sql`FOR UPDATE` : empty}`);
  return row;
}

/** The cycle of the same declaration opened just before this one. */
export async function findPreviousCycleRow(db: Queryable, c: CycleRow): Promise<CycleRow | undefined> {
  const [row] = await db.query<CycleRow>(sql`${SELECT_CYCLE}
    WHERE y.declaration_id = ${c.declaration_id} AND (y.opened_at, y.id) < (${c.opened_at}::timestamptz, ${c.id})
    ORDER BY y.opened_at DESC, y.id DESC LIMIT 1`);
  return row;
}

export async function insertCycle(
  db: Queryable,
  c: { declarationId: number; dialogueId: number; title: string; deadline: string; userId: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO monitoring_cycles
      (declaration_id, dialogue_id, title, deadline, opened_by)
    VALUES (${c.declarationId}, ${c.dialogueId}, ${c.title}, ${c.deadline}, ${c.userId}) RETURNING id`);
  return row!.id;
}

export async function closeCycleRow(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE monitoring_cycles SET status = 'closed', closed_at = now()
    WHERE id = ${id} AND status = 'open' RETURNING id`);
  return rows.length === 1;
}

export interface ReportRow {
  id: number;
  cycle_id: number;
  commitment_id: number;
  dialogue_id: number;
  state_iso3: string;
  organisation_id: number;
  organisation: string;
  status: ReportStatus;
  progress: Progress;
  narrative: string;
  evidence: string[];
  review_note: string | null;
  revision: number;
  submitted_at: Date | null;
  updated_at: Date;
}

/** Reports of `alias` the actor may read: submitted or reviewed, or a draft of their organisation. */
function reportVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  if (!actor) return sql`false`;
  return sql`(${t}.status <> 'draft' OR ${t}.organisation_id = ${actor.orgId})`;
}

const SELECT_REPORT = sql`SELECT r.id, r.cycle_id, r.commitment_id, r.dialogue_id, trim(r.state_iso3) AS state_iso3,
    r.organisation_id, o.name AS organisation, r.status, r.progress, r.narrative, r.evidence, r.review_note,
    r.revision, r.submitted_at, r.updated_at
  FROM monitoring_reports r JOIN organisations o ON o.id = r.organisation_id`;

export function listReportRows(db: Queryable, actor: MaybeActor, cycleId: number) {
  return db.query<ReportRow>(sql`${SELECT_REPORT}
    WHERE r.cycle_id = ${cycleId} AND ${reportVisibleTo(actor, 'r')} ORDER BY r.state_iso3, r.commitment_id`);
}

export async function findReportRow(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  where: { id: number } | { cycleId: number; commitmentId: number; state: string },
  opts: { forUpdate?: boolean } = {},
): Promise<ReportRow | undefined> {
  const key =
    'id' in where
      ? sql`r.id = ${where.id}`
      : sql`r.cycle_id = ${where.cycleId} AND r.commitment_id = ${where.commitmentId} AND r.state_iso3 = ${where.state}`;
  const [row] = await db.query<ReportRow>(sql`${SELECT_REPORT}
    WHERE ${key} AND r.dialogue_id = ${dialogueId} AND ${reportVisibleTo(actor, 'r')}
    ${opts.forUpdate ? sql`FOR UPDATE OF r` : empty}`);
  return row;
}

export interface ReportContent {
  progress: Progress;
  narrative: string;
  evidence: string[];
  status: ReportStatus;
  reviewNote: string | null;
}

export async function insertReport(
  db: Queryable,
  r: {
    cycleId: number;
    commitmentId: number;
    dialogueId: number;
    state: string;
    orgId: number;
  } & ReportContent,
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO monitoring_reports
      (cycle_id, commitment_id, dialogue_id, state_iso3, organisation_id, status, progress, narrative, evidence)
    VALUES (${r.cycleId}, ${r.commitmentId}, ${r.dialogueId}, ${r.state}, ${r.orgId}, ${r.status}, ${r.progress},
      ${r.narrative}, ${r.evidence})
    RETURNING id`);
  return row!.id;
}

/** Writes the new content if the report is still at `expectedRevision`; false otherwise. */
export async function updateReportRow(
  db: Queryable,
  id: number,
  expectedRevision: number,
  c: ReportContent,
): Promise<boolean> {
  const rows = await db.query(sql`UPDATE monitoring_reports SET progress = ${c.progress},
      narrative = ${c.narrative}, evidence = ${c.evidence}, status = ${c.status}, review_note = ${c.reviewNote},
      revision = revision + 1, updated_at = now(),
      submitted_at = CASE WHEN ${c.status} = 'submitted' THEN now() ELSE submitted_at END
    WHERE id = ${id} AND revision = ${expectedRevision} RETURNING id`);
  return rows.length === 1;
}

export async function insertReportRevision(
  db: Queryable,
  r: {
    reportId: number;
    revision: number;
    dialogueId: number;
    change: 'saved' | 'submitted' | 'accepted' | 'questions';
    content: ReportContent;
    userId: number;
    orgId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO monitoring_report_revisions
      (report_id, revision, dialogue_id, change, content, user_id, organisation_id)
    VALUES (${r.reportId}, ${r.revision}, ${r.dialogueId}, ${r.change}, ${JSON.stringify(r.content)}::jsonb,
      ${r.userId}, ${r.orgId})`);
}

export interface ReportRevisionRow {
  revision: number;
  change: 'saved' | 'submitted' | 'accepted' | 'questions';
  organisation: string;
  created_at: Date;
  content: ReportContent;
}

export function listReportRevisionRows(db: Queryable, reportId: number) {
  return db.query<ReportRevisionRow>(sql`SELECT v.revision, v.change, o.name AS organisation, v.created_at, v.content
    FROM monitoring_report_revisions v JOIN organisations o ON o.id = v.organisation_id
    WHERE v.report_id = ${reportId} ORDER BY v.revision`);
}

/** Reports of a cycle for the dashboard: submitted or reviewed only. */
export function listReportedRows(db: Queryable, cycleId: number) {
  return db.query<{ commitment_id: number; state: string; progress: Progress; status: ReportStatus }>(sql`
    SELECT commitment_id, trim(state_iso3) AS state, progress, status FROM monitoring_reports
    WHERE cycle_id = ${cycleId} AND status <> 'draft'`);
}

/** Submitted or reviewed reports of every cycle of a declaration (the ministerial view). */
export function listDeclarationReportedRows(db: Queryable, declarationId: number) {
  return db.query<{ cycle_id: number; progress: Progress; status: ReportStatus }>(sql`
    SELECT r.cycle_id, r.progress, r.status FROM monitoring_reports r
      JOIN monitoring_cycles y ON y.id = r.cycle_id
    WHERE y.declaration_id = ${declarationId} AND r.status <> 'draft'`);
}
