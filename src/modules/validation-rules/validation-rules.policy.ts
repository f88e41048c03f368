/** Who may read and define a dialogue's validation rules. */
import { hasRole, hasScope, isMember, type MaybeActor } from '../../shared/actor';

export const validationRulesPolicy = {
  /** Members see the rules (providers see what their figures are checked with). */
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** The secretariat's data managers define them (the same people who review submissions). */
  manage: (a: MaybeActor, t: { dialogueId: number }) =>
    hasScope(a, 'observations:write') && hasRole(a, t.dialogueId, ['data_manager']),
};
