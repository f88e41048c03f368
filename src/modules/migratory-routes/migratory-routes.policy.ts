/** Who may define the migratory routes of a dialogue: the dialogue's secretariat. */
import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const migratoryRoutesPolicy = {
  /** Create and change routes (403 to other members, 404 when the dialogue is hidden). */
  manage: rule.dialogue('migratoryRoutes.manage', 'definitions:write', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
};
