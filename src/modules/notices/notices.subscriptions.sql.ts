/**
 * Queries of saved notice filters (subscriptions, migration 0044) and of the uptake dashboard. Requests run
 * as the caller (row-level security: a subscription is its owner's alone); the matching, digest, webhook and
 * nudge jobs run as the database owner and read the subscribers with what their visibility needs.
 */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { SavedFilter, SubscriptionDelivery } from '../../domain/notices/subscription-filter';
import type { Role } from '../../shared/roles';

export interface SubscriptionRow {
  id: number;
  dialogue_id: number;
  user_id: number;
  name: string;
  filter: SavedFilter;
  delivery: SubscriptionDelivery;
  webhook_url: string | null;
  webhook_secret: string | null;
  revision: number;
  last_digest_at: Date | null;
  last_webhook_at: Date | null;
  last_webhook_error: string | null;
  matched: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT_SUBSCRIPTION = sql`SELECT s.id, s.dialogue_id, s.user_id, s.name, s.filter, s.delivery,
    s.webhook_url, s.webhook_secret, s.revision, s.last_digest_at, s.last_webhook_at, s.last_webhook_error,
    (SELECT count(*)::int FROM notice_subscription_hits h WHERE h.subscription_id = s.id) AS matched,
    s.created_at, s.updated_at
  FROM notice_subscriptions s`;

export function listSubscriptionsOf(db: Queryable, userId: number, dialogueId: number) {
  return db.query<SubscriptionRow>(sql`${SELECT_SUBSCRIPTION}
    WHERE s.user_id = ${userId} AND s.dialogue_id = ${dialogueId} ORDER BY s.name, s.id`);
}

export async function findSubscriptionOf(
  db: Queryable,
  userId: number,
  dialogueId: number,
  id: number,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db.query<SubscriptionRow>(sql`${SELECT_SUBSCRIPTION}
    WHERE s.id = ${id} AND s.user_id = ${userId} AND s.dialogue_id = ${dialogueId}`);
  return row;
}

export interface SubscriptionFields {
  name: string;
  filter: SavedFilter;
  delivery: SubscriptionDelivery;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export async function insertSubscription(
  db: Queryable,
  s: SubscriptionFields & { userId: number; dialogueId: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO notice_subscriptions (dialogue_id, user_id,
      name, filter, delivery, webhook_url, webhook_secret)
    VALUES (${s.dialogueId}, ${s.userId}, ${s.name}, ${JSON.stringify(s.filter)}::jsonb, ${s.delivery},
      ${s.webhookUrl}, ${s.webhookSecret})
    RETURNING id`);
  return row!.id;
}

/** The new fields as revision `expectedRevision + 1`; false when the subscription moved on meanwhile. */
export async function updateSubscription(
  db: Queryable,
  id: number,
  expectedRevision: number,
  s: SubscriptionFields,
): Promise<boolean> {
  const rows = await db.query(sql`UPDATE notice_subscriptions SET name = ${s.name},
      filter = ${JSON.stringify(s.filter)}::jsonb, delivery = ${s.delivery}, webhook_url = ${s.webhookUrl},
      webhook_secret = ${s.webhookSecret}, revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expectedRevision} RETURNING id`);
  return rows.length > 0;
}

export async function deleteSubscription(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(sql`DELETE FROM notice_subscriptions WHERE id = ${id} RETURNING id`);
  return rows.length > 0;
}

// --- jobs (as the database owner) ---------------------------------------------------------------------------

export interface SubscriberRow extends SubscriptionRow {
  email: string;
  user_name: string;
  locale: string;
  org_id: number;
  org_kind: 'state' | 'secretariat' | 'international';
  country_iso3: string | null;
  /** The owner's roles in the subscription's dialogue (empty: no longer a member). */
  roles: Role[];
}

const SELECT_SUBSCRIBER = sql`SELECT s.id, s.dialogue_id, s.user_id, s.name, s.filter, s.delivery,
    s.webhook_url, s.webhook_secret, s.revision, s.last_digest_at, s.last_webhook_at, s.last_webhook_error,
    0 AS matched, s.created_at, s.updated_at, u.email, u.name AS user_name, u.locale, o.id AS org_id,
    o.kind::text AS org_kind, trim(o.country_iso3) AS country_iso3,
    ARRAY(SELECT m.role::text FROM memberships m WHERE m.user_id = u.id AND m.dialogue_id = s.dialogue_id)
      AS roles
  FROM notice_subscriptions s JOIN users u ON u.id = s.user_id AND u.is_active
    JOIN organisations o ON o.id = u.organisation_id`;

/** The dialogue's subscriptions with their active owners. */
export function listDialogueSubscribers(db: Queryable, dialogueId: number) {
  return db.query<SubscriberRow>(sql`${SELECT_SUBSCRIBER} WHERE s.dialogue_id = ${dialogueId} ORDER BY s.id`);
}

/** Digest subscriptions (daily, weekly) of any dialogue with their active owners. */
export function listDigestSubscribers(db: Queryable) {
  return db.query<SubscriberRow>(sql`${SELECT_SUBSCRIBER}
    WHERE s.delivery IN ('daily', 'weekly') ORDER BY s.id FOR UPDATE OF s SKIP LOCKED`);
}

export async function findSubscriber(db: Queryable, id: number): Promise<SubscriberRow | undefined> {
  const [row] = await db.query<SubscriberRow>(sql`${SELECT_SUBSCRIBER} WHERE s.id = ${id}`);
  return row;
}

/** Records that the notice matched; false when it had already (a job run twice). */
export async function insertHit(db: Queryable, subscriptionId: number, noticeId: number): Promise<boolean> {
  const rows = await db.query(sql`INSERT INTO notice_subscription_hits (subscription_id, notice_id)
    VALUES (${subscriptionId}, ${noticeId}) ON CONFLICT DO NOTHING RETURNING notice_id`);
  return rows.length > 0;
}

/** The notices a digest has not listed yet. */
export async function listUndigestedHits(db: Queryable, subscriptionId: number): Promise<number[]> {
  const rows = await db.query<{ notice_id: number }>(sql`SELECT notice_id FROM notice_subscription_hits
    WHERE subscription_id = ${subscriptionId} AND digested_at IS NULL ORDER BY matched_at, notice_id`);
  return rows.map((r) => r.notice_id);
}

/** The digest went out (or had nothing to say): its hits are listed, the next is due a period after `at`. */
export async function markDigested(db: Queryable, subscriptionId: number, at: Date): Promise<void> {
  await db.query(sql`UPDATE notice_subscription_hits SET digested_at = ${at}
    WHERE subscription_id = ${subscriptionId} AND digested_at IS NULL`);
  await db.query(sql`UPDATE notice_subscriptions SET last_digest_at = ${at} WHERE id = ${subscriptionId}`);
}

export async function recordWebhookResult(
  db: Queryable,
  subscriptionId: number,
  at: Date,
  error: string | null,
): Promise<void> {
  await db.query(sql`UPDATE notice_subscriptions SET last_webhook_at = ${at},
      last_webhook_error = ${error === null ? null : error.slice(0, 500)}
    WHERE id = ${subscriptionId}`);
}

// --- uptake ---------------------------------------------------------------------------------------------------

export interface UptakeNoticeRow {
  id: number;
  title: string;
  state_iso3: string;
  originator_org_id: number;
  sent_at: Date;
  adopted_on: string | null;
  effective_on: string | null;
}

/** The dialogue's sent notices (the secretariat sees them all; row-level security applies). */
export function listSentNoticesForUptake(db: Queryable, dialogueId: number) {
  return db.query<UptakeNoticeRow>(sql`SELECT n.id, n.title, trim(n.state_iso3) AS state_iso3,
      n.originator_org_id, n.sent_at, to_char(n.adopted_on, 'YYYY-MM-DD') AS adopted_on,
      to_char(n.effective_on, 'YYYY-MM-DD') AS effective_on
    FROM notices n WHERE n.dialogue_id = ${dialogueId} AND n.status = 'sent' ORDER BY n.sent_at, n.id`);
}

export function listDialogueAcknowledgements(db: Queryable, dialogueId: number) {
  return db.query<{ notice_id: number; organisation_id: number }>(sql`SELECT notice_id, organisation_id
    FROM notice_acknowledgements WHERE dialogue_id = ${dialogueId}`);
}

/** Dialogues where notices are in use (one sent at least): those whose states are nudged. */
export async function listDialoguesWithNotices(db: Queryable, dialogueId?: number): Promise<number[]> {
  const rows = await db.query<{ dialogue_id: number }>(sql`SELECT DISTINCT dialogue_id FROM notices
    WHERE status = 'sent' ${dialogueId === undefined ? empty : sql`AND dialogue_id = ${dialogueId}`}
    ORDER BY dialogue_id`);
  return rows.map((r) => r.dialogue_id);
}
