import { rule } from '../../shared/access';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { CONTRIBUTOR_ROLES, type Role, SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Roles that may add webhook subscriptions: those whose job is to connect systems (the secretariat, analysts
 * of members). Viewers, observers and data providers may subscribe in-app and by e-mail only: a webhook makes
 * the server send requests, which is a capability, not a reading right (issue 13, item 3).
 */
export const WEBHOOK_ROLES: readonly Role[] = ['admin', 'data_manager', 'analyst'];

/**
 * Who may do what with alert rules, alerts, subscriptions, deliveries and notifications. The dialogue's
 * alerts exist only for its members (404 to others, also for a public dialogue). Routes on one rule ask only
 * for membership at the door: whether the caller owns the rule is the record's business (`manageRule`), and a
 * rule they may not manage answers 404.
 */
export const alertsPolicy = {
  /** The alert feed, one alert, my rules, my subscriptions, deliveries (each then by classification/owner). */
  read: rule.members('alerts.read', 'alerts:read'),
  /** Members other than viewers define rules on data they may see (a rule's alerts are shared records). */
  createRule: rule.members('alerts.createRule', 'alerts:write', CONTRIBUTOR_ROLES),
  /** Change, delete or evaluate one rule: members at the door, then its owner or the secretariat. */
  changeRule: rule.members('alerts.changeRule', 'alerts:write'),
  /** Evaluate every rule of the dialogue at once (normally done by the job after publication). */
  evaluateAll: rule.members('alerts.evaluateAll', 'alerts:write', SECRETARIAT_ROLES),
  /** Acknowledge an alert one may see (for oneself: a viewer too). */
  respond: rule.members('alerts.respond', 'alerts:write'),
  /** Comment on an alert one may see: members other than viewers (a comment is read by everyone). */
  comment: rule.members('alerts.comment', 'alerts:write', CONTRIBUTOR_ROLES),
  /** Subscribe (in-app, e-mail, webhook) and unsubscribe. */
  subscribe: rule.members('alerts.subscribe', 'alerts:write'),
  /** A rule is read, changed and deleted by its owner or the dialogue's secretariat. */
  manageRule: (a: MaybeActor, r: { dialogueId: number; ownerId: number }) =>
    (!!a && a.userId === r.ownerId && isMember(a, r.dialogueId)) ||
    hasRole(a, r.dialogueId, SECRETARIAT_ROLES),
  /** Webhook subscriptions (signed POSTs to a URL of the subscriber's): see WEBHOOK_ROLES. */
  addWebhook: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, WEBHOOK_ROLES),
  /** The secretariat sees every delivery of the dialogue (with errors); others their own. */
  readAllDeliveries: (a: MaybeActor, t: { dialogueId: number }) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
};

/** In-app notifications: each user's own, whatever the dialogue (the service reads only the caller's). */
export const notificationsPolicy = {
  read: rule.signedIn('notifications.read', 'alerts:read', "a user's own notifications, nobody else's"),
  markRead: rule.signedIn(
    'notifications.markRead',
    'alerts:write',
    "a user's own notifications, nobody else's",
  ),
};
