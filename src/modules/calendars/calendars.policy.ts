/** Who may define the reporting calendar of a dialogue (and read the overdue list): the dialogue's secretariat. */
import type { AccessCheck } from '../../shared/access';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

const dialoguesOf = (a: NonNullable<MaybeActor>) => Object.keys(a.roles).map(Number);

export const calendarsPolicy = {
  manage: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  /** Every member reads the reporting calendar (providers need their deadlines). */
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** At the door of what members read (rates, settings): a member of a dialogue; the service checks which. */
  readRoute: {
    name: 'member of a dialogue',
    check: (a) => dialoguesOf(a).some((d) => isMember(a, d)),
  } satisfies AccessCheck,
  /** At the door of what the secretariat changes: secretariat of a dialogue; the service checks which. */
  manageRoute: {
    name: 'secretariat of a dialogue',
    check: (a) => dialoguesOf(a).some((d) => hasRole(a, d, SECRETARIAT_ROLES)),
  } satisfies AccessCheck,
};
