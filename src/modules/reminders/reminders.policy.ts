/** Who may see the reminders sent and run the reminder job of a dialogue. */
import type { AccessCheck } from '../../shared/access';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

const dialoguesOf = (a: NonNullable<MaybeActor>) => Object.keys(a.roles).map(Number);

export const remindersPolicy = {
  /** Members list reminders: the secretariat all of them, others those sent to them (row-level security). */
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** The secretariat sends the day's reminders now instead of waiting for the hourly run. */
  run: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  readRoute: {
    name: 'member of a dialogue',
    check: (a) => dialoguesOf(a).some((d) => isMember(a, d)),
  } satisfies AccessCheck,
  runRoute: {
    name: 'secretariat of a dialogue',
    check: (a) => dialoguesOf(a).some((d) => hasRole(a, d, SECRETARIAT_ROLES)),
  } satisfies AccessCheck,
};
