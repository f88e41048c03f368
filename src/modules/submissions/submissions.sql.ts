/**
 * Queries of the submission workflow: submissions, their comments and findings, their status changes, the
 * figures a submission holds (the rules' input, the diff, single-figure edits) and the publication itself.
 */
import sql, { join, raw, type Sql } from 'sql-template-tag';
import { ADVISORY_LOCKS } from '../../db/advisory-locks';
import type { Queryable } from '../../db/connect';
import {
  DIMENSION_COLUMNS,
  fromObservationRows,
  type ObservationRow,
  observationColumns,
  sameKey,
} from '../../db/observation-fragments';
import { type Breakdowns, DIMENSIONS } from '../../domain/observations/dimensions';
import type { SubmissionStatus } from '../../domain/submissions/workflow';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export interface SubmissionRow {
  id: number;
  dialogue_id: number;
  reporter_iso3: string;
  status: SubmissionStatus;
  source: string;
  file_name: string | null;
  observation_count: number;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  published_at: string | null;
  /** The secretariat's load of past years outside the reporting calendar (issue 22, mapped imports). */
  historical_load: boolean;
}

const submissionColumns = sql`s.id, s.dialogue_id, trim(s.reporter_iso3) AS reporter_iso3, s.status, s.source,
  s.file_name, s.observation_count, s.created_by, u.name AS created_by_name, s.created_at, s.submitted_at,
  s.decided_at, s.published_at, s.historical_load`;

export async function findSubmission(
  db: Queryable,
  dialogueId: number,
  id: number,
  forUpdate = false,
): Promise<SubmissionRow | undefined> {
  const lock = forUpdate ? sql`FOR UPDATE OF s` : sql``;
  const [row] = await db.query<SubmissionRow>(sql`SELECT ${submissionColumns}
    FROM submissions s LEFT JOIN users u ON u.id = s.created_by
    WHERE s.dialogue_id = ${dialogueId} AND s.id = ${id} ${lock}`);
  return row;
}

/** Submissions the actor may see: all for the secretariat, their own state's (and granted states') otherwise. */
export function listVisibleSubmissions(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  f: { status?: string | undefined; reporter?: string | undefined },
): Promise<SubmissionRow[]> {
  const all = hasRole(actor, dialogueId, SECRETARIAT_ROLES);
  const own = isMember(actor, dialogueId) && actor?.countryIso3 ? [actor.countryIso3] : [];
  // An observer organisation's data providers see the drafts of the states they were allowed to submit for.
  // (observations.policy.ts `write`; submission_grants, migration 0048).
  const granted = hasRole(actor, dialogueId, ['data_provider'])
    ? (actor?.submitsFor?.[dialogueId] ?? [])
    : [];
  const mine = [...own, ...granted];
  return db.query(sql`SELECT ${submissionColumns}
    FROM submissions s LEFT JOIN users u ON u.id = s.created_by
    WHERE s.dialogue_id = ${dialogueId}
      AND (${all} OR trim(s.reporter_iso3) = ANY(${mine}::text[]))
      AND (${f.status ?? null}::text IS NULL OR s.status = ${f.status ?? null})
      AND (${f.reporter ?? null}::text IS NULL OR s.reporter_iso3 = ${f.reporter ?? null})
    ORDER BY s.created_at DESC, s.id DESC LIMIT 500`);
}

export async function setSubmissionStatus(
  tx: Queryable,
  id: number,
  status: SubmissionRow['status'],
  userId: number | null,
): Promise<void> {
  const stamp =
    status === 'submitted'
      ? sql`submitted_at = now(), submitted_by = ${userId}`
      : status === 'published'
        ? sql`published_at = now(), published_by = ${userId}`
        : status === 'draft'
          ? sql`submitted_at = NULL`
          : sql`decided_at = now(), decided_by = ${userId}`;
  await tx.query(sql`UPDATE submissions SET status = ${status}, ${stamp} WHERE id = ${id}`);
  if (status !== 'published') {
    await tx.query(sql`UPDATE observations SET status = ${status}
      WHERE submission_id = ${id} AND superseded_at IS NULL AND status <> ${status}`);
  }
}

export async function refreshObservationCount(tx: Queryable, id: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>(sql`UPDATE submissions SET observation_count =
      (SELECT count(*) FROM observations WHERE submission_id = ${id} AND superseded_at IS NULL)
    WHERE id = ${id} RETURNING observation_count AS n`);
  return row!.n;
}

export async function insertComment(
  tx: Queryable,
  c: { submissionId: number; action: string; userId: number | null; body: string },
): Promise<void> {
  await tx.query(sql`INSERT INTO submission_comments (submission_id, action, author_id, body)
    VALUES (${c.submissionId}, ${c.action}, ${c.userId}, ${c.body})`);
}

export function listComments(db: Queryable, submissionId: number) {
  return db.query<{
    action: string;
    author_id: number | null;
    author_name: string | null;
    body: string;
    created_at: string;
  }>(
    sql`SELECT c.action, c.author_id, u.name AS author_name, c.body, c.created_at
      FROM submission_comments c LEFT JOIN users u ON u.id = c.author_id
      WHERE c.submission_id = ${submissionId} ORDER BY c.created_at, c.id`,
  );
}

export interface FindingRow {
  finding_key: string;
  rule_name: string;
  severity: 'error' | 'warning';
  observation_id: number | null;
  message: string;
  /** The code, parameters and detail of the sentence (migration 0038); null for findings stored before. */
  wording: StoredWording | null;
  comment: string | null;
}

export interface StoredWording {
  code: string;
  params: Readonly<Record<string, string | number>>;
  detail: string;
}

export async function replaceFindings(
  tx: Queryable,
  submissionId: number,
  rows: FindingRow[],
): Promise<void> {
  await tx.query(sql`DELETE FROM submission_findings WHERE submission_id = ${submissionId}`);
  if (!rows.length) return;
  await tx.query(sql`INSERT INTO submission_findings (submission_id, finding_key, rule_name, severity, observation_id, message, wording, comment)
    SELECT ${submissionId}, k, n, s, o, m, w::jsonb, c FROM unnest(${rows.map((r) => r.finding_key)}::text[], ${rows.map((r) => r.rule_name)}::text[],
      ${rows.map((r) => r.severity)}::text[], ${rows.map((r) => r.observation_id)}::bigint[], ${rows.map((r) => r.message)}::text[],
      ${rows.map((r) => (r.wording ? JSON.stringify(r.wording) : null))}::text[],
      ${rows.map((r) => r.comment)}::text[]) AS t(k, n, s, o, m, w, c)`);
}

export function listFindings(db: Queryable, submissionId: number): Promise<FindingRow[]> {
  return db.query(sql`SELECT finding_key, rule_name, severity, observation_id, message, wording, comment
    FROM submission_findings WHERE submission_id = ${submissionId} ORDER BY id`);
}

/** The months (first, last) and indicator codes of a submission's figures: what its publication announces. */
export async function findPublishedScope(
  db: Queryable,
  submissionId: number,
): Promise<{ first: string | null; last: string | null; indicators: string[] }> {
  const [row] = await db.query<{ first: string | null; last: string | null; indicators: string[] }>(
    sql`SELECT to_char(min(o.period), 'YYYY-MM') AS first, to_char(max(o.period), 'YYYY-MM') AS last,
          coalesce(array_agg(DISTINCT i.code) FILTER (WHERE i.code IS NOT NULL), '{}') AS indicators
        FROM observations o LEFT JOIN indicators i ON i.id = o.indicator_id WHERE o.submission_id = ${submissionId}`,
  );
  return row ?? { first: null, last: null, indicators: [] };
}

// ---------- a submission's figures ----------

/** The submission's current figures, a page in the order the API lists them. */
export function listCurrentObservationsPage(
  db: Queryable,
  submissionId: number,
  page: { limit: number; offset: number },
): Promise<ObservationRow[]> {
  return db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE o.submission_id = ${submissionId} AND o.superseded_at IS NULL
    ORDER BY i.code, o.period, ${DIMENSION_COLUMNS} LIMIT ${page.limit} OFFSET ${page.offset}`);
}

/** The indicators the submission's current figures are of (ids, also those the actor may not see). */
export async function listSubmissionIndicatorIds(db: Queryable, submissionId: number): Promise<number[]> {
  const rows = await db.query<{ indicator_id: number }>(
    sql`SELECT DISTINCT indicator_id FROM observations WHERE submission_id = ${submissionId} AND superseded_at IS NULL`,
  );
  return rows.map((r) => r.indicator_id);
}

/** What the rules read of a figure. */
export type RuleFigureRow = Pick<ObservationRow, 'id' | 'indicator' | 'reporter_iso3' | 'period' | 'value'> &
  Record<(typeof DIMENSIONS)[number], string>;

/**
 * The submission's current figures of one indicator, the columns the rules read (none when row-level security
 * hides the indicator): a submit reads every figure, so fewer columns to decode (PGlite) and no user join.
 */
export function listCurrentObservationsOfIndicator(
  db: Queryable,
  submissionId: number,
  indicatorId: number,
): Promise<RuleFigureRow[]> {
  return db.query<RuleFigureRow>(sql`SELECT o.id, i.code AS indicator, trim(o.reporter_iso3) AS reporter_iso3,
      to_char(o.period, 'YYYY-MM') AS period, ${DIMENSION_COLUMNS}, o.value
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.submission_id = ${submissionId} AND o.indicator_id = ${indicatorId} AND o.superseded_at IS NULL`);
}

/** The reporter's current published figures of one indicator between two months (both included). */
export function listPublishedObservationsBetween(
  db: Queryable,
  f: { dialogueId: number; indicatorId: number; reporter: string; from: string; to: string },
): Promise<ObservationRow[]> {
  return db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE o.dialogue_id = ${f.dialogueId} AND o.indicator_id = ${f.indicatorId} AND o.reporter_iso3 = ${f.reporter}
      AND o.status = 'published' AND o.superseded_at IS NULL
      AND o.period BETWEEN ${`${f.from}-01`}::date AND ${`${f.to}-01`}::date`);
}

// ---------- publication ----------

/** One publication at a time per dialogue, so two never make the same key current. */
export async function lockPublication(db: Queryable, dialogueId: number): Promise<void> {
  await db.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.publication}, ${dialogueId})`);
}

/**
 * Supersedes the current published revision of each key the submission carries, and numbers the submission's
 * figure the revision after the one it replaces.
 */
export async function supersedePublishedBy(db: Queryable, submissionId: number): Promise<void> {
  await db.query(sql`WITH old AS (
      UPDATE observations o SET superseded_at = now()
      FROM observations n
      WHERE n.submission_id = ${submissionId} AND n.superseded_at IS NULL AND n.status <> 'published'
        AND o.superseded_at IS NULL AND o.status = 'published' AND ${sameKey('o', 'n')}
      RETURNING n.id AS new_id, o.revision AS old_revision
    )
    UPDATE observations n SET revision = old.old_revision + 1
    FROM old WHERE n.id = old.new_id AND n.revision <= old.old_revision`);
}

/** Makes the submission's current figures the published ones. */
export async function markObservationsPublished(db: Queryable, submissionId: number): Promise<void> {
  await db.query(sql`UPDATE observations SET status = 'published', published_at = now()
    WHERE submission_id = ${submissionId} AND superseded_at IS NULL AND status <> 'published'`);
}

// ---------- the diff against the published figures ----------

/** A row of the diff: a figure of the submission, the current published one and the same month last year. */
export type DiffRow = Record<(typeof DIMENSIONS)[number], string> & {
  id: number;
  indicator: string;
  period: string;
  value: number | null;
  published_value: number | null;
  published_revision: number | null;
  published_id: number | null;
  last_year: number | null;
};

/** `n`: the submission's current figures; `p`: the published figure of the same key; `ly`: last year's. */
function diffFrom(submissionId: number): Sql {
  return sql`FROM observations n JOIN indicators i ON i.id = n.indicator_id
    LEFT JOIN observations p ON p.superseded_at IS NULL AND p.status = 'published' AND p.id <> n.id AND ${sameKey('p', 'n')}
    LEFT JOIN observations ly ON ly.superseded_at IS NULL AND ly.status = 'published'
      AND ly.indicator_id = n.indicator_id AND ly.reporter_iso3 = n.reporter_iso3
      AND ly.period = (n.period - interval '12 months')::date
      AND ${join(
        DIMENSIONS.map((c) => raw(`ly.${c} = n.${c}`)),
        ' AND ',
      )}
    WHERE n.submission_id = ${submissionId} AND n.superseded_at IS NULL`;
}

const diffChanged = sql`(p.id IS NULL OR p.value IS DISTINCT FROM n.value)`;

/** How many of the submission's figures there are, how many are new and how many change a published value. */
export async function summariseDiff(
  db: Queryable,
  submissionId: number,
): Promise<{ total: number; new: number; changed: number }> {
  const [row] = await db.query<{
    total: number;
    new: number;
    changed: number;
  }>(sql`SELECT count(*)::int AS total,
      count(*) FILTER (WHERE p.id IS NULL)::int AS new,
      count(*) FILTER (WHERE p.id IS NOT NULL AND p.value IS DISTINCT FROM n.value)::int AS changed
    ${diffFrom(submissionId)}`);
  return row ?? { total: 0, new: 0, changed: 0 };
}

/** A page of the diff (only new and changed figures when asked). */
export function listDiffRows(
  db: Queryable,
  submissionId: number,
  q: { onlyChanged: boolean; limit: number; offset: number },
): Promise<DiffRow[]> {
  const columns = join(DIMENSIONS.map((c) => raw(`n.${c}`)));
  return db.query<DiffRow>(sql`SELECT n.id, i.code AS indicator,
      to_char(n.period, 'YYYY-MM') AS period, ${columns}, n.value,
      p.value AS published_value, p.revision AS published_revision, p.id AS published_id, ly.value AS last_year
    ${diffFrom(submissionId)} ${q.onlyChanged ? sql`AND ${diffChanged}` : sql``}
    ORDER BY i.code, n.period, ${columns} LIMIT ${q.limit} OFFSET ${q.offset}`);
}

// ---------- single figures ----------

/** The key of one figure: indicator, reporter, month (`YYYY-MM`) and every breakdown. */
export interface FigureKey {
  indicatorId: number;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
}

function keyWhere(alias: string, k: FigureKey): Sql {
  const a = raw(alias);
  return sql`${a}.indicator_id = ${k.indicatorId} AND ${a}.reporter_iso3 = ${k.reporter} AND ${a}.period = ${`${k.period}-01`}::date
    AND ${join(
      DIMENSIONS.map((c) => sql`${a}.${raw(c)} = ${k.breakdowns[c]}`),
      ' AND ',
    )}`;
}

/** Edits of one figure of a submission are serialised; each then reads what the previous one committed. */
export async function lockFigure(db: Queryable, submissionId: number, k: FigureKey): Promise<void> {
  const key = `${submissionId}|${k.indicatorId}|${k.period}|${DIMENSIONS.map((c) => k.breakdowns[c]).join('|')}`;
  await db.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.figureEdit}, hashtext(${key}))`);
}

/** The figure's current revision as the submission sees it: its own pending one first, else the published one. */
export async function findCurrentFigure(
  db: Queryable,
  submissionId: number,
  k: FigureKey,
): Promise<ObservationRow | undefined> {
  const [row] = await db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE ${keyWhere('o', k)} AND o.superseded_at IS NULL
      AND (o.status = 'published' OR o.submission_id = ${submissionId})
    ORDER BY (o.status = 'published') LIMIT 1`);
  return row;
}

/** The submission's own pending revision of the figure, if it carries one. */
export async function findPendingFigure(
  db: Queryable,
  submissionId: number,
  k: FigureKey,
): Promise<ObservationRow | undefined> {
  const [row] = await db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE ${keyWhere('o', k)} AND o.superseded_at IS NULL AND o.status <> 'published'
      AND o.submission_id = ${submissionId}`);
  return row;
}

/** The revision number of the figure's current published value, if it has one. */
export async function findPublishedRevision(db: Queryable, k: FigureKey): Promise<number | undefined> {
  const [row] = await db.query<{ revision: number }>(sql`SELECT o.revision FROM observations o
    WHERE ${keyWhere('o', k)} AND o.superseded_at IS NULL AND o.status = 'published'`);
  return row?.revision;
}

/** Marks one revision superseded (kept in the figure's history). */
export async function supersedeObservation(db: Queryable, observationId: number): Promise<void> {
  await db.query(sql`UPDATE observations SET superseded_at = now() WHERE id = ${observationId}`);
}

/** Inserts a new revision of one figure into a submission; returns its id. */
export async function insertFigureRevision(
  db: Queryable,
  f: FigureKey & {
    dialogueId: number;
    submissionId: number;
    value: number | null;
    flags: string[];
    revision: number;
    status: SubmissionStatus;
    classification: Classification;
    recordedBy: number | null;
    comment: string | null;
  },
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3,
      period, ${DIMENSION_COLUMNS}, value, flags, revision, status, classification, recorded_by, comment, submission_id)
    VALUES (${f.dialogueId}, ${f.indicatorId}, ${f.reporter}, ${`${f.period}-01`}::date,
      ${join(DIMENSIONS.map((c) => sql`${f.breakdowns[c]}`))}, ${f.value}, ${f.flags}::text[], ${f.revision},
      ${f.status}, ${f.classification}::classification, ${f.recordedBy}, ${f.comment}, ${f.submissionId})
    RETURNING id`);
  return row!.id;
}

/** One observation row by id, as the API shows it. */
export async function findObservationRow(
  db: Queryable,
  observationId: number,
): Promise<ObservationRow | undefined> {
  const [row] = await db.query<ObservationRow>(sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE o.id = ${observationId}`);
  return row;
}
