/** Queries of reporting calendars, and the figures received (for the overdue list and calendar checks). */
import sql from 'sql-template-tag';
import { ADVISORY_LOCKS } from '../../db/advisory-locks';
import type { Queryable } from '../../db/connect';
import { inDialoguePeriodIndex, pendingOfDialogue } from '../../db/observation-fragments';

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
  await db.query(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.calendarEdit}, ${dialogueId})`);
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

/**
 * (reporter, indicator, month) that have figures submitted or published since `since`. Published rows by
 * (dialogue, indicator, month), pending ones through the dialogue's submissions (migration 0052).
 */
export function listReceived(db: Queryable, dialogueId: number, since: string) {
  const received = sql`o.dialogue_id = ${dialogueId} AND o.period >= ${`${since}-01`}::date AND o.superseded_at IS NULL
      AND o.status IN ('submitted', 'validated', 'published')`;
  return db.query<{ reporter: string; indicator: string; period: string }>(sql`SELECT DISTINCT
      o.reporter_iso3 AS reporter, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period
    FROM (SELECT o.reporter_iso3, o.indicator_id, o.period FROM observations o
        WHERE ${received} AND ${inDialoguePeriodIndex('o')}
      UNION ALL SELECT o.reporter_iso3, o.indicator_id, o.period FROM observations o
        WHERE ${received} AND ${pendingOfDialogue('o', dialogueId, ['submitted', 'validated'])}) o
    JOIN indicators i ON i.id = o.indicator_id`);
}

/** The distinct (indicator, month) of a submission's current figures. */
export function listSubmissionPeriods(db: Queryable, submissionId: number) {
  return db.query<{ indicator: string; period: string; figures: number }>(sql`SELECT i.code AS indicator,
      to_char(o.period, 'YYYY-MM') AS period, count(*)::int AS figures
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.submission_id = ${submissionId} AND o.superseded_at IS NULL
    GROUP BY i.code, o.period ORDER BY i.code, o.period`);
}

/**
 * The day each (reporter, indicator, month) was first received: the earliest submission time (else
 * publication, else recording time) of a figure submitted, validated or published — earlier published
 * revisions included. Figures of drafts and returned submissions do not count.
 */
export function listReceipts(
  db: Queryable,
  dialogueId: number,
  range: { from: string; to: string; reporter?: string | undefined; indicator?: string | undefined },
) {
  // Two branches, so each reads by index (migration 0052): published rows, and the submissions' pending ones.
  const counted = sql`o.dialogue_id = ${dialogueId}
      AND o.period BETWEEN ${`${range.from}-01`}::date AND ${`${range.to}-01`}::date
      AND (o.status = 'published' OR (o.superseded_at IS NULL AND o.status IN ('submitted', 'validated')))
      AND (${range.reporter ?? null}::text IS NULL OR o.reporter_iso3 = ${range.reporter ?? null})`;
  return db.query<{ reporter: string; indicator: string; period: string; received_on: string }>(sql`SELECT
      trim(o.reporter_iso3) AS reporter, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period,
      to_char(min(coalesce(s.submitted_at, o.published_at, o.recorded_at)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS received_on
    FROM (SELECT o.* FROM observations o WHERE ${counted} AND ${inDialoguePeriodIndex('o')}
      UNION ALL SELECT o.* FROM observations o WHERE ${counted} AND ${pendingOfDialogue('o', dialogueId, ['submitted', 'validated'])}) o
      JOIN indicators i ON i.id = o.indicator_id LEFT JOIN submissions s ON s.id = o.submission_id
    WHERE (${range.indicator ?? null}::text IS NULL OR i.code = ${range.indicator ?? null})
    GROUP BY o.reporter_iso3, i.code, o.period`);
}

export interface CalendarSettingsRow {
  are_reminders_enabled: boolean;
  reminder_offsets: number[];
  is_digest_enabled: boolean;
  is_locking_published: boolean;
  revision: number;
  updated_at: Date;
}

export async function findCalendarSettings(
  db: Queryable,
  dialogueId: number,
): Promise<CalendarSettingsRow | undefined> {
  const [row] = await db.query<CalendarSettingsRow>(sql`SELECT are_reminders_enabled, reminder_offsets,
      is_digest_enabled, is_locking_published, revision, updated_at
    FROM calendar_settings WHERE dialogue_id = ${dialogueId}`);
  return row;
}

export async function upsertCalendarSettings(
  db: Queryable,
  dialogueId: number,
  s: {
    areRemindersEnabled: boolean;
    reminderOffsets: number[];
    isDigestEnabled: boolean;
    isLockingPublished: boolean;
    userId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO calendar_settings (dialogue_id, are_reminders_enabled, reminder_offsets,
      is_digest_enabled, is_locking_published, updated_by)
    VALUES (${dialogueId}, ${s.areRemindersEnabled}, ${s.reminderOffsets}::int[], ${s.isDigestEnabled},
      ${s.isLockingPublished}, ${s.userId})
    ON CONFLICT (dialogue_id) DO UPDATE SET are_reminders_enabled = EXCLUDED.are_reminders_enabled,
      reminder_offsets = EXCLUDED.reminder_offsets, is_digest_enabled = EXCLUDED.is_digest_enabled,
      is_locking_published = EXCLUDED.is_locking_published, updated_by = EXCLUDED.updated_by,
      revision = calendar_settings.revision + 1, updated_at = now()`);
}

/** Dialogues with at least one calendar entry (the reminder job's work list). */
export function listDialoguesWithCalendar(db: Queryable): Promise<{ dialogue_id: number }[]> {
  return db.query(sql`SELECT DISTINCT dialogue_id FROM reporting_calendars ORDER BY dialogue_id`);
}
