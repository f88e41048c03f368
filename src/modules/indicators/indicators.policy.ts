/** Who may define the indicators of a dialogue: the dialogue's secretariat. */
import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

export const indicatorsPolicy = {
  /** Create, change, retire and delete indicators (403 to other members, 404 when the dialogue is hidden). */
  manage: rule.dialogue('indicators.manage', 'definitions:write', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
};
