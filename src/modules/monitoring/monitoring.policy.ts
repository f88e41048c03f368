/**
 * Who may do what with the implementation monitoring of declarations (src/modules/monitoring). Members of the
 * dialogue read declarations (by classification), cycles, submitted reports and the dashboard; the secretariat
 * imports declarations, adds actions, opens and closes cycles and reviews reports; a member state's analysts
 * and data providers report for their own state. The record rules below say which report an actor may change;
 * the door only checks the dialogue.
 */
import { rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { type Role, SECRETARIAT_ROLES } from '../../shared/roles';

/** The roles that write a state's reports. */
export const REPORTER_ROLES: readonly Role[] = ['data_provider', 'analyst'];

export interface ReportRef {
  dialogueId: number;
  organisationId: number;
  status: 'draft' | 'submitted' | 'accepted' | 'questions';
}

export const monitoringPolicy = {
  /** Declarations, cycles, submitted reports, the dashboard and its export: members. */
  read: rule.members('monitoring.read', 'monitoring:read'),
  /** Import declarations, add actions, open and close cycles, review reports: the secretariat. */
  manage: rule.members('monitoring.manage', 'monitoring:write', SECRETARIAT_ROLES),
  /** Save and submit a report for one's own state: a state's analysts and data providers. */
  report: rule.members('monitoring.report', 'monitoring:write', REPORTER_ROLES),
  /** A report is changed and submitted by the organisation that wrote it, while a draft or asked questions. */
  changeReport: (a: MaybeActor, r: ReportRef): boolean =>
    !!a && a.orgId === r.organisationId && hasRole(a, r.dialogueId, REPORTER_ROLES),
  /** The secretariat reviews a submitted report. */
  reviewReport: (a: MaybeActor, r: ReportRef): boolean => hasRole(a, r.dialogueId, SECRETARIAT_ROLES),
};
