/**
 * Queries of embargoed releases (migration 0037): a schedule per validated submission, the pending one locked
 * by the release job, and the calendar.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface ScheduledReleaseRow {
  id: number;
  submission_id: number;
  dialogue_id: number;
  reporter_iso3: string;
  release_at: string | Date;
  time_zone: string;
  indicators: string[];
  period_from: string;
  period_to: string;
  scheduled_by: number;
  released_at: string | Date | null;
  cancelled_at: string | Date | null;
  outcome: string | null;
}

const COLUMNS = sql`id, submission_id, dialogue_id, trim(reporter_iso3) AS reporter_iso3, release_at, time_zone,
  indicators, to_char(period_from, 'YYYY-MM') AS period_from, to_char(period_to, 'YYYY-MM') AS period_to,
  scheduled_by, released_at, cancelled_at, outcome`;

export async function insertScheduledRelease(
  db: Queryable,
  r: {
    submissionId: number;
    dialogueId: number;
    reporter: string;
    releaseAt: Date;
    timeZone: string;
    indicators: string[];
    from: string;
    to: string;
    userId: number;
  },
): Promise<ScheduledReleaseRow> {
  const [row] =
    await db.query<ScheduledReleaseRow>(sql`INSERT INTO scheduled_releases (submission_id, dialogue_id,
      reporter_iso3, release_at, time_zone, indicators, period_from, period_to, scheduled_by)
    VALUES (${r.submissionId}, ${r.dialogueId}, ${r.reporter}, ${r.releaseAt.toISOString()}::timestamptz, ${r.timeZone},
      ${r.indicators}::text[], ${`${r.from}-01`}::date, ${`${r.to}-01`}::date, ${r.userId})
    RETURNING ${COLUMNS}`);
  return row!;
}

/** The submission's pending schedule (neither released nor cancelled), locked when `forUpdate`. */
export async function findPendingRelease(
  db: Queryable,
  submissionId: number,
  forUpdate = false,
): Promise<ScheduledReleaseRow | undefined> {
  const [row] = await db.query<ScheduledReleaseRow>(sql`SELECT ${COLUMNS} FROM scheduled_releases
    WHERE submission_id = ${submissionId} AND released_at IS NULL AND cancelled_at IS NULL
    ${forUpdate ? sql`FOR UPDATE` : sql``}`);
  return row;
}

export async function findRelease(db: Queryable, id: number): Promise<ScheduledReleaseRow | undefined> {
  const [row] = await db.query<ScheduledReleaseRow>(
    sql`SELECT ${COLUMNS} FROM scheduled_releases WHERE id = ${id}`,
  );
  return row;
}

/** A schedule by id, locked (the release job: one of several servers gets it, the others wait and see it done). */
export async function lockRelease(db: Queryable, id: number): Promise<ScheduledReleaseRow | undefined> {
  const [row] = await db.query<ScheduledReleaseRow>(
    sql`SELECT ${COLUMNS} FROM scheduled_releases WHERE id = ${id} FOR UPDATE`,
  );
  return row;
}

export async function markReleased(db: Queryable, id: number): Promise<void> {
  await db.query(
    sql`UPDATE scheduled_releases SET released_at = now(), outcome = 'published' WHERE id = ${id}`,
  );
}

export async function markCancelled(db: Queryable, id: number, outcome: string): Promise<void> {
  await db.query(
    sql`UPDATE scheduled_releases SET cancelled_at = now(), outcome = ${outcome} WHERE id = ${id}`,
  );
}

/** Pending schedules of a dialogue, soonest first (the release calendar). */
export function listUpcomingReleaseRows(db: Queryable, dialogueId: number): Promise<ScheduledReleaseRow[]> {
  return db.query<ScheduledReleaseRow>(sql`SELECT ${COLUMNS} FROM scheduled_releases
    WHERE dialogue_id = ${dialogueId} AND released_at IS NULL AND cancelled_at IS NULL ORDER BY release_at, id`);
}
