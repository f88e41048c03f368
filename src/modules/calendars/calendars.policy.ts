/** Who may define the reporting calendar of a dialogue (and read the overdue list): the dialogue's secretariat. */
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const calendarsPolicy = {
  manage: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  /** Every member reads the reporting calendar (providers need their deadlines). */
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
};
