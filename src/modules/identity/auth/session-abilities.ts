/**
 * The abilities a session carries (auth.schema.ts), computed from the modules' own rules with `can()`: the same
 * objects the door enforces, so the web app shows exactly the actions the server will accept and never
 * re-derives a role. Each module's policy file imports only src/shared, so reading them here adds no cycle.
 */
import { can } from '../../../shared/access';
import type { Actor } from '../../../shared/actor';
import { hasRole } from '../../../shared/actor';
import { rolesForScope, TOKEN_SCOPE_NAMES } from '../../../shared/token-scopes';
import { alertsPolicy } from '../../alerts/alerts.policy';
import { auditPolicy } from '../../audit/audit.policy';
import { dialoguesPolicy } from '../../dialogues/dialogues.policy';
import { forecastPolicy } from '../../forecasting/forecasting.policy';
import { indicatorsPolicy } from '../../indicators/indicators.policy';
import { noticesPolicy } from '../../notices/notices.policy';
import { observationsPolicy } from '../../observations/observations.policy';
import { operationsPolicy } from '../../operations/operations.policy';
import { reportsPolicy } from '../../reports/reports.policy';
import { submissionsPolicy } from '../../submissions/submissions.policy';
import { translationsPolicy } from '../../translations/translations.policy';
import { validationRulesPolicy } from '../../validation-rules/validation-rules.policy';
import { adminPolicy } from '../admin/admin.policy';
import type { DialogueAbilities, SessionAbilities } from './auth.schema';

export function dialogueAbilities(actor: Actor, dialogueId: number): DialogueAbilities {
  const t = { dialogueId };
  return {
    canSubmit: can(actor, submissionsPolicy.create, t),
    canSubmitForAnyState:
      can(actor, submissionsPolicy.create, t) && observationsPolicy.writesForAnyState(actor, t),
    canReview: can(actor, submissionsPolicy.review, t),
    canManageValidationRules: can(actor, validationRulesPolicy.manage, t),
    canManageDefinitions: can(actor, indicatorsPolicy.manage, t),
    canTranslate: can(actor, translationsPolicy.edit, t),
    canRefreshForecasts: can(actor, forecastPolicy.refresh, t),
    canEvaluateAlerts: can(actor, alertsPolicy.evaluateAll, t),
    canCreateAlertRules: can(actor, alertsPolicy.createRule, t),
    canComment: can(actor, alertsPolicy.comment, t) && can(actor, noticesPolicy.respond, t),
    canGenerateReports: can(actor, reportsPolicy.generate, t),
    canScheduleReports: can(actor, reportsPolicy.schedule, t),
    canAdministerUsers: can(actor, adminPolicy.dialogueUsers, t),
    canReadAudit: can(actor, auditPolicy.readDialogue, t),
    canPostNotices: can(actor, noticesPolicy.create, t),
    canPostNoticesForAnyState:
      can(actor, noticesPolicy.create, t) && noticesPolicy.notifiesForAnyState(actor, t),
    tokenScopes: TOKEN_SCOPE_NAMES.filter((s) => hasRole(actor, dialogueId, rolesForScope(s))),
  };
}

export function sessionAbilities(actor: Actor): SessionAbilities {
  return {
    canAdminister: can(actor, adminPolicy.organisations),
    canAdministerDialogues: can(actor, dialoguesPolicy.listAdministered),
    canReadAudit: can(actor, auditPolicy.read),
    canReadOperations: can(actor, operationsPolicy.status),
  };
}
