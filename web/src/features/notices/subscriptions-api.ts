import type { ApiBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Saved notice filters (subscriptions) and the uptake dashboard (src/modules/notices/notices.subscriptions.routes.ts). */

export type {
  NoticeSavedFilter,
  NoticeSubscriptionView,
  NoticeUptakeView,
  NudgeRun,
} from '@passage/contract';

export type SubscriptionCreateBody = ApiBody<'POST /api/dialogues/:slug/notices/subscriptions'>;
export type SubscriptionDelivery = SubscriptionCreateBody['delivery'];
export const DELIVERIES: readonly SubscriptionDelivery[] = ['in_app', 'email', 'daily', 'weekly', 'webhook'];

export const listSubscriptions = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices/subscriptions', { params: { slug }, signal });
export const createSubscription = (slug: string, body: SubscriptionCreateBody) =>
  api('POST /api/dialogues/:slug/notices/subscriptions', { params: { slug }, body });
export const updateSubscription = (
  slug: string,
  subscriptionId: number,
  body: ApiBody<'PATCH /api/dialogues/:slug/notices/subscriptions/:subscriptionId'>,
) =>
  api('PATCH /api/dialogues/:slug/notices/subscriptions/:subscriptionId', {
    params: { slug, subscriptionId },
    body,
  });
export const deleteSubscription = (slug: string, subscriptionId: number) =>
  api('DELETE /api/dialogues/:slug/notices/subscriptions/:subscriptionId', {
    params: { slug, subscriptionId },
  });
export const getUptake = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/notices/uptake', { params: { slug }, query: {}, signal });
export const nudgeStates = (slug: string) =>
  api('POST /api/dialogues/:slug/notices/uptake/nudges', { params: { slug } });
