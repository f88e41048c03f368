import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Who may use the definitions desk (the editor's view and the history of definitions): the secretariat. */
export const definitionsPolicy = {
  manage: rule.dialogue('definitions.desk', 'definitions:read', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
};
