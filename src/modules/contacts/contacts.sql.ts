/**
 * Queries of the contact directory (migration 0026). Lists never return removed entries; erasure clears a
 * removed person's fields in the entry and in every revision. Confirmation requests keep no address.
 */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { ContactTopic } from './contacts.schema';

export interface ContactRow {
  id: number;
  dialogue_id: number;
  topic: ContactTopic;
  country_iso3: string | null;
  posted_in_iso3: string | null;
  covers_iso3: string[];
  name: string;
  function: string;
  organisation: string;
  languages: string[];
  email: string;
  phone: string | null;
  user_id: number | null;
  revision: number;
  last_confirmed_at: Date;
  last_confirmed_by: 'editor' | 'contact';
  updated_at: Date;
}

/** The columns an editor writes. */
export interface ContactFields {
  topic: ContactTopic;
  country: string | null;
  postedIn: string | null;
  covers: string[];
  name: string;
  function: string;
  organisation: string;
  languages: string[];
  email: string;
  phone: string | null;
  userId: number | null;
}

const COLUMNS = sql`id, dialogue_id, topic, trim(country_iso3) AS country_iso3, trim(posted_in_iso3) AS posted_in_iso3,
  covers_iso3, name, function, organisation, languages, email, phone, user_id, revision, last_confirmed_at,
  last_confirmed_by, updated_at`;

export function listContactRows(
  db: Queryable,
  dialogueId: number,
  f: { country?: string | undefined; topic?: ContactTopic | undefined; q?: string | undefined },
): Promise<ContactRow[]> {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db.query<ContactRow>(sql`SELECT ${COLUMNS} FROM contacts
    WHERE dialogue_id = ${dialogueId} AND removed_at IS NULL
      ${f.country ? sql`AND (country_iso3 = ${f.country} OR posted_in_iso3 = ${f.country} OR ${f.country} = ANY(covers_iso3))` : empty}
      ${f.topic ? sql`AND topic = ${f.topic}` : empty}
      ${like ? sql`AND (name ILIKE ${like} OR function ILIKE ${like} OR organisation ILIKE ${like})` : empty}
    ORDER BY country_iso3 NULLS FIRST, topic, name, id
    LIMIT 5000`);
}

export async function findContactRow(
  db: Queryable,
  dialogueId: number,
  id: number,
  forUpdate = false,
): Promise<ContactRow | undefined> {
  const [row] = await db.query<ContactRow>(sql`SELECT ${COLUMNS} FROM contacts
    WHERE dialogue_id = ${dialogueId} AND id = ${id} AND removed_at IS NULL
    ${forUpdate ? sql`FOR UPDATE` : empty}`);
  return row;
}

export async function insertContactRow(
  db: Queryable,
  dialogueId: number,
  f: ContactFields,
  by: number,
): Promise<ContactRow> {
  const [row] =
    await db.query<ContactRow>(sql`INSERT INTO contacts (dialogue_id, topic, country_iso3, posted_in_iso3,
      covers_iso3, name, function, organisation, languages, email, phone, user_id, created_by, updated_by)
    VALUES (${dialogueId}, ${f.topic}, ${f.country}, ${f.postedIn}, ${f.covers}::text[], ${f.name}, ${f.function},
      ${f.organisation}, ${f.languages}::text[], ${f.email}, ${f.phone}, ${f.userId}, ${by}, ${by})
    RETURNING ${COLUMNS}`);
  return row!;
}

/** A change by an editor is a new revision and counts as a confirmation of the entry. */
export async function updateContactRow(
  db: Queryable,
  id: number,
  f: ContactFields,
  by: number,
): Promise<ContactRow> {
  const [row] =
    await db.query<ContactRow>(sql`UPDATE contacts SET topic = ${f.topic}, country_iso3 = ${f.country},
      posted_in_iso3 = ${f.postedIn}, covers_iso3 = ${f.covers}::text[], name = ${f.name}, function = ${f.function},
      organisation = ${f.organisation}, languages = ${f.languages}::text[], email = ${f.email}, phone = ${f.phone},
      user_id = ${f.userId}, revision = revision + 1, updated_by = ${by}, updated_at = now(),
      last_confirmed_at = now(), last_confirmed_by = 'editor'
    WHERE id = ${id} RETURNING ${COLUMNS}`);
  return row!;
}

export async function insertRevisionRow(
  db: Queryable,
  r: {
    contactId: number;
    dialogueId: number;
    revision: number;
    action: string;
    data: unknown;
    by: number | null;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO contact_revisions (contact_id, dialogue_id, revision, action, data, edited_by)
    VALUES (${r.contactId}, ${r.dialogueId}, ${r.revision}, ${r.action}, ${JSON.stringify(r.data)}::jsonb, ${r.by})`);
}

export function listRevisionRows(
  db: Queryable,
  dialogueId: number,
  contactId: number,
): Promise<
  {
    revision: number;
    action: string;
    edited_at: Date;
    edited_by: string | null;
    data: Record<string, unknown>;
  }[]
> {
  return db.query(sql`SELECT r.revision, r.action, r.edited_at, u.name AS edited_by, r.data
    FROM contact_revisions r LEFT JOIN users u ON u.id = r.edited_by
    WHERE r.dialogue_id = ${dialogueId} AND r.contact_id = ${contactId} ORDER BY r.revision`);
}

/** Whether the entry exists (removed or not) in the dialogue. */
export async function contactExists(db: Queryable, dialogueId: number, id: number): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM contacts WHERE dialogue_id = ${dialogueId} AND id = ${id}`);
  return rows.length > 0;
}

/**
 * Removal: the person's name, e-mail, phone and account link are erased from the entry and from every
 * revision (what stays: that an entry of this state and topic existed, and who changed it when).
 */
export async function eraseContactRow(db: Queryable, id: number, by: number): Promise<number> {
  const [row] = await db.query<{
    revision: number;
  }>(sql`UPDATE contacts SET name = NULL, email = NULL, phone = NULL,
      user_id = NULL, revision = revision + 1, removed_by = ${by}, removed_at = now(), updated_by = ${by},
      updated_at = now()
    WHERE id = ${id} RETURNING revision`);
  await db.query(sql`UPDATE contact_revisions SET data = data - 'name' - 'email' - 'phone' - 'userId'
    WHERE contact_id = ${id}`);
  return row!.revision;
}

export interface SettingsRow {
  confirm_every_days: number;
  grace_days: number;
  link_days: number;
}

export async function findSettingsRow(db: Queryable, dialogueId: number): Promise<SettingsRow | undefined> {
  const [row] = await db.query<SettingsRow>(sql`SELECT confirm_every_days, grace_days, link_days
    FROM contact_settings WHERE dialogue_id = ${dialogueId}`);
  return row;
}

export async function upsertSettingsRow(
  db: Queryable,
  dialogueId: number,
  s: { confirmEveryDays: number; graceDays: number; linkDays: number },
  by: number,
): Promise<void> {
  await db.query(sql`INSERT INTO contact_settings (dialogue_id, confirm_every_days, grace_days, link_days, updated_by)
    VALUES (${dialogueId}, ${s.confirmEveryDays}, ${s.graceDays}, ${s.linkDays}, ${by})
    ON CONFLICT (dialogue_id) DO UPDATE SET confirm_every_days = EXCLUDED.confirm_every_days,
      grace_days = EXCLUDED.grace_days, link_days = EXCLUDED.link_days, updated_by = EXCLUDED.updated_by,
      revision = contact_settings.revision + 1, updated_at = now()`);
}

// --- confirmation requests: run as the database owner (a job, or the public confirm endpoint) ------------

/** The dialogue's signing key, created on first use (a concurrent first use keeps the first one). */
export async function signingKeyRow(db: Queryable, dialogueId: number, fresh: string): Promise<string> {
  await db.query(sql`INSERT INTO contact_signing_keys (dialogue_id, key) VALUES (${dialogueId}, ${fresh})
    ON CONFLICT (dialogue_id) DO NOTHING`);
  const [row] = await db.query<{ key: string }>(
    sql`SELECT key FROM contact_signing_keys WHERE dialogue_id = ${dialogueId}`,
  );
  return row!.key;
}

export async function findSigningKeyRow(db: Queryable, dialogueId: number): Promise<string | undefined> {
  const [row] = await db.query<{ key: string }>(
    sql`SELECT key FROM contact_signing_keys WHERE dialogue_id = ${dialogueId}`,
  );
  return row?.key;
}

export interface DueRow extends ContactRow {
  slug: string;
  dialogue_name: string;
  link_days: number;
}

/**
 * Entries due for confirmation (last confirmed `confirm_every_days` ago or more) that have had no request
 * since they were last confirmed; a failed request is tried again after a day. Optionally one dialogue.
 */
export function listDueRows(
  db: Queryable,
  now: Date,
  dialogueId: number | null,
  limit: number,
): Promise<DueRow[]> {
  return db.query<DueRow>(sql`SELECT ${sql`c.id, c.dialogue_id, c.topic, trim(c.country_iso3) AS country_iso3,
      trim(c.posted_in_iso3) AS posted_in_iso3, c.covers_iso3, c.name, c.function, c.organisation, c.languages, c.email,
      c.phone, c.user_id, c.revision, c.last_confirmed_at, c.last_confirmed_by, c.updated_at`},
      d.slug, d.name AS dialogue_name, coalesce(s.link_days, 30) AS link_days
    FROM contacts c JOIN dialogues d ON d.id = c.dialogue_id
    LEFT JOIN contact_settings s ON s.dialogue_id = c.dialogue_id
    WHERE c.removed_at IS NULL
      ${dialogueId === null ? empty : sql`AND c.dialogue_id = ${dialogueId}`}
      AND c.last_confirmed_at + make_interval(days => coalesce(s.confirm_every_days, 365)) <= ${now}
      AND NOT EXISTS (SELECT 1 FROM contact_confirmations r WHERE r.contact_id = c.id
        AND r.sent_at >= c.last_confirmed_at
        AND (r.status = 'sent' OR r.sent_at > ${now}::timestamptz - interval '1 day'))
    ORDER BY c.id LIMIT ${limit}`);
}

export async function insertConfirmationRow(
  db: Queryable,
  r: { contactId: number; dialogueId: number; sentAt: Date; expiresAt: Date },
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO contact_confirmations (contact_id, dialogue_id, sent_at,
      expires_at) VALUES (${r.contactId}, ${r.dialogueId}, ${r.sentAt}, ${r.expiresAt}) RETURNING id`);
  return row!.id;
}

export async function markConfirmationFailed(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(
    sql`UPDATE contact_confirmations SET status = 'failed', error = ${error.slice(0, 500)} WHERE id = ${id}`,
  );
}

export interface ConfirmationRow {
  id: number;
  contact_id: number;
  dialogue_id: number;
  status: string;
  confirmed_at: Date | null;
  slug: string;
  dialogue_name: string;
}

export async function findConfirmationRow(
  db: Queryable,
  id: number,
  forUpdate = false,
): Promise<ConfirmationRow | undefined> {
  const [row] =
    await db.query<ConfirmationRow>(sql`SELECT r.id, r.contact_id, r.dialogue_id, r.status, r.confirmed_at,
      d.slug, d.name AS dialogue_name
    FROM contact_confirmations r JOIN dialogues d ON d.id = r.dialogue_id WHERE r.id = ${id}
    ${forUpdate ? sql`FOR UPDATE OF r` : empty}`);
  return row;
}

export async function markContactConfirmed(
  db: Queryable,
  requestId: number,
  contactId: number,
): Promise<Date> {
  const [row] = await db.query<{ at: Date }>(sql`UPDATE contacts SET last_confirmed_at = now(),
      last_confirmed_by = 'contact' WHERE id = ${contactId} RETURNING last_confirmed_at AS at`);
  await db.query(sql`UPDATE contact_confirmations SET confirmed_at = ${row!.at} WHERE id = ${requestId}`);
  return row!.at;
}
