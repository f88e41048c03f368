/**
 * Who may do what with a dialogue's meetings (src/modules/meetings). Members read meetings (by
 * classification), the calendar feed and their organisation's follow-up actions; the secretariat creates and
 * changes meetings and assigns follow-up actions; the owner organisation of an action (or the secretariat)
 * marks it done — the door admits members, the service checks the owner.
 */
import { rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const meetingsPolicy = {
  read: rule.members('meetings.read', 'meetings:read'),
  manage: rule.members('meetings.manage', 'meetings:write', SECRETARIAT_ROLES),
  /** Mark a follow-up action done: members at the door; its owner organisation or the secretariat (record rule). */
  completeAction: rule.members('meetings.completeAction', 'meetings:write'),
  completesAction: (a: MaybeActor, x: { dialogueId: number; ownerOrgId: number }) =>
    !!a && (a.orgId === x.ownerOrgId || hasRole(a, x.dialogueId, SECRETARIAT_ROLES)),
};
