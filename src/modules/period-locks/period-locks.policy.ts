/** Who may see and reopen the locks that publication puts on months (src/modules/period-locks). */
import { rule } from '../../shared/access';
import { hasRole, isMember } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const periodLocksPolicy = {
  /** Members see which months are locked (a provider needs to know why a figure is refused). */
  read: rule.dialogue('periodLocks.read', 'observations:read', (a, t) => isMember(a, t.dialogueId), {
    membersOnly: true,
  }),
  /** The secretariat reopens a published month, with a reason. */
  reopen: rule.dialogue(
    'periodLocks.reopen',
    'observations:write',
    (a, t) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
    { membersOnly: true },
  ),
};
