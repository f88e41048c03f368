/**
 * Saved notice filters (subscriptions) and the secretariat's uptake dashboard, under
 * /api/dialogues/:slug/notices (registered beside notices.routes.ts). HTTP only: notices.subscriptions.ts,
 * notices.uptake.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { SlugParams } from './notices.schema';
import {
  createNoticeSubscription,
  deleteNoticeSubscription,
  listNoticeSubscriptions,
  updateNoticeSubscription,
} from './notices.subscriptions';
import { noticeSubscriptionsPolicy } from './notices.subscriptions.policy';
import {
  NudgeRun,
  SubscriptionCreateBody,
  SubscriptionList,
  SubscriptionParams,
  SubscriptionUpdateBody,
  SubscriptionView,
  UptakeQuery,
  UptakeView,
} from './notices.subscriptions.schema';
import { getNoticeUptake, nudgeStatesNow } from './notices.uptake';

export const noticeSubscriptionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['notices']);

  api.get('/subscriptions', noticeSubscriptionsPolicy.subscribe, {
    schema: {
      summary: 'Your saved notice filters (subscriptions) in this dialogue, with their delivery',
      params: SlugParams,
      response: { 200: SubscriptionList },
    },
    handler: (req) => listNoticeSubscriptions(req.ctx, req.params.slug),
  });

  api.post('/subscriptions', noticeSubscriptionsPolicy.subscribe, {
    schema: {
      summary:
        'Save a notice filter (type, country, route, stage, text) as a subscription: bell, e-mail at once, daily or weekly digest, or a signed webhook',
      params: SlugParams,
      body: SubscriptionCreateBody,
      response: { 201: SubscriptionView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createNoticeSubscription(req.ctx, req.params.slug, req.body)),
  });

  api.patch('/subscriptions/:subscriptionId', noticeSubscriptionsPolicy.subscribe, {
    schema: {
      summary:
        'Change one of your subscriptions (a new revision; expectedRevision guards against lost updates)',
      params: SubscriptionParams,
      body: SubscriptionUpdateBody,
      response: { 200: SubscriptionView },
    },
    handler: (req) => updateNoticeSubscription(req.ctx, req.params.slug, req.params.subscriptionId, req.body),
  });

  api.delete('/subscriptions/:subscriptionId', noticeSubscriptionsPolicy.subscribe, {
    schema: { summary: 'Delete one of your subscriptions', params: SubscriptionParams },
    handler: async (req, reply) => {
      await deleteNoticeSubscription(req.ctx, req.params.slug, req.params.subscriptionId);
      return reply.code(204).send();
    },
  });

  api.get('/uptake', noticeSubscriptionsPolicy.uptake, {
    schema: {
      summary:
        'Uptake of notices (secretariat): per state per quarter, states that never notified, median days from adoption to notification, late notices, acknowledgement rate',
      params: SlugParams,
      querystring: UptakeQuery,
      response: { 200: UptakeView },
    },
    handler: (req) => getNoticeUptake(req.ctx, req.params.slug, req.query),
  });

  api.post('/uptake/nudges', noticeSubscriptionsPolicy.nudge, {
    schema: {
      summary:
        'Nudge now (a bell message to their analysts) the member states that have not notified for PASSAGE_NOTICE_NUDGE_MONTHS months, once per period',
      params: SlugParams,
      response: { 200: NudgeRun },
    },
    handler: (req) => nudgeStatesNow(req.ctx, req.params.slug),
  });
};
