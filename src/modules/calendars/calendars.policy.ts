/** Who may define the reporting calendar of a dialogue (and read the overdue list): the dialogue's secretariat. */
import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const calendarsPolicy = {
  /** Change the calendar and how it chases (403 to other members, 404 when the dialogue is hidden). */
  manage: rule.dialogue('calendars.manage', 'definitions:write', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
  /** Who is late: the secretariat's view. */
  readOverdue: rule.dialogue('calendars.readOverdue', 'definitions:read', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
  /**
   * Every member reads the reporting calendar, its reporting rates and its reminder settings (providers need
   * their deadlines); others get 404.
   */
  read: rule.members('calendars.read', 'definitions:read'),
};
