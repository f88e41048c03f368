/** Queries of the submission workflow: submissions, their comments and findings, and their status changes. */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { SubmissionStatus } from '../../domain/submissions/workflow';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
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
}

const submissionColumns = sql`s.id, s.dialogue_id, trim(s.reporter_iso3) AS reporter_iso3, s.status, s.source,
  s.file_name, s.observation_count, s.created_by, u.name AS created_by_name, s.created_at, s.submitted_at,
  s.decided_at, s.published_at`;

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

/** Submissions the actor may see: all for the secretariat, their own state's otherwise. */
export function listVisibleSubmissions(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  f: { status?: string | undefined; reporter?: string | undefined },
): Promise<SubmissionRow[]> {
  const all = hasRole(actor, dialogueId, SECRETARIAT_ROLES);
  const own = isMember(actor, dialogueId) && actor?.countryIso3 ? actor.countryIso3 : null;
  return db.query(sql`SELECT ${submissionColumns}
    FROM submissions s LEFT JOIN users u ON u.id = s.created_by
    WHERE s.dialogue_id = ${dialogueId}
      AND (${all} OR s.reporter_iso3 = ${own})
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
  comment: string | null;
}

export async function replaceFindings(
  tx: Queryable,
  submissionId: number,
  rows: FindingRow[],
): Promise<void> {
  await tx.query(sql`DELETE FROM submission_findings WHERE submission_id = ${submissionId}`);
  if (!rows.length) return;
  await tx.query(sql`INSERT INTO submission_findings (submission_id, finding_key, rule_name, severity, observation_id, message, comment)
    SELECT ${submissionId}, k, n, s, o, m, c FROM unnest(${rows.map((r) => r.finding_key)}::text[], ${rows.map((r) => r.rule_name)}::text[],
      ${rows.map((r) => r.severity)}::text[], ${rows.map((r) => r.observation_id)}::bigint[], ${rows.map((r) => r.message)}::text[],
      ${rows.map((r) => r.comment)}::text[]) AS t(k, n, s, o, m, c)`);
}

export function listFindings(db: Queryable, submissionId: number): Promise<FindingRow[]> {
  return db.query(sql`SELECT finding_key, rule_name, severity, observation_id, message, comment
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
