/**
 * Queries of messages to users that are not alerts: in-app notifications of other kinds (table
 * notifications, migration 0020) and the e-mail outbox; the recipients messages go to (members of a
 * dialogue by role and country). Run by jobs as the database owner.
 */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface RecipientRow {
  id: number;
  email: string;
  name: string;
  locale: string;
}

/** Active users holding one of `roles` in the dialogue; with `country`, only those of that state's organisations. */
export function listRecipients(
  db: Queryable,
  dialogueId: number,
  roles: readonly string[],
  country?: string,
): Promise<RecipientRow[]> {
  return db.query<RecipientRow>(sql`SELECT DISTINCT u.id, u.email, u.name, u.locale
    FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = u.organisation_id
    WHERE m.dialogue_id = ${dialogueId} AND m.role::text = ANY(${[...roles]}::text[]) AND u.is_active
      ${country === undefined ? empty : sql`AND o.country_iso3 = ${country}`}
    ORDER BY u.id`);
}

/** Active users by id who are still members of the dialogue. */
export function listMemberUsers(
  db: Queryable,
  dialogueId: number,
  ids: readonly number[],
): Promise<RecipientRow[]> {
  return db.query<RecipientRow>(sql`SELECT DISTINCT u.id, u.email, u.name, u.locale
    FROM users u JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${dialogueId}
    WHERE u.id = ANY(${[...ids]}::int[]) AND u.is_active ORDER BY u.id`);
}

export interface DialogueNameRow {
  slug: string;
  name: string;
  name_i18n: Record<string, string>;
}

export async function findDialogueName(
  db: Queryable,
  dialogueId: number,
): Promise<DialogueNameRow | undefined> {
  const [row] = await db.query<DialogueNameRow>(
    sql`SELECT slug, name, name_i18n FROM dialogues WHERE id = ${dialogueId}`,
  );
  return row;
}

/** A notification for one user; false when one with the same dedupe key exists already. */
export async function insertMessageNotification(
  db: Queryable,
  n: { userId: number; dialogueId: number; kind: string; payload: unknown; link: string; dedupeKey: string },
): Promise<boolean> {
  const rows =
    await db.query(sql`INSERT INTO notifications (user_id, dialogue_id, kind, payload, link, dedupe_key)
    VALUES (${n.userId}, ${n.dialogueId}, ${n.kind}, ${JSON.stringify(n.payload)}::jsonb, ${n.link}, ${n.dedupeKey})
    ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`);
  return rows.length > 0;
}

export async function insertOutboxEmail(
  db: Queryable,
  m: { userId: number; dialogueId: number; kind: string; subject: string; body: string; dedupeKey: string },
): Promise<boolean> {
  const rows =
    await db.query(sql`INSERT INTO outbox_emails (user_id, dialogue_id, kind, subject, body, dedupe_key)
    VALUES (${m.userId}, ${m.dialogueId}, ${m.kind}, ${m.subject}, ${m.body}, ${m.dedupeKey})
    ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`);
  return rows.length > 0;
}

export interface OutboxRow {
  id: number;
  user_id: number;
  kind: string;
  subject: string;
  body: string;
  attempts: number;
  email: string;
  is_active: boolean;
}

/**
 * Claims up to `limit` due e-mails: each gets its attempt counted and its next attempt pushed 5 minutes ahead
 * (a lease), so a worker that dies mid-send leaves it to be retried, and two workers never send it twice.
 */
export function claimDueEmails(db: Queryable, now: Date, limit: number): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(sql`UPDATE outbox_emails e SET attempts = e.attempts + 1, last_attempt_at = ${now},
      next_attempt_at = ${now}::timestamptz + interval '5 minutes'
    FROM users u
    WHERE u.id = e.user_id AND e.id IN (SELECT id FROM outbox_emails WHERE status = 'pending'
      AND next_attempt_at <= ${now} ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING e.id, e.user_id, e.kind, e.subject, e.body, e.attempts, u.email, u.is_active`);
}

export async function markEmailSent(db: Queryable, id: number, at: Date): Promise<void> {
  await db.query(
    sql`UPDATE outbox_emails SET status = 'sent', sent_at = ${at}, last_error = NULL WHERE id = ${id}`,
  );
}

/** Records a failure: retried at `next`, or given up (status failed) when `next` is null. */
export async function markEmailFailed(
  db: Queryable,
  id: number,
  error: string,
  next: Date | null,
): Promise<void> {
  await db.query(sql`UPDATE outbox_emails SET last_error = ${error.slice(0, 2000)},
      status = ${next ? 'pending' : 'failed'}, next_attempt_at = coalesce(${next}::timestamptz, next_attempt_at)
    WHERE id = ${id}`);
}

export async function nextDueEmail(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(
    sql`SELECT min(next_attempt_at) AS at FROM outbox_emails WHERE status = 'pending'`,
  );
  return row?.at ?? null;
}

export interface OutboxListRow {
  id: number;
  kind: string;
  subject: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  user_id: number;
  user_name: string;
}

/** The e-mails of a dialogue the caller may see (row-level security: their own, or all for the secretariat). */
export function listOutbox(db: Queryable, dialogueId: number, status: string | undefined, limit: number) {
  return db.query<OutboxListRow>(sql`SELECT e.id, e.kind, e.subject, e.status, e.attempts, e.last_error,
      e.created_at, e.sent_at, e.user_id, u.name AS user_name
    FROM outbox_emails e JOIN users u ON u.id = e.user_id
    WHERE e.dialogue_id = ${dialogueId} ${status === undefined ? empty : sql`AND e.status = ${status}`}
    ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit}`);
}

export interface SubmissionPeopleRow {
  reporter: string;
  created_by: number | null;
  submitted_by: number | null;
}

/** Who brought a submission in: its creator and the one who submitted it last. */
export async function findSubmissionPeople(
  db: Queryable,
  submissionId: number,
): Promise<SubmissionPeopleRow | undefined> {
  const [row] =
    await db.query<SubmissionPeopleRow>(sql`SELECT trim(reporter_iso3) AS reporter, created_by, submitted_by
    FROM submissions WHERE id = ${submissionId}`);
  return row;
}
