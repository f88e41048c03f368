/** Queries of the statistics exchange. Visibility filters are applied here for every list. */
import sql, { join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { DIMENSIONS, type ObservationInput } from '../../domain/observations/dimensions';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const DIMENSION_COLUMNS = raw(DIMENSIONS.join(', '));

export interface IndicatorRef {
  id: number;
  code: string;
  breakdowns: string[];
  classification: Classification;
}

export function listIndicators(db: Queryable, dialogueId: number): Promise<IndicatorRef[]> {
  return db.query(
    sql`SELECT id, code, breakdowns, classification FROM indicators WHERE dialogue_id = ${dialogueId} ORDER BY code`,
  );
}

export async function listRouteCodes(db: Queryable, dialogueId: number): Promise<string[]> {
  return (
    await db.query<{ code: string }>(sql`SELECT code FROM routes WHERE dialogue_id = ${dialogueId}`)
  ).map((r) => r.code);
}

export async function listCountryCodes(db: Queryable): Promise<string[]> {
  return (await db.query<{ iso3: string }>(sql`SELECT trim(iso3) AS iso3 FROM countries`)).map((r) => r.iso3);
}

export async function isMemberState(db: Queryable, dialogueId: number, iso3: string): Promise<boolean> {
  const rows = await db.query(
    sql`SELECT 1 FROM dialogue_states WHERE dialogue_id = ${dialogueId} AND country_iso3 = ${iso3}`,
  );
  return rows.length > 0;
}

// ---------- submissions ----------

export interface SubmissionRow {
  id: number;
  dialogue_id: number;
  reporter_iso3: string;
  status: 'draft' | 'submitted' | 'validated' | 'returned' | 'published';
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

export async function insertSubmission(
  tx: Queryable,
  s: { dialogueId: number; reporter: string; source: string; fileName: string | null; userId: number | null },
): Promise<number> {
  const [row] = await tx.query<{
    id: number;
  }>(sql`INSERT INTO submissions (dialogue_id, reporter_iso3, source, file_name, created_by)
    VALUES (${s.dialogueId}, ${s.reporter}, ${s.source}, ${s.fileName}, ${s.userId}) RETURNING id`);
  return row!.id;
}

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

// ---------- observations ----------

export interface ObservationRow {
  id: number;
  indicator: string;
  reporter_iso3: string;
  period: string;
  route: string;
  border_type: string;
  citizenship: string;
  sex: string;
  age_group: string;
  reason: string;
  place: string;
  document_type: string;
  fraud_type: string;
  return_type: string;
  value: number | null;
  flags: string[];
  revision: number;
  status: string;
  classification: Classification;
  recorded_by: number | null;
  recorded_by_name: string | null;
  recorded_at: string;
  published_at: string | null;
  superseded_at: string | null;
  comment: string | null;
  submission_id: number | null;
}

export const observationColumns = sql`o.id, i.code AS indicator, trim(o.reporter_iso3) AS reporter_iso3,
  to_char(o.period, 'YYYY-MM') AS period, o.route, o.border_type, o.citizenship, o.sex, o.age_group, o.reason,
  o.place, o.document_type, o.fraud_type, o.return_type, o.value, o.flags, o.revision, o.status, o.classification,
  o.recorded_by, u.name AS recorded_by_name, o.recorded_at, o.published_at, o.superseded_at, o.comment, o.submission_id`;

/** Key columns of `alias` equal to those of `other`. */
export function sameKey(alias: string, other: string): Sql {
  const a = raw(alias);
  const b = raw(other);
  return join(
    ['indicator_id', 'reporter_iso3', 'period', ...DIMENSIONS].map(
      (c) => sql`${a}.${raw(c)} = ${b}.${raw(c)}`,
    ),
    ' AND ',
  );
}

/**
 * Published observations the actor may read (canSee for observations: the originator is the reporting state;
 * restricted and originator figures are read by the reporter's organisations and the secretariat).
 */
export function publishedVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  if (!actor) return sql`${t}.classification = 'public'`;
  const memberOf = Object.keys(actor.roles).map(Number);
  const secretariatOf = memberOf.filter((d) => hasRole(actor, d, SECRETARIAT_ROLES));
  return sql`(${t}.classification = 'public' OR (${t}.dialogue_id = ANY(${memberOf}::int[]) AND (
    ${t}.classification = 'dialogue' OR ${t}.dialogue_id = ANY(${secretariatOf}::int[])
    OR ${t}.reporter_iso3 = ${actor.countryIso3 ?? ''})))`;
}

export interface InsertRow {
  indicatorId: number;
  classification: Classification;
  obs: ObservationInput;
}

/**
 * Inserts one batch of draft observations into a submission, numbering each as the revision after the current
 * published one. Rows whose key is already in the submission are skipped (ON CONFLICT); the caller compares
 * the count to find duplicates.
 */
export async function insertObservationBatch(
  tx: Queryable,
  s: { submissionId: number; dialogueId: number; reporter: string; userId: number | null },
  rows: readonly InsertRow[],
): Promise<{ inserted: number; firstId: number | null }> {
  const col = <T>(f: (r: InsertRow) => T) => rows.map(f);
  const dims = DIMENSIONS.map((d) => sql`${col((r) => r.obs.breakdowns[d])}::text[]`);
  const [res] = await tx.query<{ n: number; first_id: number | null }>(sql`WITH t AS (
      SELECT * FROM unnest(${col((r) => r.indicatorId)}::int[], ${col((r) => `${r.obs.period}-01`)}::date[],
        ${join(dims)}, ${col((r) => r.obs.value)}::numeric[], ${col((r) => r.obs.flags.join(';'))}::text[],
        ${col((r) => r.obs.comment)}::text[], ${col((r) => r.classification)}::text[])
      AS t(indicator_id, period, ${DIMENSION_COLUMNS}, value, flags, comment, classification)
    ), ins AS (
      INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, ${DIMENSION_COLUMNS}, value, flags,
        revision, status, classification, recorded_by, comment, submission_id)
      SELECT ${s.dialogueId}, t.indicator_id, ${s.reporter}, t.period, ${join(DIMENSIONS.map((d) => raw(`t.${d}`)))}, t.value,
        CASE WHEN t.flags = '' THEN '{}'::text[] ELSE string_to_array(t.flags, ';') END,
        coalesce(p.revision, 0) + 1, 'draft', t.classification::classification, ${s.userId}, t.comment, ${s.submissionId}
      FROM t LEFT JOIN observations p ON p.superseded_at IS NULL AND p.status = 'published'
        AND p.indicator_id = t.indicator_id AND p.reporter_iso3 = ${s.reporter} AND p.period = t.period
        AND ${join(
          DIMENSIONS.map((d) => raw(`p.${d} = t.${d}`)),
          ' AND ',
        )}
      ON CONFLICT (submission_id, indicator_id, reporter_iso3, period, ${DIMENSION_COLUMNS})
        WHERE superseded_at IS NULL AND status <> 'published' DO NOTHING
      RETURNING id
    ) SELECT count(*)::int AS n, min(id) AS first_id FROM ins`);
  return { inserted: res!.n, firstId: res!.first_id };
}

/** Which of these keys were already in the submission before observation id `beforeId`. */
export async function findEarlierKeys(
  tx: Queryable,
  submissionId: number,
  beforeId: number | null,
  rows: readonly InsertRow[],
): Promise<Set<number>> {
  const col = <T>(f: (r: InsertRow) => T) => rows.map(f);
  const dims = DIMENSIONS.map((d) => sql`${col((r) => r.obs.breakdowns[d])}::text[]`);
  const found = await tx.query<{ n: number }>(sql`SELECT t.n FROM unnest(${rows.map((_, i) => i)}::int[],
      ${col((r) => r.indicatorId)}::int[], ${col((r) => `${r.obs.period}-01`)}::date[], ${join(dims)})
      AS t(n, indicator_id, period, ${DIMENSION_COLUMNS})
    WHERE EXISTS (SELECT 1 FROM observations o WHERE o.submission_id = ${submissionId}
      AND (${beforeId}::bigint IS NULL OR o.id < ${beforeId}) AND o.superseded_at IS NULL
      AND o.indicator_id = t.indicator_id AND o.period = t.period
      AND ${join(
        DIMENSIONS.map((d) => raw(`o.${d} = t.${d}`)),
        ' AND ',
      )})`);
  return new Set(found.map((r) => r.n));
}
