import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
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
  const api = routesOf(app, tags);

  api.get('/alerts/rules', alertsPolicy.read, {
    schema: {
      summary: 'Alert rules: mine, or all of the dialogue for the secretariat',
      params: SlugParams,
      response: { 200: z.array(RuleView) },
    },
    handler: (req) => listAlertRules(req.ctx, req.params.slug),
  });

  api.post('/alerts/rules', alertsPolicy.createRule, {
    schema: {
      summary: 'Create an alert rule on an indicator × route (× citizenship) I may see',
      params: SlugParams,
      body: RuleCreateBody,
      response: { 201: RuleView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createAlertRule(req.ctx, req.params.slug, req.body)),
  });

  api.get('/alerts/rules/:id', alertsPolicy.read, {
    schema: {
      summary: 'One alert rule (owner or secretariat)',
      params: IdParams,
      response: { 200: RuleView },
    },
    handler: (req) => getAlertRule(req.ctx, req.params.slug, req.params.id),
  });

  api.patch('/alerts/rules/:id', alertsPolicy.changeRule, {
    schema: {
      summary: 'Change a rule (name, definition, active)',
      params: IdParams,
      body: RuleUpdateBody,
      response: { 200: RuleView },
    },
    handler: (req) => updateAlertRule(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.delete('/alerts/rules/:id', alertsPolicy.changeRule, {
    schema: { summary: 'Delete a rule and its alerts', params: IdParams },
    handler: async (req, reply) => {
      await deleteAlertRule(req.ctx, req.params.slug, req.params.id);
      return reply.code(204).send();
    },
  });

  api.post('/alerts/rules/:id/evaluate', alertsPolicy.changeRule, {
    schema: {
      summary: 'Evaluate one rule now (latest period, or the periods given)',
      params: IdParams,
      body: EvaluateBody,
      response: { 200: EvaluationView },
    },
    handler: async (req) => {
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
  });

  api.post('/alerts/evaluate', alertsPolicy.evaluateAll, {
    schema: {
      summary: 'Evaluate every active rule of the dialogue now (secretariat)',
      params: SlugParams,
      body: EvaluateBody,
      response: { 200: EvaluationView },
    },
    handler: async (req) => {
      const dialogueId = await requireEvaluator(req.ctx, req.params.slug);
      const r = await evaluateAlerts(req.ctx.db, { dialogueId, periods: req.body.periods, log: req.log });
      if (r.deliveries > 0) await enqueueAlertDelivery(req.ctx.db);
      return r;
    },
  });

  api.get('/alerts', alertsPolicy.read, {
    schema: {
      summary: 'Alert feed: the alerts of the dialogue I may see, newest first',
      params: SlugParams,
      querystring: FeedQuery,
      response: { 200: z.array(AlertView) },
    },
    handler: (req) => listAlertFeed(req.ctx, req.params.slug, req.query),
  });

  api.get('/alerts/subscriptions', alertsPolicy.read, {
    schema: {
      summary: 'My subscriptions in this dialogue',
      params: SlugParams,
      response: { 200: z.array(SubscriptionView) },
    },
    handler: (req) => listSubscriptions(req.ctx, req.params.slug),
  });

  api.post('/alerts/subscriptions', alertsPolicy.subscribe, {
    schema: {
      summary: 'Subscribe: in-app, e-mail (to my account address) or a signed webhook',
      params: SlugParams,
      body: SubscriptionCreateBody,
      response: { 201: SubscriptionView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createSubscription(req.ctx, req.params.slug, req.body)),
  });

  api.delete('/alerts/subscriptions/:id', alertsPolicy.subscribe, {
    schema: { summary: 'Remove one of my subscriptions', params: IdParams },
    handler: async (req, reply) => {
      await removeSubscription(req.ctx, req.params.slug, req.params.id);
      return reply.code(204).send();
    },
  });

  api.get('/alerts/deliveries', alertsPolicy.read, {
    schema: {
      summary: 'E-mail and webhook deliveries with attempts and errors (secretariat: all; others: their own)',
      params: SlugParams,
      querystring: DeliveryQuery,
      response: { 200: z.array(DeliveryView) },
    },
    handler: (req) => listAlertDeliveries(req.ctx, req.params.slug, req.query),
  });

  api.get('/alerts/:id', alertsPolicy.read, {
    schema: { summary: 'One alert with its comments', params: IdParams, response: { 200: AlertDetail } },
    handler: (req) => getAlert(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/alerts/:id/acknowledge', alertsPolicy.respond, {
    schema: { summary: 'Acknowledge an alert (for me)', params: IdParams, response: { 200: AlertDetail } },
    handler: (req) => acknowledge(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/alerts/:id/comments', alertsPolicy.comment, {
    schema: {
      summary: 'Comment on an alert',
      params: IdParams,
      body: CommentBody,
      response: { 201: AlertDetail },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await commentOnAlert(req.ctx, req.params.slug, req.params.id, req.body.body)),
  });
};

/** The in-app notification centre of the logged-in user, under /api/notifications. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['notifications']);

  api.get('/', notificationsPolicy.read, {
    schema: {
      summary: 'My notifications, newest first, with the unread count',
      querystring: NotificationQuery,
      response: { 200: NotificationList },
    },
    handler: (req) => listMyNotifications(req.ctx, req.query),
  });

  api.get('/unread-count', notificationsPolicy.read, {
    schema: { summary: 'How many of my notifications are unread (the bell)', response: { 200: UnreadCount } },
    handler: (req) => unreadCount(req.ctx),
  });

  api.post('/:id/read', notificationsPolicy.markRead, {
    schema: {
      summary: 'Mark one notification read',
      params: NotificationParams,
      response: { 200: UnreadCount },
    },
    handler: (req) => readNotification(req.ctx, req.params.id),
  });

  api.post('/read-all', notificationsPolicy.markRead, {
    schema: { summary: 'Mark all my notifications read', response: { 200: UnreadCount } },
    handler: (req) => readAllNotifications(req.ctx),
  });
};
