import { rule } from '../../shared/access';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Who may read, generate and schedule situation reports of a dialogue. Reports exist only for members (404 to
 * others, also for a public dialogue); each stored report is then read by its classification (the service).
 */
export const reportsPolicy = {
  read: rule.members('reports.read', 'reports:read'),
  generate: rule.members('reports.generate', 'reports:write', ['admin', 'data_manager', 'analyst']),
  readSchedules: rule.members('reports.readSchedules', 'reports:read', SECRETARIAT_ROLES),
  schedule: rule.members('reports.schedule', 'reports:write', SECRETARIAT_ROLES),
};
