/** Who may define the indicators of a dialogue: the dialogue's secretariat. */
import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const indicatorsPolicy = {
  manage: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
};
