/** Who may see and reopen the locks that publication puts on months (src/modules/period-locks). */
import { rule } from '../../shared/access';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const periodLocksPolicy = {
  /** Members see which months are locked (a provider needs to know why a figure is refused). */
  read: rule.members('periodLocks.read', 'observations:read'),
  /** The secretariat reopens a published month, with a reason. */
  reopen: rule.members('periodLocks.reopen', 'observations:write', SECRETARIAT_ROLES),
};
