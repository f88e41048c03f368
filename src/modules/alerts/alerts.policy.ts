import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { type Role, SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Roles that may add webhook subscriptions: those whose job is to connect systems (the secretariat, analysts
 * of members). Viewers, observers and data providers may subscribe in-app and by e-mail only: a webhook makes
 * the server send requests, which is a capability, not a reading right (issue 13, item 3).
 */
export const WEBHOOK_ROLES: readonly Role[] = ['admin', 'data_manager', 'analyst'];

/** Who may do what with alert rules, alerts, subscriptions and deliveries (per dialogue). */
export const alertsPolicy = {
  /** Any member may define rules on data they may see. */
  createRule: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** A rule is read, changed and deleted by its owner or the dialogue's secretariat. */
  manageRule: (a: MaybeActor, r: { dialogueId: number; ownerId: number }) =>
    (!!a && a.userId === r.ownerId && isMember(a, r.dialogueId)) ||
    hasRole(a, r.dialogueId, SECRETARIAT_ROLES),
  /** Evaluate every rule of the dialogue at once (normally done by the job after publication). */
  evaluateAll: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  /** Members read the alert feed (each alert then by its classification), subscribe, acknowledge, comment. */
  readFeed: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** Webhook subscriptions (signed POSTs to a URL of the subscriber's): see WEBHOOK_ROLES. */
  addWebhook: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, WEBHOOK_ROLES),
  /** The secretariat sees every delivery of the dialogue (with errors); others their own. */
  readAllDeliveries: (a: MaybeActor, t: { dialogueId: number }) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
};
