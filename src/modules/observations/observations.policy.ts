import { hasRole, hasScope, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Who may bring and see a reporting state's figures, per dialogue. A caller with an API token also needs its
 * scope: `observations:write` to change anything, `observations:read` to see unpublished figures. The
 * submission workflow builds on these (submissions.policy.ts).
 */
export const observationsPolicy = {
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
};
