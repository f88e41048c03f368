/**
 * Who may do what with saved notice filters (subscriptions) and the uptake dashboard. A subscription is a
 * member's own: every member (a viewer too) saves filters; the service shows and changes only the caller's
 * (another user's is a 404; row-level security repeats it). A webhook makes the server send requests, a
 * capability, not a reading right: only the roles that connect systems add one (as for alerts). The uptake
 * dashboard and the nudges are the secretariat's.
 */
import { rule, SESSION_ONLY } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { type Role, SECRETARIAT_ROLES } from '../../shared/roles';

/** Roles that may deliver a subscription to a webhook (the secretariat, analysts): as alerts' WEBHOOK_ROLES. */
export const NOTICE_WEBHOOK_ROLES: readonly Role[] = ['admin', 'data_manager', 'analyst'];

export const noticeSubscriptionsPolicy = {
  /** List, save, change and delete one's own subscriptions (a personal setting: browser sessions only). */
  subscribe: rule.members('notices.subscribe', SESSION_ONLY),
  /** The uptake dashboard (notices per state and quarter, delays, acknowledgements): the secretariat. */
  uptake: rule.members('notices.uptake', 'notices:read', SECRETARIAT_ROLES),
  /** Nudge now the states that have not notified for N months (the daily job does it too): the secretariat. */
  nudge: rule.members('notices.nudge', 'notices:write', SECRETARIAT_ROLES),
  addWebhook: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, NOTICE_WEBHOOK_ROLES),
};
