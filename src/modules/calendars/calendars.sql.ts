/** Queries of reporting calendars, and the figures received (for the overdue list and calendar checks). */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

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
