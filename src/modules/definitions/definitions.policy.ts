import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Who may define indicators, routes and reporting calendars (and read the overdue list): the secretariat. */
export const definitionsPolicy = {
  manage: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  /** Every member reads the reporting calendar (providers need their deadlines). */
  readCalendar: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
};
