/**
 * Queries of the validation rules of a dialogue (table validation_rules), their versions, how many figures
 * each flagged, and the re-runs over published figures with their violations (migration 0021).
 */
import sql, { empty, join, raw } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import type { FindingWording } from '../../domain/rules/finding-messages';
import type { SideOperator } from '../../domain/rules/rule-scope';

export interface RuleRow {
  id: number;
  indicator_code: string | null;
  indicator_codes: string[];
  breakdown_filter: Record<string, string[]>;
  name: string;
  kind: string;
  expression: string;
  left_side: string | null;
  /** Checked by the table (migration 0021). */
  operator: SideOperator | null;
  right_side: string | null;
  severity: 'error' | 'warning';
  params: Record<string, number | string>;
  message: string | null;
  is_enabled: boolean;
  revision: number;
}

const ruleColumns = sql`id, indicator_code, indicator_codes, breakdown_filter, name, kind, expression, left_side,
  operator, right_side, severity, params, message, is_enabled, revision`;

export function listRuleRows(db: Queryable, dialogueId: number): Promise<RuleRow[]> {
  return db.query(
    sql`SELECT ${ruleColumns} FROM validation_rules WHERE dialogue_id = ${dialogueId} ORDER BY id`,
  );
}

/** What a rule is written with (insert and update). */
export interface RuleFields {
  indicator: string | null;
  indicators: string[];
  breakdowns: Record<string, string[]>;
  name: string;
  expression: string;
  leftSide: string | null;
  operator: SideOperator | null;
  rightSide: string | null;
  severity: 'error' | 'warning';
  params: Record<string, number | string>;
  message: string | null;
}

export async function insertRule(
  db: Queryable,
  r: RuleFields & { dialogueId: number; kind: string; userId: number | null },
): Promise<RuleRow> {
  const [row] = await db.query<RuleRow>(sql`INSERT INTO validation_rules
      (dialogue_id, indicator_code, indicator_codes, breakdown_filter, name, kind, expression, left_side, operator,
       right_side, severity, params, message, created_by)
    VALUES (${r.dialogueId}, ${r.indicator}, ${r.indicators}::text[], ${JSON.stringify(r.breakdowns)}::jsonb, ${r.name},
      ${r.kind}, ${r.expression}, ${r.leftSide}, ${r.operator}, ${r.rightSide}, ${r.severity},
      ${JSON.stringify(r.params)}::jsonb, ${r.message}, ${r.userId})
    RETURNING ${ruleColumns}`);
  return row!;
}

/** The rule, locked for an update in this transaction. */
export async function findRuleForUpdate(
  db: Queryable,
  dialogueId: number,
  id: number,
): Promise<RuleRow | undefined> {
  const [row] = await db.query<RuleRow>(sql`SELECT ${ruleColumns}
    FROM validation_rules WHERE dialogue_id = ${dialogueId} AND id = ${id} FOR UPDATE`);
  return row;
}

export async function updateRule(
  db: Queryable,
  id: number,
  r: RuleFields & { isEnabled: boolean },
): Promise<RuleRow> {
  const [row] = await db.query<RuleRow>(sql`UPDATE validation_rules SET name = ${r.name},
      indicator_code = ${r.indicator}, indicator_codes = ${r.indicators}::text[],
      breakdown_filter = ${JSON.stringify(r.breakdowns)}::jsonb, expression = ${r.expression},
      left_side = ${r.leftSide}, operator = ${r.operator}, right_side = ${r.rightSide}, severity = ${r.severity},
      params = ${JSON.stringify(r.params)}::jsonb, message = ${r.message}, is_enabled = ${r.isEnabled},
      revision = revision + 1, updated_at = now()
    WHERE id = ${id} RETURNING ${ruleColumns}`);
  return row!;
}

/** Keeps the version of a rule as it stands now (append-only). */
export async function insertRuleRevision(
  db: Queryable,
  r: { ruleId: number; dialogueId: number; revision: number; data: unknown; userId: number | null },
): Promise<void> {
  await db.query(sql`INSERT INTO validation_rule_revisions (rule_id, dialogue_id, revision, data, edited_by)
    VALUES (${r.ruleId}, ${r.dialogueId}, ${r.revision}, ${JSON.stringify(r.data)}::jsonb, ${r.userId})`);
}

/**
 * Figures each rule flagged in submissions submitted since a day, by rule key (the part of a finding key
 * before "@"). Row-level security narrows it to the submissions the caller may see.
 */
export function countFlaggedInSubmissions(db: Queryable, dialogueId: number, since: Date) {
  return db.query<{ rule_key: string; n: number }>(sql`SELECT split_part(f.finding_key, '@', 1) AS rule_key,
      count(*)::int AS n
    FROM submission_findings f JOIN submissions s ON s.id = f.submission_id
    WHERE s.dialogue_id = ${dialogueId} AND s.submitted_at >= ${since}
    GROUP BY 1`);
}

// ---------- re-runs over published figures ----------

export interface RunRow {
  id: number;
  dialogue_id: number;
  from_period: string;
  to_period: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  figures_checked: number;
  violations: number;
  is_truncated: boolean;
  error: string | null;
  requested_by_name: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const runSelect = sql`SELECT r.id, r.dialogue_id, to_char(r.from_period, 'YYYY-MM') AS from_period,
    to_char(r.to_period, 'YYYY-MM') AS to_period, r.status, r.figures_checked, r.violations, r.is_truncated,
    r.error, u.name AS requested_by_name, r.created_at, r.started_at, r.finished_at
  FROM validation_runs r LEFT JOIN users u ON u.id = r.requested_by`;

export async function insertRun(
  db: Queryable,
  r: { dialogueId: number; from: string; to: string; userId: number },
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO validation_runs (dialogue_id, from_period, to_period,
      requested_by) VALUES (${r.dialogueId}, ${`${r.from}-01`}::date, ${`${r.to}-01`}::date, ${r.userId}) RETURNING id`);
  return row!.id;
}

export async function findRun(
  db: Queryable,
  dialogueId: number | null,
  id: number,
): Promise<RunRow | undefined> {
  const [row] = await db.query<RunRow>(sql`${runSelect} WHERE r.id = ${id}
    ${dialogueId === null ? empty : sql`AND r.dialogue_id = ${dialogueId}`}`);
  return row;
}

export function listRuns(db: Queryable, dialogueId: number, limit: number): Promise<RunRow[]> {
  return db.query<RunRow>(sql`${runSelect} WHERE r.dialogue_id = ${dialogueId}
    ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`);
}

/** The latest finished run of a dialogue, and its violations by rule key. */
export async function latestDoneRun(db: Queryable, dialogueId: number) {
  const [run] =
    await db.query<RunRow>(sql`${runSelect} WHERE r.dialogue_id = ${dialogueId} AND r.status = 'done'
    ORDER BY r.finished_at DESC, r.id DESC LIMIT 1`);
  if (!run) return undefined;
  const counts = await db.query<{ rule_key: string; n: number }>(sql`SELECT rule_key, count(*)::int AS n
    FROM validation_violations WHERE run_id = ${run.id} GROUP BY rule_key`);
  return { run, counts };
}

export async function markRunStarted(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM validation_violations WHERE run_id = ${id}`);
  await db.query(sql`UPDATE validation_runs SET status = 'running', started_at = now(), finished_at = NULL,
      error = NULL, figures_checked = 0, violations = 0, is_truncated = false WHERE id = ${id}`);
}

export async function markRunFinished(
  db: Queryable,
  id: number,
  r: { figures: number; violations: number; isTruncated: boolean; error: string | null },
): Promise<void> {
  await db.query(sql`UPDATE validation_runs SET status = ${r.error === null ? 'done' : 'failed'},
      figures_checked = ${r.figures}, violations = ${r.violations}, is_truncated = ${r.isTruncated},
      error = ${r.error}, finished_at = now() WHERE id = ${id}`);
}

/** The (indicator, reporter) series groups with published figures in the range: the run's units of work. */
export function listPublishedGroups(db: Queryable, dialogueId: number, from: string, to: string) {
  return db.query<{ indicator_id: number; reporter: string }>(sql`SELECT DISTINCT o.indicator_id,
      trim(o.reporter_iso3) AS reporter
    FROM observations o
    WHERE o.dialogue_id = ${dialogueId} AND o.status = 'published' AND o.superseded_at IS NULL
      AND o.period BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date
    ORDER BY 1, 2`);
}

export type PublishedFigureRow = Record<(typeof DIMENSIONS)[number], string> & {
  id: number;
  indicator: string;
  period: string;
  value: number | null;
};

/** Current published figures of one (indicator, reporter) between two months. */
export function listPublishedFigures(
  db: Queryable,
  g: { dialogueId: number; indicatorId: number; reporter: string; from: string; to: string },
): Promise<PublishedFigureRow[]> {
  return db.query<PublishedFigureRow>(sql`SELECT o.id, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period,
      ${join(DIMENSIONS.map((d) => raw(`o.${d}`)))}, o.value::float8 AS value
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.dialogue_id = ${g.dialogueId} AND o.indicator_id = ${g.indicatorId} AND o.reporter_iso3 = ${g.reporter}
      AND o.status = 'published' AND o.superseded_at IS NULL
      AND o.period BETWEEN ${`${g.from}-01`}::date AND ${`${g.to}-01`}::date`);
}

export interface ViolationInsert {
  ruleKey: string;
  ruleName: string;
  severity: 'error' | 'warning';
  observationId: number;
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Record<string, string>;
  value: number | null;
  message: string;
  /** The sentence's code and parameters and the detail, to word it in each reader's language. */
  wording: FindingWording;
}

export async function insertViolations(
  db: Queryable,
  runId: number,
  vs: readonly ViolationInsert[],
): Promise<void> {
  if (!vs.length) return;
  const col = <T>(f: (v: ViolationInsert) => T) => vs.map(f);
  await db.query(sql`INSERT INTO validation_violations (run_id, rule_key, rule_name, severity, observation_id,
      indicator, reporter_iso3, period, breakdowns, value, message, wording)
    SELECT ${runId}, k, n, s, o, i, r, p::date, b::jsonb, v, m, w::jsonb
    FROM unnest(${col((v) => v.ruleKey)}::text[], ${col((v) => v.ruleName)}::text[], ${col((v) => v.severity)}::text[],
      ${col((v) => v.observationId)}::bigint[], ${col((v) => v.indicator)}::text[], ${col((v) => v.reporter)}::text[],
      ${col((v) => `${v.period}-01`)}::text[], ${col((v) => JSON.stringify(v.breakdowns))}::text[],
      ${col((v) => v.value)}::numeric[], ${col((v) => v.message)}::text[],
      ${col((v) => JSON.stringify(v.wording))}::text[]) AS t(k, n, s, o, i, r, p, b, v, m, w)`);
}

export interface ViolationRow {
  id: number;
  rule_key: string;
  rule_name: string;
  severity: string;
  observation_id: number | null;
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Record<string, string>;
  value: number | null;
  message: string;
  /** Null for violations stored before migration 0047. */
  wording: FindingWording | null;
}

/** Violations of a run in order, a page at a time (after the id `afterId`). */
export function listViolations(
  db: Queryable,
  runId: number,
  page: { afterId: number; limit: number; ruleKey?: string | undefined },
): Promise<ViolationRow[]> {
  return db.query<ViolationRow>(sql`SELECT id, rule_key, rule_name, severity, observation_id, indicator,
      trim(reporter_iso3) AS reporter, to_char(period, 'YYYY-MM') AS period, breakdowns, value::float8 AS value, message,
      wording
    FROM validation_violations WHERE run_id = ${runId} AND id > ${page.afterId}
      ${page.ruleKey === undefined ? empty : sql`AND rule_key = ${page.ruleKey}`}
    ORDER BY id LIMIT ${page.limit}`);
}
