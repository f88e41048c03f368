/** Queries of the alerts module. Lists filter by visibility in SQL; row-level security repeats it. */
import sql, { empty, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { dialogueVisibleTo, visibleTo } from '../../shared/visibility';

// --- scope -------------------------------------------------------------------------------------------------

export interface DialogueRow {
  id: number;
  slug: string;
}

/** A dialogue the actor may see (public, or one they are a member of). */
export async function findVisibleDialogue(
  db: Queryable,
  actor: MaybeActor,
  slug: string,
): Promise<DialogueRow | undefined> {
  const [row] = await db.query<DialogueRow>(sql`SELECT d.id, d.slug FROM dialogues d
    WHERE d.slug = ${slug} AND ${dialogueVisibleTo(actor, 'd')}`);
  return row;
}

export interface ClassifiedRef {
  id: number;
  code: string;
  classification: Classification;
  shared_with_org_ids: number[];
}

export async function findVisibleIndicator(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  code: string,
): Promise<ClassifiedRef | undefined> {
  const [row] = await db.query<ClassifiedRef>(sql`SELECT i.id, i.code, i.classification, i.shared_with_org_ids
    FROM indicators i WHERE i.dialogue_id = ${dialogueId} AND i.code = ${code} AND ${visibleTo(actor, 'i')}`);
  return row;
}

export async function findVisibleRoute(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  code: string,
): Promise<ClassifiedRef | undefined> {
  const [row] = await db.query<ClassifiedRef>(sql`SELECT r.id, r.code, r.classification, r.shared_with_org_ids
    FROM routes r WHERE r.dialogue_id = ${dialogueId} AND r.code = ${code} AND ${visibleTo(actor, 'r')}`);
  return row;
}

// --- rules -------------------------------------------------------------------------------------------------

export interface RuleRow {
  id: number;
  dialogue_id: number;
  dialogue_slug: string;
  owner_id: number;
  owner_name: string;
  owner_org_id: number;
  name: string;
  indicator_id: number;
  indicator: string;
  route: string;
  citizenship: string;
  definition: Record<string, unknown>;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const ruleSelect = sql`SELECT r.id, r.dialogue_id, d.slug AS dialogue_slug, r.owner_id, u.name AS owner_name,
    r.owner_org_id, r.name, r.indicator_id, i.code AS indicator, r.route, r.citizenship, r.definition, r.is_active,
    r.created_at, r.updated_at
  FROM alert_rules r JOIN users u ON u.id = r.owner_id JOIN indicators i ON i.id = r.indicator_id
    JOIN dialogues d ON d.id = r.dialogue_id`;

export function listRules(db: Queryable, dialogueId: number, ownerId?: number): Promise<RuleRow[]> {
  return db.query<RuleRow>(sql`${ruleSelect} WHERE r.dialogue_id = ${dialogueId}
    ${ownerId === undefined ? empty : sql`AND r.owner_id = ${ownerId}`} ORDER BY r.id`);
}

export async function findRule(db: Queryable, dialogueId: number, id: number): Promise<RuleRow | undefined> {
  const [row] = await db.query<RuleRow>(
    sql`${ruleSelect} WHERE r.dialogue_id = ${dialogueId} AND r.id = ${id}`,
  );
  return row;
}

export function listActiveRules(db: Queryable, dialogueId: number, ruleIds?: number[]): Promise<RuleRow[]> {
  return db.query<RuleRow>(sql`${ruleSelect} WHERE r.dialogue_id = ${dialogueId} AND r.is_active AND u.is_active
    ${ruleIds ? sql`AND r.id = ANY(${ruleIds}::int[])` : empty} ORDER BY r.id`);
}

export async function insertRule(
  db: Queryable,
  r: {
    dialogueId: number;
    ownerId: number;
    ownerOrgId: number;
    name: string;
    indicatorId: number;
    route: string;
    citizenship: string;
    definition: unknown;
    isActive: boolean;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO alert_rules
      (dialogue_id, owner_id, owner_org_id, name, indicator_id, route, citizenship, definition, is_active)
    VALUES (${r.dialogueId}, ${r.ownerId}, ${r.ownerOrgId}, ${r.name}, ${r.indicatorId}, ${r.route}, ${r.citizenship},
      ${JSON.stringify(r.definition)}::jsonb, ${r.isActive}) RETURNING id`);
  return row!.id;
}

export async function updateRule(
  db: Queryable,
  id: number,
  u: { name?: string | undefined; definition?: unknown; isActive?: boolean | undefined },
): Promise<void> {
  await db.query(sql`UPDATE alert_rules SET
      name = coalesce(${u.name ?? null}, name),
      definition = coalesce(${u.definition === undefined ? null : JSON.stringify(u.definition)}::jsonb, definition),
      is_active = coalesce(${u.isActive ?? null}::boolean, is_active),
      updated_at = now()
    WHERE id = ${id}`);
}

export async function deleteRule(db: Queryable, id: number): Promise<void> {
  await db.query(sql`DELETE FROM alert_rules WHERE id = ${id}`);
}

// --- alerts ------------------------------------------------------------------------------------------------

export interface AlertRow {
  id: number;
  rule_id: number;
  rule_name: string;
  owner_id: number;
  indicator: string;
  route: string;
  citizenship: string;
  dialogue_id: number;
  dialogue_slug: string;
  period: string;
  series_key: string;
  kind: string;
  value: number | null;
  reference: number | null;
  details: Record<string, unknown>;
  classification: Classification;
  originator_org_id: number;
  shared_with_org_ids: number[];
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledgements: number;
  comments: number;
}

function alertSelect(userId: number | null): Sql {
  return sql`SELECT a.id, a.rule_id, r.name AS rule_name, r.owner_id, i.code AS indicator, r.route, r.citizenship,
      a.dialogue_id, d.slug AS dialogue_slug, to_char(a.period, 'YYYY-MM') AS period, a.series_key, a.kind, a.value,
      a.reference, a.details, a.classification, a.originator_org_id, a.shared_with_org_ids, a.created_at,
      (SELECT k.acknowledged_at FROM alert_acknowledgements k WHERE k.alert_id = a.id AND k.user_id = ${userId}) AS acknowledged_at,
      (SELECT count(*)::int FROM alert_acknowledgements k WHERE k.alert_id = a.id) AS acknowledgements,
      (SELECT count(*)::int FROM alert_comments c WHERE c.alert_id = a.id) AS comments
    FROM alerts a JOIN alert_rules r ON r.id = a.rule_id JOIN indicators i ON i.id = r.indicator_id
      JOIN dialogues d ON d.id = a.dialogue_id`;
}

export interface FeedFilter {
  dialogueId: number;
  mine: boolean;
  unacknowledged: boolean;
  route?: string | undefined;
  limit: number;
  /** Only alerts of these periods or later (YYYY-MM). */
  fromPeriod?: string | undefined;
  toPeriod?: string | undefined;
}

export function listVisibleAlerts(db: Queryable, actor: MaybeActor, f: FeedFilter): Promise<AlertRow[]> {
  const userId = actor?.userId ?? null;
  return db.query<AlertRow>(sql`${alertSelect(userId)}
    WHERE a.dialogue_id = ${f.dialogueId} AND ${visibleTo(actor, 'a')}
      ${f.mine ? sql`AND r.owner_id = ${userId}` : empty}
      ${f.unacknowledged ? sql`AND NOT EXISTS (SELECT 1 FROM alert_acknowledgements k WHERE k.alert_id = a.id AND k.user_id = ${userId})` : empty}
      ${f.route ? sql`AND r.route = ${f.route}` : empty}
      ${f.fromPeriod ? sql`AND a.period >= ${`${f.fromPeriod}-01`}::date` : empty}
      ${f.toPeriod ? sql`AND a.period <= ${`${f.toPeriod}-01`}::date` : empty}
    ORDER BY a.created_at DESC, a.id DESC LIMIT ${f.limit}`);
}

export async function findAlert(
  db: Queryable,
  userId: number | null,
  id: number,
): Promise<AlertRow | undefined> {
  const [row] = await db.query<AlertRow>(sql`${alertSelect(userId)} WHERE a.id = ${id}`);
  return row;
}

export interface NewAlert {
  ruleId: number;
  dialogueId: number;
  period: string;
  seriesKey: string;
  kind: string;
  value: number;
  reference: number | null;
  details: Record<string, unknown>;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds: number[];
}

/** Inserts an alert unless the same event (rule, period, series) is already recorded: the new id, or null. */
export async function insertAlertOnce(db: Queryable, a: NewAlert): Promise<number | null> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO alerts (rule_id, dialogue_id, period, series_key,
      kind, value, reference, details, classification, originator_org_id, shared_with_org_ids)
    VALUES (${a.ruleId}, ${a.dialogueId}, ${`${a.period}-01`}::date, ${a.seriesKey}, ${a.kind}, ${a.value},
      ${a.reference}, ${JSON.stringify(a.details)}::jsonb, ${a.classification}::classification, ${a.originatorOrgId},
      ${a.sharedWithOrgIds}::int[])
    ON CONFLICT (rule_id, period, series_key) DO NOTHING RETURNING id`);
  return row?.id ?? null;
}

export async function acknowledgeAlert(db: Queryable, alertId: number, userId: number): Promise<void> {
  await db.query(sql`INSERT INTO alert_acknowledgements (alert_id, user_id) VALUES (${alertId}, ${userId})
    ON CONFLICT DO NOTHING`);
}

export async function insertComment(
  db: Queryable,
  alertId: number,
  userId: number,
  body: string,
): Promise<void> {
  await db.query(
    sql`INSERT INTO alert_comments (alert_id, user_id, body) VALUES (${alertId}, ${userId}, ${body})`,
  );
}

export function listComments(
  db: Queryable,
  alertId: number,
): Promise<{ id: number; user_id: number; author: string; body: string; created_at: Date }[]> {
  return db.query(sql`SELECT c.id, c.user_id, u.name AS author, c.body, c.created_at
    FROM alert_comments c JOIN users u ON u.id = c.user_id WHERE c.alert_id = ${alertId} ORDER BY c.id`);
}

// --- subscriptions, notifications, deliveries ------------------------------------------------------------

export interface SubscriptionRow {
  id: number;
  user_id: number;
  dialogue_id: number;
  channel: 'in_app' | 'email' | 'webhook';
  scope: 'own' | 'all';
  webhook_url: string | null;
  webhook_secret: string | null;
  is_active: boolean;
  created_at: Date;
  email: string;
}

const subscriptionSelect = sql`SELECT s.id, s.user_id, s.dialogue_id, s.channel, s.scope, s.webhook_url,
    s.webhook_secret, s.is_active, s.created_at, u.email
  FROM alert_subscriptions s JOIN users u ON u.id = s.user_id`;

export function listSubscriptionsOfUser(db: Queryable, userId: number, dialogueId: number) {
  return db.query<SubscriptionRow>(sql`${subscriptionSelect}
    WHERE s.user_id = ${userId} AND s.dialogue_id = ${dialogueId} ORDER BY s.id`);
}

export function listActiveSubscriptions(db: Queryable, dialogueId: number) {
  return db.query<SubscriptionRow>(sql`${subscriptionSelect}
    WHERE s.dialogue_id = ${dialogueId} AND s.is_active AND u.is_active ORDER BY s.id`);
}

export async function insertSubscription(
  db: Queryable,
  s: { userId: number; dialogueId: number; channel: string; scope: string; url?: string; secret?: string },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO alert_subscriptions
      (user_id, dialogue_id, channel, scope, webhook_url, webhook_secret)
    VALUES (${s.userId}, ${s.dialogueId}, ${s.channel}, ${s.scope}, ${s.url ?? null}, ${s.secret ?? null}) RETURNING id`);
  return row!.id;
}

export async function deleteSubscription(db: Queryable, userId: number, dialogueId: number, id: number) {
  const rows = await db.query(sql`DELETE FROM alert_subscriptions
    WHERE id = ${id} AND user_id = ${userId} AND dialogue_id = ${dialogueId} RETURNING id`);
  return rows.length > 0;
}

export async function insertNotification(db: Queryable, userId: number, alertId: number, dialogueId: number) {
  await db.query(sql`INSERT INTO notifications (user_id, alert_id, dialogue_id) VALUES (${userId}, ${alertId}, ${dialogueId})
    ON CONFLICT (user_id, alert_id) DO NOTHING`);
}

export async function insertDelivery(
  db: Queryable,
  d: { alertId: number; subscriptionId: number; dialogueId: number; userId: number; channel: string },
): Promise<void> {
  await db.query(sql`INSERT INTO alert_deliveries (alert_id, subscription_id, dialogue_id, user_id, channel)
    VALUES (${d.alertId}, ${d.subscriptionId}, ${d.dialogueId}, ${d.userId}, ${d.channel})
    ON CONFLICT (alert_id, subscription_id) DO NOTHING`);
}

export interface NotificationRow {
  id: number;
  /** 'alert', or another kind of message (calendar.reminder, submission.returned …; src/modules/messages). */
  type: string;
  payload: Record<string, unknown>;
  link: string | null;
  dialogue: string | null;
  alert_id: number | null;
  rule_name: string | null;
  kind: string | null;
  period: string | null;
  series_key: string | null;
  value: number | null;
  created_at: Date;
  read_at: Date | null;
}

export function listNotifications(db: Queryable, userId: number, unreadOnly: boolean, limit: number) {
  return db.query<NotificationRow>(sql`SELECT n.id, n.kind AS type, n.payload, n.link, d.slug AS dialogue, n.alert_id, r.name AS rule_name, a.kind,
      to_char(a.period, 'YYYY-MM') AS period, a.series_key, a.value, n.created_at, n.read_at
    FROM notifications n LEFT JOIN dialogues d ON d.id = n.dialogue_id
      LEFT JOIN alerts a ON a.id = n.alert_id LEFT JOIN alert_rules r ON r.id = a.rule_id
    WHERE n.user_id = ${userId} ${unreadOnly ? sql`AND n.read_at IS NULL` : empty}
    ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`);
}

export async function countUnread(db: Queryable, userId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`,
  );
  return row?.n ?? 0;
}

export async function markNotificationRead(db: Queryable, userId: number, id: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE notifications SET read_at = coalesce(read_at, now())
    WHERE id = ${id} AND user_id = ${userId} RETURNING id`);
  return rows.length > 0;
}

export async function markAllRead(db: Queryable, userId: number): Promise<number> {
  const rows = await db.query(
    sql`UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL RETURNING id`,
  );
  return rows.length;
}

/** Marks the notifications of an alert read for a user (on acknowledging it). */
export async function markAlertNotificationsRead(db: Queryable, userId: number, alertId: number) {
  await db.query(sql`UPDATE notifications SET read_at = now()
    WHERE user_id = ${userId} AND alert_id = ${alertId} AND read_at IS NULL`);
}

export interface DeliveryRow {
  id: number;
  alert_id: number;
  subscription_id: number;
  dialogue_id: number;
  user_id: number;
  user_name: string;
  user_email: string;
  user_locale: string;
  channel: 'email' | 'webhook';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  webhook_url: string | null;
  webhook_secret: string | null;
}

const deliverySelect = sql`SELECT x.id, x.alert_id, x.subscription_id, x.dialogue_id, x.user_id, u.name AS user_name,
    u.email AS user_email, u.locale AS user_locale, x.channel, x.status, x.attempts, x.next_attempt_at,
    x.last_attempt_at, x.last_error, x.sent_at, s.webhook_url, s.webhook_secret
  FROM alert_deliveries x JOIN users u ON u.id = x.user_id JOIN alert_subscriptions s ON s.id = x.subscription_id`;

export function listDeliveries(
  db: Queryable,
  f: { dialogueId: number; userId?: number | undefined; status?: string | undefined; limit: number },
) {
  return db.query<DeliveryRow>(sql`${deliverySelect} WHERE x.dialogue_id = ${f.dialogueId}
    ${f.userId === undefined ? empty : sql`AND x.user_id = ${f.userId}`}
    ${f.status ? sql`AND x.status = ${f.status}` : empty}
    ORDER BY x.id DESC LIMIT ${f.limit}`);
}

/**
 * Claims due deliveries: they get a lease (next attempt in 5 minutes) and one more attempt counted, so a
 * crashed worker's deliveries are tried again later and two workers never send the same one at once.
 */
export async function claimDueDeliveries(db: Queryable, now: Date, limit: number): Promise<DeliveryRow[]> {
  const claimed = await db.query<{ id: number }>(sql`UPDATE alert_deliveries x
    SET attempts = x.attempts + 1, last_attempt_at = ${now}, next_attempt_at = ${now}::timestamptz + interval '5 minutes'
    WHERE x.id IN (SELECT id FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING x.id`);
  if (!claimed.length) return [];
  return db.query<DeliveryRow>(
    sql`${deliverySelect} WHERE x.id = ANY(${claimed.map((c) => c.id)}::bigint[]) ORDER BY x.id`,
  );
}

export async function markDeliverySent(db: Queryable, id: number, now: Date): Promise<void> {
  await db.query(
    sql`UPDATE alert_deliveries SET status = 'sent', sent_at = ${now}, last_error = NULL WHERE id = ${id}`,
  );
}

export async function markDeliveryFailed(
  db: Queryable,
  id: number,
  error: string,
  nextAttemptAt: Date | null,
): Promise<void> {
  await db.query(sql`UPDATE alert_deliveries SET last_error = ${error.slice(0, 2000)},
      status = ${nextAttemptAt ? 'pending' : 'failed'},
      next_attempt_at = coalesce(${nextAttemptAt}::timestamptz, next_attempt_at)
    WHERE id = ${id}`);
}

/** The earliest pending delivery, to schedule the next run of the delivery job. */
export async function nextDueDelivery(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(
    sql`SELECT min(next_attempt_at) AS at FROM alert_deliveries WHERE status = 'pending'`,
  );
  return row?.at ?? null;
}

// --- forecasts (migration 0006, forecasting module) -------------------------------------------------------

export interface ForecastRow {
  model: string;
  origin: string;
  point: number;
  lo95: number;
  hi95: number;
}

/** The chosen model's forecast of `period` for a series, made at an origin before that period. */
export async function findForecastOf(
  db: Queryable,
  s: { indicatorId: number; route: string; citizenship: string; period: string },
): Promise<ForecastRow | undefined> {
  const [row] =
    await db.query<ForecastRow>(sql`SELECT p.model, to_char(f.origin, 'YYYY-MM') AS origin, p.point,
      p.lo95, p.hi95
    FROM forecast_series f JOIN forecast_points p ON p.series_id = f.id AND p.model = f.chosen_model
    WHERE f.indicator_id = ${s.indicatorId} AND f.route = ${s.route} AND f.citizenship = ${s.citizenship}
      AND f.reporter_iso3 = '_T' AND p.period = ${`${s.period}-01`}::date AND f.origin < ${`${s.period}-01`}::date
      AND p.lo95 IS NOT NULL AND p.hi95 IS NOT NULL
    LIMIT 1`);
  return row;
}

/** An alert with what its e-mail and webhook say: rule, indicator code, dialogue slug. */
export interface AlertPayloadRow {
  id: number;
  dialogue_slug: string;
  rule_id: number;
  rule_name: string;
  indicator: string;
  route: string;
  citizenship: string;
  kind: string;
  period: string;
  series_key: string;
  value: number | null;
  reference: number | null;
  details: Record<string, unknown>;
  classification: string;
  created_at: Date;
}

export async function loadAlertPayload(db: Queryable, id: number): Promise<AlertPayloadRow | undefined> {
  const [row] =
    await db.query<AlertPayloadRow>(sql`SELECT a.id, d.slug AS dialogue_slug, a.rule_id, r.name AS rule_name,
      i.code AS indicator, r.route, r.citizenship, a.kind, to_char(a.period, 'YYYY-MM') AS period, a.series_key,
      a.value, a.reference, a.details, a.classification, a.created_at
    FROM alerts a JOIN alert_rules r ON r.id = a.rule_id JOIN indicators i ON i.id = r.indicator_id
      JOIN dialogues d ON d.id = a.dialogue_id
    WHERE a.id = ${id}`);
  return row;
}
