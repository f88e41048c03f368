import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** What the statistics exchange checks, per dialogue and reporting state. */
export const exchangePolicy = {
  /** Submit figures for a reporter: its own data providers, or the secretariat's data managers. */
  write: (a: MaybeActor, t: { dialogueId: number; reporter: string }) =>
    hasRole(a, t.dialogueId, ['data_manager']) ||
    (hasRole(a, t.dialogueId, ['data_provider']) && a?.countryIso3 === t.reporter),
  /** See unpublished figures and submissions: the reporter's own organisations and the secretariat. */
  readPending: (a: MaybeActor, t: { dialogueId: number; reporter: string }) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES) ||
    (isMember(a, t.dialogueId) && a?.countryIso3 === t.reporter),
  /** Validate, return and publish submissions; define validation rules. */
  review: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, ['data_manager']),
  /** Members see the rules. */
  readRules: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
};
