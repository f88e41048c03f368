import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { evaluateAlerts } from './alerts.evaluate';
import { enqueueAlertDelivery } from './alerts.jobs';
import { alertsPolicy, notificationsPolicy } from './alerts.policy';
import {
  AlertDetail,
  AlertView,
  CommentBody,
  DeliveryQuery,
  DeliveryView,
  EvaluateBody,
  EvaluationView,
  FeedQuery,
  IdParams,
  NotificationList,
  NotificationParams,
  NotificationQuery,
  RuleCreateBody,
  RuleUpdateBody,
  RuleView,
  SlugParams,
  SubscriptionCreateBody,
  SubscriptionView,
  UnreadCount,
} from './alerts.schema';
import {
  acknowledge,
  commentOnAlert,
  createAlertRule,
  createSubscription,
  deleteAlertRule,
  getAlert,
  getAlertRule,
  listAlertDeliveries,
  listAlertFeed,
  listAlertRules,
  listMyNotifications,
  listSubscriptions,
  readAllNotifications,
  readNotification,
  removeSubscription,
  requireEvaluator,
  requireManagedRule,
  unreadCount,
  updateAlertRule,
} from './alerts.service';

const tags = ['alerts'];

/**
 * Early warning under /api/dialogues/:slug/alerts. Any logged-in user at the door; the service narrows to
 * members of the dialogue (else 404), rules to their owner and the secretariat, alerts by classification.
 */
export const alertsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/alerts/rules',
    {
      schema: {
        tags,
        summary: 'Alert rules: mine, or all of the dialogue for the secretariat',
        params: SlugParams,
        response: { 200: z.array(RuleView) },
      },
      config: { access: alertsPolicy.read },
    },
    (req) => listAlertRules(req.ctx, req.params.slug),
  );

  app.post(
    '/alerts/rules',
    {
      schema: {
        tags,
        summary: 'Create an alert rule on an indicator × route (× citizenship) I may see',
        params: SlugParams,
        body: RuleCreateBody,
        response: { 201: RuleView },
      },
      config: { access: alertsPolicy.createRule },
    },
    async (req, reply) => reply.code(201).send(await createAlertRule(req.ctx, req.params.slug, req.body)),
  );

  app.get(
    '/alerts/rules/:id',
    {
      schema: {
        tags,
        summary: 'One alert rule (owner or secretariat)',
        params: IdParams,
        response: { 200: RuleView },
      },
      config: { access: alertsPolicy.read },
    },
    (req) => getAlertRule(req.ctx, req.params.slug, req.params.id),
  );

  app.patch(
    '/alerts/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule (name, definition, active)',
        params: IdParams,
        body: RuleUpdateBody,
        response: { 200: RuleView },
      },
      config: { access: alertsPolicy.changeRule },
    },
    (req) => updateAlertRule(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.delete(
    '/alerts/rules/:id',
    {
      schema: { tags, summary: 'Delete a rule and its alerts', params: IdParams },
      config: { access: alertsPolicy.changeRule },
    },
    async (req, reply) => {
      await deleteAlertRule(req.ctx, req.params.slug, req.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/alerts/rules/:id/evaluate',
    {
      schema: {
        tags,
        summary: 'Evaluate one rule now (latest period, or the periods given)',
        params: IdParams,
        body: EvaluateBody,
        response: { 200: EvaluationView },
      },
      config: { access: alertsPolicy.changeRule },
    },
    async (req) => {
      const rule = await requireManagedRule(req.ctx, req.params.slug, req.params.id);
      const r = await evaluateAlerts(req.ctx.db, {
        dialogueId: rule.dialogue_id,
        ruleIds: [rule.id],
        periods: req.body.periods,
        log: req.log,
      });
      if (r.deliveries > 0) await enqueueAlertDelivery(req.ctx.db);
      return r;
    },
  );

  app.post(
    '/alerts/evaluate',
    {
      schema: {
        tags,
        summary: 'Evaluate every active rule of the dialogue now (secretariat)',
        params: SlugParams,
        body: EvaluateBody,
        response: { 200: EvaluationView },
      },
      config: { access: alertsPolicy.evaluateAll },
    },
    async (req) => {
      const dialogueId = await requireEvaluator(req.ctx, req.params.slug);
      const r = await evaluateAlerts(req.ctx.db, { dialogueId, periods: req.body.periods, log: req.log });
      if (r.deliveries > 0) await enqueueAlertDelivery(req.ctx.db);
      return r;
    },
  );

  app.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'Alert feed: the alerts of the dialogue I may see, newest first',
        params: SlugParams,
        querystring: FeedQuery,
        response: { 200: z.array(AlertView) },
      },
      config: { access: alertsPolicy.read },
    },
    (req) => listAlertFeed(req.ctx, req.params.slug, req.query),
  );

  app.get(
    '/alerts/subscriptions',
    {
      schema: {
        tags,
        summary: 'My subscriptions in this dialogue',
        params: SlugParams,
        response: { 200: z.array(SubscriptionView) },
      },
      config: { access: alertsPolicy.read },
    },
    (req) => listSubscriptions(req.ctx, req.params.slug),
  );

  app.post(
    '/alerts/subscriptions',
    {
      schema: {
        tags,
        summary: 'Subscribe: in-app, e-mail (to my account address) or a signed webhook',
        params: SlugParams,
        body: SubscriptionCreateBody,
        response: { 201: SubscriptionView },
      },
      config: { access: alertsPolicy.subscribe },
    },
    async (req, reply) => reply.code(201).send(await createSubscription(req.ctx, req.params.slug, req.body)),
  );

  app.delete(
    '/alerts/subscriptions/:id',
    {
      schema: { tags, summary: 'Remove one of my subscriptions', params: IdParams },
      config: { access: alertsPolicy.subscribe },
    },
    async (req, reply) => {
      await removeSubscription(req.ctx, req.params.slug, req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/alerts/deliveries',
    {
      schema: {
        tags,
        summary:
          'E-mail and webhook deliveries with attempts and errors (secretariat: all; others: their own)',
        params: SlugParams,
        querystring: DeliveryQuery,
        response: { 200: z.array(DeliveryView) },
      },
      config: { access: alertsPolicy.read },
    },
    (req) => listAlertDeliveries(req.ctx, req.params.slug, req.query),
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags,
        summary: 'One alert with its comments',
        params: IdParams,
        response: { 200: AlertDetail },
      },
      config: { access: alertsPolicy.read },
    },
    (req) => getAlert(req.ctx, req.params.slug, req.params.id),
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge an alert (for me)',
        params: IdParams,
        response: { 200: AlertDetail },
      },
      config: { access: alertsPolicy.respond },
    },
    (req) => acknowledge(req.ctx, req.params.slug, req.params.id),
  );

  app.post(
    '/alerts/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comment on an alert',
        params: IdParams,
        body: CommentBody,
        response: { 201: AlertDetail },
      },
      config: { access: alertsPolicy.comment },
    },
    async (req, reply) =>
      reply.code(201).send(await commentOnAlert(req.ctx, req.params.slug, req.params.id, req.body.body)),
  );
};

/** The in-app notification centre of the logged-in user, under /api/notifications. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the unread count',
        querystring: NotificationQuery,
        response: { 200: NotificationList },
      },
      config: { access: notificationsPolicy.read },
    },
    (req) => listMyNotifications(req.ctx, req.query),
  );

  app.get(
    '/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: UnreadCount },
      },
      config: { access: notificationsPolicy.read },
    },
    (req) => unreadCount(req.ctx),
  );

  app.post(
    '/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification read',
        params: NotificationParams,
        response: { 200: UnreadCount },
      },
      config: { access: notificationsPolicy.markRead },
    },
    (req) => readNotification(req.ctx, req.params.id),
  );

  app.post(
    '/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: UnreadCount },
      },
      config: { access: notificationsPolicy.markRead },
    },
    (req) => readAllNotifications(req.ctx),
  );
};
