import { rule } from '../../shared/access';
import { hasRole, isMember } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Who may read, generate and schedule situation reports of a dialogue. Reports exist only for members (404 to
 * others, also for a public dialogue); each stored report is then read by its classification (the service).
 */
export const reportsPolicy = {
  read: rule.dialogue('reports.read', 'reports:read', (a, t) => isMember(a, t.dialogueId), {
    membersOnly: true,
  }),
  generate: rule.dialogue(
    'reports.generate',
    'reports:write',
    (a, t) => hasRole(a, t.dialogueId, ['admin', 'data_manager', 'analyst']),
    { membersOnly: true },
  ),
  readSchedules: rule.dialogue(
    'reports.readSchedules',
    'reports:read',
    (a, t) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
    { membersOnly: true },
  ),
  schedule: rule.dialogue(
    'reports.schedule',
    'reports:write',
    (a, t) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
    { membersOnly: true },
  ),
};
