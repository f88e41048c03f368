/**
 * Early warning: alert rules (CRUD), the alert feed with acknowledgements and comments, subscriptions, the
 * in-app notification centre and the delivery log. Evaluation is in alerts.evaluate.ts, e-mail and webhook
 * delivery in alerts.deliver.ts.
 *
 * Who sees what: rules are seen and changed by their owner and the dialogue's secretariat; alerts by every
 * member the alert's classification allows (the classification of the data the rule reads, at least
 * 'dialogue'); a dialogue or record the caller may not see answers 404.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { RuleDefinition } from '../../domain/alerts/rules';
import { allows } from '../../shared/access';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Forbidden, Invalid, NotFound, Unauthenticated } from '../../shared/errors';
import { OutboundRefused, readOutboundPolicy, resolveOutboundUrl } from '../../shared/outbound-url';
import { canSee } from '../../shared/visibility';
import { recordAudit } from '../audit/audit.service';
import { alertsPolicy } from './alerts.policy';
import type {
  AlertDetail,
  AlertView,
  DeliveryQuery,
  DeliveryView,
  FeedQuery,
  NotificationQuery,
  NotificationView,
  RuleCreateBody,
  RuleUpdateBody,
  RuleView,
  SubscriptionCreateBody,
  SubscriptionView,
} from './alerts.schema';
import {
  type AlertRow,
  acknowledgeAlert,
  countUnread,
  type DeliveryRow,
  type DialogueRow,
  deleteRule,
  deleteSubscription,
  findAlert,
  findRule,
  findVisibleDialogue,
  findVisibleIndicator,
  findVisibleRoute,
  insertComment,
  insertRule,
  insertSubscription,
  listComments,
  listDeliveries,
  listNotifications,
  listRules,
  listSubscriptionsOfUser,
  listVisibleAlerts,
  markAlertNotificationsRead,
  markAllRead,
  markNotificationRead,
  type NotificationRow,
  type RuleRow,
  type SubscriptionRow,
  updateRule,
} from './alerts.sql';

const TOTAL = '_T';
const iso = (d: Date | string) => new Date(d).toISOString();

function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Unauthenticated();
  return ctx.actor;
}

function tx<T>(ctx: Ctx, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return withActor(ctx.db, ctx.actor, fn);
}

/** A dialogue the actor is a member of, else 404. */
async function requireMemberDialogue(ctx: Ctx, db: Queryable, slug: string): Promise<DialogueRow> {
  const d = await findVisibleDialogue(db, ctx.actor, slug);
  if (!d || !allows(ctx.actor, alertsPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return d;
}

// --- rules -------------------------------------------------------------------------------------------------

function toRuleView(ctx: Ctx, r: RuleRow): RuleView {
  const may = alertsPolicy.manageRule(ctx.actor, { dialogueId: r.dialogue_id, ownerId: r.owner_id });
  return {
    id: r.id,
    name: r.name,
    indicator: r.indicator,
    route: r.route,
    citizenship: r.citizenship === TOTAL ? null : r.citizenship,
    definition: r.definition,
    isActive: r.is_active,
    owner: { id: r.owner_id, name: r.owner_name },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    abilities: { update: may, delete: may },
  };
}

/** Rules of a dialogue: the secretariat sees all, other members their own. */
export async function listAlertRules(ctx: Ctx, slug: string): Promise<RuleView[]> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    const all = allows(actor, alertsPolicy.evaluateAll, { dialogueId: d.id });
    const rows = await listRules(db, d.id, all ? undefined : actor.userId);
    return rows.map((r) => toRuleView(ctx, r));
  });
}

async function requireRule(ctx: Ctx, db: Queryable, d: DialogueRow, id: number): Promise<RuleRow> {
  const r = await findRule(db, d.id, id);
  if (!r || !alertsPolicy.manageRule(ctx.actor, { dialogueId: d.id, ownerId: r.owner_id }))
    throw new NotFound(`Alert rule ${id}`);
  return r;
}

export async function getAlertRule(ctx: Ctx, slug: string, id: number): Promise<RuleView> {
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    return toRuleView(ctx, await requireRule(ctx, db, d, id));
  });
}

/**
 * Creates a rule on an indicator × route (× citizenship) the actor may see. Unknown or invisible indicator or
 * route: 400 naming the field (as the dashboards do). route_shift needs a route.
 */
export async function createAlertRule(ctx: Ctx, slug: string, input: RuleCreateBody): Promise<RuleView> {
  const actor = requireActor(ctx);
  const definition = RuleDefinition.parse(input.definition);
  const id = await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    if (!allows(actor, alertsPolicy.createRule, { dialogueId: d.id })) throw new Forbidden();
    const indicator = await findVisibleIndicator(db, actor, d.id, input.indicator);
    const errors = [];
    if (!indicator)
      errors.push({ field: 'body.indicator', message: `no indicator "${input.indicator}" in this dialogue` });
    if (input.route !== TOTAL && !(await findVisibleRoute(db, actor, d.id, input.route)))
      errors.push({ field: 'body.route', message: `no route "${input.route}" in this dialogue` });
    if (definition.kind === 'route_shift' && input.route === TOTAL)
      errors.push({ field: 'body.route', message: 'a route-shift rule needs a route' });
    if (errors.length || !indicator) throw new Invalid(errors);
    const id = await insertRule(db, {
      dialogueId: d.id,
      ownerId: actor.userId,
      ownerOrgId: actor.orgId,
      name: input.name,
      indicatorId: indicator.id,
      route: input.route,
      citizenship: input.citizenship ?? TOTAL,
      definition,
      isActive: input.isActive,
    });
    await recordAudit(
      db,
      actor,
      'alert_rule.create',
      { type: 'alert_rule', id, dialogueId: d.id },
      {
        kind: definition.kind,
      },
    );
    return id;
  });
  return getAlertRule(ctx, slug, id);
}

export async function updateAlertRule(
  ctx: Ctx,
  slug: string,
  id: number,
  input: RuleUpdateBody,
): Promise<RuleView> {
  const actor = requireActor(ctx);
  await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    const rule = await requireRule(ctx, db, d, id);
    const definition = input.definition ? RuleDefinition.parse(input.definition) : undefined;
    if (definition?.kind === 'route_shift' && rule.route === TOTAL)
      throw new Invalid([{ field: 'body.definition.kind', message: 'a route-shift rule needs a route' }]);
    await updateRule(db, id, { name: input.name, definition, isActive: input.isActive });
    await recordAudit(db, actor, 'alert_rule.update', { type: 'alert_rule', id, dialogueId: d.id }, {});
  });
  return getAlertRule(ctx, slug, id);
}

export async function deleteAlertRule(ctx: Ctx, slug: string, id: number): Promise<void> {
  const actor = requireActor(ctx);
  await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    await requireRule(ctx, db, d, id);
    await deleteRule(db, id);
    await recordAudit(db, actor, 'alert_rule.delete', { type: 'alert_rule', id, dialogueId: d.id }, {});
  });
}

/** The rule as the evaluation needs it, after checking the actor may manage it. */
export async function requireManagedRule(ctx: Ctx, slug: string, id: number): Promise<RuleRow> {
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    return requireRule(ctx, db, d, id);
  });
}

/** The dialogue's id, if the actor may evaluate all of its rules; else 404 (not a member) or 403. */
export async function requireEvaluator(ctx: Ctx, slug: string): Promise<number> {
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    if (!allows(ctx.actor, alertsPolicy.evaluateAll, { dialogueId: d.id }))
      throw new Forbidden('Only the secretariat evaluates every rule of a dialogue');
    return d.id;
  });
}

// --- feed --------------------------------------------------------------------------------------------------

function toAlertView(ctx: Ctx, a: AlertRow): AlertView {
  return {
    id: a.id,
    rule: { id: a.rule_id, name: a.rule_name, isMine: a.owner_id === ctx.actor?.userId },
    kind: a.kind,
    indicator: a.indicator,
    route: a.route,
    citizenship: a.citizenship === TOTAL ? null : a.citizenship,
    seriesKey: a.series_key,
    period: a.period,
    value: a.value,
    reference: a.reference,
    details: a.details,
    classification: a.classification,
    createdAt: iso(a.created_at),
    acknowledgedAt: a.acknowledged_at ? iso(a.acknowledged_at) : null,
    acknowledgements: a.acknowledgements,
    comments: a.comments,
  };
}

export async function listAlertFeed(ctx: Ctx, slug: string, q: FeedQuery): Promise<AlertView[]> {
  requireActor(ctx);
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    const rows = await listVisibleAlerts(db, ctx.actor, {
      dialogueId: d.id,
      mine: q.mine === 'true',
      unacknowledged: q.unacknowledged === 'true',
      route: q.route,
      limit: q.limit,
    });
    return rows.map((a) => toAlertView(ctx, a));
  });
}

/** Alerts of a dialogue the actor may see, for a situation report (route '_T' = all routes). */
export async function listAlertsForReport(
  ctx: Ctx,
  dialogueId: number,
  f: { route: string; fromPeriod: string; toPeriod: string },
): Promise<AlertView[]> {
  return tx(ctx, async (db) => {
    const rows = await listVisibleAlerts(db, ctx.actor, {
      dialogueId,
      mine: false,
      unacknowledged: false,
      route: f.route === TOTAL ? undefined : f.route,
      fromPeriod: f.fromPeriod,
      toPeriod: f.toPeriod,
      limit: 50,
    });
    return rows.map((a) => toAlertView(ctx, a));
  });
}

async function requireAlert(ctx: Ctx, db: Queryable, d: DialogueRow, id: number): Promise<AlertRow> {
  const a = await findAlert(db, ctx.actor?.userId ?? null, id);
  const visible =
    a &&
    a.dialogue_id === d.id &&
    canSee(ctx.actor, {
      dialogueId: a.dialogue_id,
      classification: a.classification,
      originatorOrgId: a.originator_org_id,
      sharedWithOrgIds: a.shared_with_org_ids,
    });
  if (!visible) throw new NotFound(`Alert ${id}`);
  return a;
}

export async function getAlert(ctx: Ctx, slug: string, id: number): Promise<AlertDetail> {
  requireActor(ctx);
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    const a = await requireAlert(ctx, db, d, id);
    const comments = await listComments(db, id);
    return {
      ...toAlertView(ctx, a),
      commentList: comments.map((c) => ({
        id: c.id,
        author: { id: c.user_id, name: c.author },
        body: c.body,
        createdAt: iso(c.created_at),
      })),
    };
  });
}

/** Acknowledges an alert for the caller (idempotent) and marks its notifications read. */
export async function acknowledge(ctx: Ctx, slug: string, id: number): Promise<AlertDetail> {
  const actor = requireActor(ctx);
  await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    await requireAlert(ctx, db, d, id);
    await acknowledgeAlert(db, id, actor.userId);
    await markAlertNotificationsRead(db, actor.userId, id);
  });
  return getAlert(ctx, slug, id);
}

export async function commentOnAlert(ctx: Ctx, slug: string, id: number, body: string): Promise<AlertDetail> {
  const actor = requireActor(ctx);
  await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    await requireAlert(ctx, db, d, id);
    await insertComment(db, id, actor.userId, body);
  });
  return getAlert(ctx, slug, id);
}

// --- subscriptions -----------------------------------------------------------------------------------------

function toSubscriptionView(s: SubscriptionRow): SubscriptionView {
  return {
    id: s.id,
    channel: s.channel,
    scope: s.scope,
    target: s.channel === 'email' ? s.email : s.channel === 'webhook' ? s.webhook_url : null,
    isActive: s.is_active,
    createdAt: iso(s.created_at),
  };
}

export async function listSubscriptions(ctx: Ctx, slug: string): Promise<SubscriptionView[]> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    return (await listSubscriptionsOfUser(db, actor.userId, d.id)).map(toSubscriptionView);
  });
}

/**
 * A webhook needs a role that integrates systems, and a URL the outbound rule allows (src/shared/outbound-url.ts:
 * https, public addresses unless allow-listed), checked here with a DNS look-up and again at every delivery.
 * The look-up runs outside any transaction (it may take seconds).
 */
async function checkWebhookSubscription(ctx: Ctx, slug: string, url: string): Promise<void> {
  await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    if (!alertsPolicy.addWebhook(ctx.actor, { dialogueId: d.id }))
      throw new Forbidden(
        'Webhooks are added by the secretariat and analysts; subscribe in-app or by e-mail',
      );
  });
  try {
    await resolveOutboundUrl(url, readOutboundPolicy());
  } catch (e) {
    if (!(e instanceof OutboundRefused)) throw e;
    ctx.log.info({ reason: e.detail }, 'webhook URL refused');
    throw new Invalid([{ field: 'body.url', message: e.message }]);
  }
}

export async function createSubscription(
  ctx: Ctx,
  slug: string,
  input: SubscriptionCreateBody,
): Promise<SubscriptionView> {
  const actor = requireActor(ctx);
  if (input.channel === 'webhook') await checkWebhookSubscription(ctx, slug, input.url);
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    const id = await insertSubscription(db, {
      userId: actor.userId,
      dialogueId: d.id,
      channel: input.channel,
      scope: input.scope,
      ...(input.channel === 'webhook' ? { url: input.url, secret: input.secret } : {}),
    });
    await recordAudit(
      db,
      actor,
      'alert_subscription.create',
      { type: 'alert_subscription', id, dialogueId: d.id },
      {
        channel: input.channel,
        scope: input.scope,
        ...(input.channel === 'webhook' ? { url: input.url } : {}),
      },
    );
    const created = (await listSubscriptionsOfUser(db, actor.userId, d.id)).find((s) => s.id === id);
    return toSubscriptionView(created!);
  });
}

export async function removeSubscription(ctx: Ctx, slug: string, id: number): Promise<void> {
  const actor = requireActor(ctx);
  await tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    if (!(await deleteSubscription(db, actor.userId, d.id, id))) throw new NotFound(`Subscription ${id}`);
    await recordAudit(db, actor, 'alert_subscription.delete', {
      type: 'alert_subscription',
      id,
      dialogueId: d.id,
    });
  });
}

// --- deliveries --------------------------------------------------------------------------------------------

function toDeliveryView(x: DeliveryRow): DeliveryView {
  return {
    id: x.id,
    alertId: x.alert_id,
    channel: x.channel,
    status: x.status,
    attempts: x.attempts,
    nextAttemptAt: iso(x.next_attempt_at),
    lastAttemptAt: x.last_attempt_at ? iso(x.last_attempt_at) : null,
    lastError: x.last_error,
    sentAt: x.sent_at ? iso(x.sent_at) : null,
    user: { id: x.user_id, name: x.user_name },
    target: x.channel === 'email' ? x.user_email : x.webhook_url,
  };
}

/** E-mail and webhook deliveries with their errors: all of the dialogue for the secretariat, else one's own. */
export async function listAlertDeliveries(ctx: Ctx, slug: string, q: DeliveryQuery): Promise<DeliveryView[]> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => {
    const d = await requireMemberDialogue(ctx, db, slug);
    const all = alertsPolicy.readAllDeliveries(actor, { dialogueId: d.id });
    const rows = await listDeliveries(db, {
      dialogueId: d.id,
      userId: all ? undefined : actor.userId,
      status: q.status,
      limit: q.limit,
    });
    return rows.map(toDeliveryView);
  });
}

// --- notifications -----------------------------------------------------------------------------------------

function toNotificationView(n: NotificationRow): NotificationView {
  return {
    id: n.id,
    type: n.type,
    payload: n.payload,
    link: n.link,
    dialogue: n.dialogue,
    alertId: n.alert_id,
    ruleName: n.rule_name,
    kind: n.kind,
    period: n.period,
    seriesKey: n.series_key,
    value: n.value,
    createdAt: iso(n.created_at),
    readAt: n.read_at ? iso(n.read_at) : null,
  };
}

export async function listMyNotifications(
  ctx: Ctx,
  q: NotificationQuery,
): Promise<{ unread: number; items: NotificationView[] }> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => ({
    unread: await countUnread(db, actor.userId),
    items: (await listNotifications(db, actor.userId, q.unread === 'true', q.limit)).map(toNotificationView),
  }));
}

export async function unreadCount(ctx: Ctx): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => ({ unread: await countUnread(db, actor.userId) }));
}

export async function readNotification(ctx: Ctx, id: number): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => {
    if (!(await markNotificationRead(db, actor.userId, id))) throw new NotFound(`Notification ${id}`);
    return { unread: await countUnread(db, actor.userId) };
  });
}

export async function readAllNotifications(ctx: Ctx): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  return tx(ctx, async (db) => {
    await markAllRead(db, actor.userId);
    return { unread: await countUnread(db, actor.userId) };
  });
}
