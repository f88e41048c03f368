/** Who may read and define a dialogue's validation rules, and re-run them over published figures. */
import type { AccessCheck } from '../../shared/access';
import { hasRole, hasScope, isMember, type MaybeActor } from '../../shared/actor';

export const validationRulesPolicy = {
  /** Members see the rules (providers see what their figures are checked with). */
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** The secretariat's data managers define them (the same people who review submissions). */
  manage: (a: MaybeActor, t: { dialogueId: number }) =>
    hasScope(a, 'observations:write') && hasRole(a, t.dialogueId, ['data_manager']),
  /** Re-runs and their violations (which name figures of any classification): the data managers too. */
  runs: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, ['data_manager']),
  /** At the door of the re-run routes: a data manager of a dialogue; the service checks which. */
  runsRoute: {
    name: 'data manager of a dialogue',
    check: (a) => Object.keys(a.roles).some((d) => hasRole(a, Number(d), ['data_manager'])),
  } satisfies AccessCheck,
};
