/**
 * Queries of period locks (migration 0020): a published (reporter, indicator, month) is locked until the
 * secretariat reopens it; the next publication touching it locks it again. Each step is an event row.
 */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface LockedRow {
  indicator: string;
  period: string;
  locked_at: Date;
}

/** The reporter's locked (not reopened) months, by indicator. */
export function listLocked(db: Queryable, dialogueId: number, reporter: string): Promise<LockedRow[]> {
  return db.query<LockedRow>(sql`SELECT i.code AS indicator, to_char(l.period, 'YYYY-MM') AS period, l.locked_at
    FROM period_locks l JOIN indicators i ON i.id = l.indicator_id
    WHERE l.dialogue_id = ${dialogueId} AND l.reporter_iso3 = ${reporter} AND l.reopened_at IS NULL`);
}

/** Locks of (reporter, month[, indicator]) still locked, locked for the update. */
export function findLockedForReopen(
  db: Queryable,
  k: { dialogueId: number; reporter: string; period: string; indicatorId: number | null },
): Promise<{ id: number; indicator: string; reopened_at: Date | null }[]> {
  return db.query(sql`SELECT l.id, i.code AS indicator, l.reopened_at
    FROM period_locks l JOIN indicators i ON i.id = l.indicator_id
    WHERE l.dialogue_id = ${k.dialogueId} AND l.reporter_iso3 = ${k.reporter} AND l.period = ${`${k.period}-01`}::date
      ${k.indicatorId === null ? empty : sql`AND l.indicator_id = ${k.indicatorId}`}
    ORDER BY i.code FOR UPDATE OF l`);
}

export async function reopenLocks(
  db: Queryable,
  dialogueId: number,
  ids: readonly number[],
  by: { userId: number; reason: string },
): Promise<void> {
  await db.query(sql`UPDATE period_locks SET reopened_at = now(), reopened_by = ${by.userId},
      reopen_reason = ${by.reason} WHERE id = ANY(${[...ids]}::int[])`);
  await db.query(sql`INSERT INTO period_lock_events (lock_id, dialogue_id, action, reason, user_id)
    SELECT unnest(${[...ids]}::int[]), ${dialogueId}, 'reopen', ${by.reason}, ${by.userId}`);
}

/**
 * Locks every (reporter, indicator, month) the submission published (or locks it again, if it was reopened)
 * and records the event. Runs in the publishing transaction.
 */
export async function lockPublished(
  db: Queryable,
  dialogueId: number,
  submissionId: number,
  userId: number | null,
): Promise<number> {
  const rows = await db.query<{ id: number }>(sql`WITH published AS (
      SELECT DISTINCT reporter_iso3, indicator_id, period FROM observations
      WHERE submission_id = ${submissionId} AND superseded_at IS NULL AND status = 'published'
    ), locked AS (
      INSERT INTO period_locks (dialogue_id, reporter_iso3, indicator_id, period, locked_by_submission)
      SELECT ${dialogueId}, reporter_iso3, indicator_id, period, ${submissionId} FROM published
      ON CONFLICT (dialogue_id, reporter_iso3, indicator_id, period) DO UPDATE SET locked_at = now(),
        locked_by_submission = EXCLUDED.locked_by_submission, reopened_at = NULL, reopened_by = NULL,
        reopen_reason = NULL
      RETURNING id, (xmax = 0) AS is_new
    )
    INSERT INTO period_lock_events (lock_id, dialogue_id, action, user_id, submission_id)
    SELECT id, ${dialogueId}, CASE WHEN is_new THEN 'lock' ELSE 'relock' END, ${userId}, ${submissionId} FROM locked
    RETURNING id`);
  return rows.length;
}

export interface LockViewRow {
  id: number;
  reporter: string;
  indicator: string;
  period: string;
  locked_at: Date;
  locked_by_submission: number | null;
  reopened_at: Date | null;
  reopened_by_name: string | null;
  reopen_reason: string | null;
}

/** Locks of a dialogue, newest first, with filters; reopened ones first when `reopenedOnly`. */
export function listLocks(
  db: Queryable,
  dialogueId: number,
  f: { reporter?: string | undefined; period?: string | undefined; reopenedOnly: boolean; limit: number },
): Promise<LockViewRow[]> {
  return db.query<LockViewRow>(sql`SELECT l.id, trim(l.reporter_iso3) AS reporter, i.code AS indicator,
      to_char(l.period, 'YYYY-MM') AS period, l.locked_at, l.locked_by_submission, l.reopened_at,
      u.name AS reopened_by_name, l.reopen_reason
    FROM period_locks l JOIN indicators i ON i.id = l.indicator_id LEFT JOIN users u ON u.id = l.reopened_by
    WHERE l.dialogue_id = ${dialogueId}
      ${f.reporter === undefined ? empty : sql`AND l.reporter_iso3 = ${f.reporter}`}
      ${f.period === undefined ? empty : sql`AND l.period = ${`${f.period}-01`}::date`}
      ${f.reopenedOnly ? sql`AND l.reopened_at IS NOT NULL` : empty}
    ORDER BY l.period DESC, l.reporter_iso3, i.code LIMIT ${f.limit}`);
}

export interface LockEventRow {
  lock_id: number;
  action: 'lock' | 'reopen' | 'relock';
  reason: string | null;
  user_name: string | null;
  submission_id: number | null;
  created_at: Date;
}

export function listLockEvents(db: Queryable, lockIds: readonly number[]): Promise<LockEventRow[]> {
  if (!lockIds.length) return Promise.resolve([]);
  return db.query<LockEventRow>(sql`SELECT e.lock_id, e.action, e.reason, u.name AS user_name, e.submission_id,
      e.created_at
    FROM period_lock_events e LEFT JOIN users u ON u.id = e.user_id
    WHERE e.lock_id = ANY(${[...lockIds]}::int[]) ORDER BY e.created_at, e.id`);
}

/** The (indicator, month) of a submission's pending figures that are locked now, with how many figures. */
export function listLockedOfSubmission(db: Queryable, submissionId: number) {
  return db.query<{ indicator: string; period: string; locked_at: Date; figures: number }>(sql`SELECT
      i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period, l.locked_at, count(*)::int AS figures
    FROM observations o
      JOIN period_locks l ON l.dialogue_id = o.dialogue_id AND l.reporter_iso3 = o.reporter_iso3
        AND l.indicator_id = o.indicator_id AND l.period = o.period AND l.reopened_at IS NULL
      JOIN indicators i ON i.id = o.indicator_id
    WHERE o.submission_id = ${submissionId} AND o.superseded_at IS NULL AND o.status <> 'published'
    GROUP BY i.code, o.period, l.locked_at ORDER BY i.code, o.period`);
}
