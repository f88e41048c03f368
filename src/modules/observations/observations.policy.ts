import { hasRole, hasScope, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * What the statistics exchange checks, per dialogue and reporting state. A caller with an API token also needs
 * its scope: `observations:write` to change anything, `observations:read` to see unpublished figures.
 */
export const exchangePolicy = {
  /** Submit figures for a reporter: its own data providers, or the secretariat's data managers. */
  write: (a: MaybeActor, t: { dialogueId: number; reporter: string }) =>
    hasScope(a, 'observations:write') &&
    (hasRole(a, t.dialogueId, ['data_manager']) ||
      (hasRole(a, t.dialogueId, ['data_provider']) && a?.countryIso3 === t.reporter)),
  /** See unpublished figures and submissions: the reporter's own organisations and the secretariat. */
  readPending: (a: MaybeActor, t: { dialogueId: number; reporter: string }) =>
    (hasScope(a, 'observations:read') || hasScope(a, 'observations:write')) &&
    (hasRole(a, t.dialogueId, SECRETARIAT_ROLES) ||
      (isMember(a, t.dialogueId) && a?.countryIso3 === t.reporter)),
  /** Validate, return and publish submissions; define validation rules. */
  review: (a: MaybeActor, t: { dialogueId: number }) =>
    hasScope(a, 'observations:write') && hasRole(a, t.dialogueId, ['data_manager']),
  /** Members see the rules. */
  readRules: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
};
