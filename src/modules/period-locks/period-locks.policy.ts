/** Who may see and reopen the locks that publication puts on months (src/modules/period-locks). */
import type { AccessCheck } from '../../shared/access';
import { hasRole, hasScope, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

const dialoguesOf = (a: NonNullable<MaybeActor>) => Object.keys(a.roles).map(Number);

export const periodLocksPolicy = {
  /** Members see which months are locked (a provider needs to know why a figure is refused). */
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** The secretariat reopens a published month, with a reason. */
  reopen: (a: MaybeActor, t: { dialogueId: number }) =>
    hasScope(a, 'observations:write') && hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  readRoute: {
    name: 'member of a dialogue',
    check: (a) => dialoguesOf(a).some((d) => isMember(a, d)),
  } satisfies AccessCheck,
  reopenRoute: {
    name: 'secretariat of a dialogue',
    check: (a) => dialoguesOf(a).some((d) => hasRole(a, d, SECRETARIAT_ROLES)),
  } satisfies AccessCheck,
};
