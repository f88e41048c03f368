/** Queries of the reminders and digests sent (migration 0020): what makes the reminder job idempotent. */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

/** Records a reminder; its id, or undefined when this (user, reporter, indicator, month, offset) was sent. */
export async function recordSentReminder(
  db: Queryable,
  r: {
    dialogueId: number;
    userId: number;
    reporter: string;
    indicatorId: number;
    period: string;
    offset: number;
  },
): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO sent_reminders
      (dialogue_id, user_id, reporter_iso3, indicator_id, period, offset_days)
    VALUES (${r.dialogueId}, ${r.userId}, ${r.reporter}, ${r.indicatorId}, ${`${r.period}-01`}::date, ${r.offset})
    ON CONFLICT (user_id, reporter_iso3, indicator_id, period, offset_days) DO NOTHING RETURNING id`);
  return row?.id;
}

/** Records a digest; false when the user had this dialogue's digest that day already. */
export async function recordDigest(
  db: Queryable,
  d: { dialogueId: number; userId: number; day: string; overdue: number },
): Promise<boolean> {
  const rows = await db.query(sql`INSERT INTO reminder_digests (dialogue_id, user_id, digest_day, overdue)
    VALUES (${d.dialogueId}, ${d.userId}, ${d.day}::date, ${d.overdue})
    ON CONFLICT (dialogue_id, user_id, digest_day) DO NOTHING RETURNING id`);
  return rows.length > 0;
}

export interface SentReminderRow {
  id: number;
  reporter: string;
  indicator: string;
  period: string;
  offset_days: number;
  user_id: number;
  user_name: string;
  sent_at: Date;
}

/** Reminders sent in a dialogue since a day (row-level security: one's own, or all for the secretariat). */
export function listSentReminders(
  db: Queryable,
  dialogueId: number,
  f: { since: string; reporter?: string | undefined; limit: number },
): Promise<SentReminderRow[]> {
  return db.query<SentReminderRow>(sql`SELECT r.id, trim(r.reporter_iso3) AS reporter, i.code AS indicator,
      to_char(r.period, 'YYYY-MM') AS period, r.offset_days, r.user_id, u.name AS user_name, r.sent_at
    FROM sent_reminders r JOIN indicators i ON i.id = r.indicator_id JOIN users u ON u.id = r.user_id
    WHERE r.dialogue_id = ${dialogueId} AND r.sent_at >= ${f.since}::date
      ${f.reporter === undefined ? empty : sql`AND r.reporter_iso3 = ${f.reporter}`}
    ORDER BY r.sent_at DESC, r.id DESC LIMIT ${f.limit}`);
}
