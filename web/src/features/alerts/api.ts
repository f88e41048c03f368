import { apiRequest } from '../../ui/api-client';

/** Early warning of a dialogue (src/modules/alerts/alerts.routes.ts) and the notification centre. */

export const RULE_KINDS = [
  'threshold',
  'yoy',
  'mom',
  'forecast_interval',
  'level_shift',
  'route_shift',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export type RuleDefinition =
  | { kind: 'threshold'; above: number }
  | { kind: 'yoy' | 'mom'; abovePct: number }
  | { kind: 'forecast_interval'; side: 'above' | 'below' | 'both' }
  | { kind: 'level_shift'; withinMonths?: number; minMonths?: number }
  | { kind: 'route_shift'; abovePoints: number };

export interface RuleView {
  id: number;
  name: string;
  indicator: string;
  route: string;
  citizenship: string | null;
  definition: RuleDefinition;
  isActive: boolean;
  owner: { id: number; name: string };
  createdAt: string;
  updatedAt: string;
  abilities: { update: boolean; delete: boolean };
}

export interface RuleCreate {
  name: string;
  indicator: string;
  route: string;
  citizenship?: string;
  definition: RuleDefinition;
}

export interface AlertView {
  id: number;
  rule: { id: number; name: string; isMine: boolean };
  kind: RuleKind;
  indicator: string;
  route: string;
  citizenship: string | null;
  seriesKey: string;
  period: string;
  value: number | null;
  reference: number | null;
  details: Record<string, unknown>;
  classification: string;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgements: number;
  comments: number;
}

export interface AlertDetail extends AlertView {
  commentList: { id: number; author: { id: number; name: string }; body: string; createdAt: string }[];
}

export interface Evaluation {
  rules: number;
  created: number;
  alertIds: number[];
  skipped: { ruleId: number; reason: string }[];
}

export type Channel = 'in_app' | 'email' | 'webhook';
export interface SubscriptionView {
  id: number;
  channel: Channel;
  scope: 'own' | 'all';
  target: string | null;
  isActive: boolean;
  createdAt: string;
}
export type SubscriptionCreate =
  | { channel: 'in_app' | 'email'; scope: 'own' | 'all' }
  | { channel: 'webhook'; scope: 'own' | 'all'; url: string; secret: string };

export interface DeliveryView {
  id: number;
  alertId: number;
  channel: 'email' | 'webhook';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  user: { id: number; name: string };
  target: string | null;
}

export interface NotificationView {
  id: number;
  /** 'alert', or the kind of another message (calendar.reminder, submission.returned …). */
  type: string;
  payload: Record<string, unknown>;
  link: string | null;
  dialogue: string | null;
  alertId: number | null;
  ruleName: string | null;
  kind: RuleKind | null;
  period: string | null;
  seriesKey: string | null;
  value: number | null;
  createdAt: string;
  readAt: string | null;
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}/alerts`;
const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export const listRules = (slug: string, signal?: AbortSignal) =>
  apiRequest<RuleView[]>(`${base(slug)}/rules`, opt(signal));
export const createRule = (slug: string, body: RuleCreate) =>
  apiRequest<RuleView>(`${base(slug)}/rules`, { method: 'POST', body });
export const setRuleActive = (slug: string, id: number, isActive: boolean) =>
  apiRequest<RuleView>(`${base(slug)}/rules/${id}`, { method: 'PATCH', body: { isActive } });
export const deleteRule = (slug: string, id: number) =>
  apiRequest<void>(`${base(slug)}/rules/${id}`, { method: 'DELETE' });
export const evaluateRule = (slug: string, id: number) =>
  apiRequest<Evaluation>(`${base(slug)}/rules/${id}/evaluate`, { method: 'POST', body: {} });

export const listFeed = (
  slug: string,
  filter: { mine?: boolean; unacknowledged?: boolean },
  signal?: AbortSignal,
) => {
  const q = new URLSearchParams();
  if (filter.mine) q.set('mine', 'true');
  if (filter.unacknowledged) q.set('unacknowledged', 'true');
  const qs = q.toString();
  return apiRequest<AlertView[]>(`${base(slug)}${qs ? `?${qs}` : ''}`, opt(signal));
};
export const getAlert = (slug: string, id: number, signal?: AbortSignal) =>
  apiRequest<AlertDetail>(`${base(slug)}/${id}`, opt(signal));
export const acknowledgeAlert = (slug: string, id: number) =>
  apiRequest<AlertDetail>(`${base(slug)}/${id}/acknowledge`, { method: 'POST' });
export const commentAlert = (slug: string, id: number, body: string) =>
  apiRequest<AlertDetail>(`${base(slug)}/${id}/comments`, { method: 'POST', body: { body } });

export const listSubscriptions = (slug: string, signal?: AbortSignal) =>
  apiRequest<SubscriptionView[]>(`${base(slug)}/subscriptions`, opt(signal));
export const createSubscription = (slug: string, body: SubscriptionCreate) =>
  apiRequest<SubscriptionView>(`${base(slug)}/subscriptions`, { method: 'POST', body });
export const deleteSubscription = (slug: string, id: number) =>
  apiRequest<void>(`${base(slug)}/subscriptions/${id}`, { method: 'DELETE' });
export const listDeliveries = (slug: string, signal?: AbortSignal) =>
  apiRequest<DeliveryView[]>(`${base(slug)}/deliveries?limit=50`, opt(signal));

export const fetchNotifications = (signal?: AbortSignal) =>
  apiRequest<{ unread: number; items: NotificationView[] }>('/api/notifications?limit=20', opt(signal));
export const fetchUnreadCount = (signal?: AbortSignal) =>
  apiRequest<{ unread: number }>('/api/notifications/unread-count', opt(signal));
export const markNotificationRead = (id: number) =>
  apiRequest<{ unread: number }>(`/api/notifications/${id}/read`, { method: 'POST' });
export const markAllNotificationsRead = () =>
  apiRequest<{ unread: number }>('/api/notifications/read-all', { method: 'POST' });

/** Tells the notification bell to count again (after something may have raised alerts). */
export const NOTIFICATIONS_CHANGED = 'passage:notifications-changed';
export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}
