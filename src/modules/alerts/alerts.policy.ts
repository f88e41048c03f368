import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

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
  /** The secretariat sees every delivery of the dialogue (with errors); others their own. */
  readAllDeliveries: (a: MaybeActor, t: { dialogueId: number }) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
};
