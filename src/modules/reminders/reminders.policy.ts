/** Who may see the reminders sent and run the reminder job of a dialogue. */
import { rule } from '../../shared/access';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const remindersPolicy = {
  /** Members list reminders: the secretariat all of them, others those sent to them (row-level security). */
  read: rule.members('reminders.read', 'definitions:read'),
  /** The secretariat sends the day's reminders now instead of waiting for the hourly run. */
  run: rule.members('reminders.run', 'definitions:write', SECRETARIAT_ROLES),
};
