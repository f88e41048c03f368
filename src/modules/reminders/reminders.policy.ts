/** Who may see the reminders sent and run the reminder job of a dialogue. */
import { rule } from '../../shared/access';
import { hasRole, isMember } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const remindersPolicy = {
  /** Members list reminders: the secretariat all of them, others those sent to them (row-level security). */
  read: rule.dialogue('reminders.read', 'definitions:read', (a, t) => isMember(a, t.dialogueId), {
    membersOnly: true,
  }),
  /** The secretariat sends the day's reminders now instead of waiting for the hourly run. */
  run: rule.dialogue(
    'reminders.run',
    'definitions:write',
    (a, t) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
    { membersOnly: true },
  ),
};
