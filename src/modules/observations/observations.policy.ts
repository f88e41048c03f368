import { rule } from '../../shared/access';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Who may bring and see a reporting state's figures, per dialogue. The rules at the door (config.access of
 * observations.routes.ts) say who may call a route at all and which token scope it needs; `write` and
 * `readPending` are the record-level rules the services apply to one reporter's figures. The submission
 * workflow builds on these (submissions.policy.ts).
 */
function writesForAnyState(a: MaybeActor, t: { dialogueId: number }): boolean {
  return hasRole(a, t.dialogueId, ['data_manager']);
}

/** The reporters the actor's organisation was allowed to submit for (observer organisations; none for most). */
function grantedReporters(a: MaybeActor, t: { dialogueId: number }): readonly string[] {
  return hasRole(a, t.dialogueId, ['data_provider']) ? (a?.submitsFor?.[t.dialogueId] ?? []) : [];
}

/** A data provider of an organisation the secretariat allowed to submit for this reporter (submission_grants). */
function submitsOnBehalf(a: MaybeActor, t: { dialogueId: number; reporter: string }): boolean {
  return grantedReporters(a, t).includes(t.reporter);
}

export const observationsPolicy = {
  /**
   * Published figures and the SDMX structure: anyone; the service filters by classification and protects the
   * figures of callers who are not members (disclosure control).
   */
  read: rule.open('observations.read', 'observations:read'),
  /**
   * Every revision of one figure: members of the dialogue (others: 404). A revision's value is not
   * disclosure-controlled, so the public reads figures through the observations, SDMX and portal reads.
   */
  history: rule.members('observations.history', 'observations:read'),
  /** Upload a file: data providers and the secretariat's data managers (the service checks the reporter). */
  import: rule.members('observations.import', 'observations:write', ['data_manager', 'data_provider']),
  /** An import template lists only the columns of an indicator the caller may see: anyone signed in. */
  template: rule.signedIn(
    'observations.template',
    'observations:read',
    'a template holds no figures, only the columns of an indicator the caller may see',
  ),
  /**
   * Submit figures for a reporter: its own data providers, the secretariat's data managers, or the data
   * providers of an organisation the secretariat allowed to submit for it (an observer organisation compiling
   * states' figures: `grants`).
   */
  write: (a: MaybeActor, t: { dialogueId: number; reporter: string }) =>
    writesForAnyState(a, t) ||
    (hasRole(a, t.dialogueId, ['data_provider']) && a?.countryIso3 === t.reporter) ||
    submitsOnBehalf(a, t),
  /** Data managers bring figures for any member state (providers only for their own). */
  writesForAnyState: (a: MaybeActor, t: { dialogueId: number }) => writesForAnyState(a, t),
  /** Whether the actor brings figures for some state of the dialogue (its own, any, or granted ones). */
  writesForSomeState: (a: MaybeActor, t: { dialogueId: number }) =>
    writesForAnyState(a, t) ||
    (hasRole(a, t.dialogueId, ['data_provider']) && !!a?.countryIso3) ||
    grantedReporters(a, t).length > 0,
  /** The reporters granted to the actor's organisation in the dialogue (for lists). */
  grantedReporters: (a: MaybeActor, t: { dialogueId: number }) => grantedReporters(a, t),
  /** Read and change which observer organisations submit for which states: the secretariat. */
  grants: rule.members('observations.grants', 'observations:write', ['admin', 'data_manager']),
  /** See unpublished figures and submissions: the reporter's own organisations and the secretariat. */
  readPending: (a: MaybeActor, t: { dialogueId: number; reporter: string }) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES) ||
    (isMember(a, t.dialogueId) && a?.countryIso3 === t.reporter) ||
    submitsOnBehalf(a, t),
};
