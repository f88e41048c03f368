import type { ApiBody, SubscriptionCreateBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Early warning of a dialogue (src/modules/alerts/alerts.routes.ts) and the notification centre. */

export type {
  AlertComment,
  AlertDetail,
  AlertRuleView,
  AlertView,
  DeliveryView,
  EvaluationView,
  NotificationView,
  RuleDefinition,
  RuleKind,
  SubscriptionCreateBody,
  SubscriptionView,
} from '@passage/contract';
export { RULE_KINDS } from '@passage/contract/constants';

export type AlertRuleCreateBody = ApiBody<'POST /api/dialogues/:slug/alerts/rules'>;

export const listRules = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/alerts/rules', { params: { slug }, signal });
export const createRule = (slug: string, body: AlertRuleCreateBody) =>
  api('POST /api/dialogues/:slug/alerts/rules', { params: { slug }, body });
export const setRuleActive = (slug: string, id: number, isActive: boolean) =>
  api('PATCH /api/dialogues/:slug/alerts/rules/:id', { params: { slug, id }, body: { isActive } });
export const deleteRule = (slug: string, id: number) =>
  api('DELETE /api/dialogues/:slug/alerts/rules/:id', { params: { slug, id } });
export const evaluateRule = (slug: string, id: number) =>
  api('POST /api/dialogues/:slug/alerts/rules/:id/evaluate', { params: { slug, id }, body: {} });

export const listFeed = (
  slug: string,
  filter: { mine?: boolean; unacknowledged?: boolean },
  signal?: AbortSignal,
) =>
  api('GET /api/dialogues/:slug/alerts', {
    params: { slug },
    query: {
      mine: filter.mine ? 'true' : undefined,
      unacknowledged: filter.unacknowledged ? 'true' : undefined,
    },
    signal,
  });
export const getAlert = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/alerts/:id', { params: { slug, id }, signal });
export const acknowledgeAlert = (slug: string, id: number) =>
  api('POST /api/dialogues/:slug/alerts/:id/acknowledge', { params: { slug, id } });
export const commentAlert = (slug: string, id: number, body: string) =>
  api('POST /api/dialogues/:slug/alerts/:id/comments', { params: { slug, id }, body: { body } });

export const listSubscriptions = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/alerts/subscriptions', { params: { slug }, signal });
export const createSubscription = (slug: string, body: SubscriptionCreateBody) =>
  api('POST /api/dialogues/:slug/alerts/subscriptions', { params: { slug }, body });
export const deleteSubscription = (slug: string, id: number) =>
  api('DELETE /api/dialogues/:slug/alerts/subscriptions/:id', { params: { slug, id } });
export const listDeliveries = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/alerts/deliveries', { params: { slug }, query: { limit: 50 }, signal });

export const fetchNotifications = (signal?: AbortSignal) =>
  api('GET /api/notifications', { query: { limit: 20 }, signal });
export const fetchUnreadCount = (signal?: AbortSignal) =>
  api('GET /api/notifications/unread-count', { signal });
export const markNotificationRead = (id: number) =>
  api('POST /api/notifications/:id/read', { params: { id } });
export const markAllNotificationsRead = () => api('POST /api/notifications/read-all');

/** Tells the notification bell to count again (after something may have raised alerts). */
export const NOTIFICATIONS_CHANGED = 'passage:notifications-changed';
export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}
