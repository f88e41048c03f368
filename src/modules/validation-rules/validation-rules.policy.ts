/** Who may read and define a dialogue's validation rules, and re-run them over published figures. */
import { rule } from '../../shared/access';
import { hasRole, isMember } from '../../shared/actor';

export const validationRulesPolicy = {
  /** Members see the rules (providers see what their figures are checked with). */
  read: rule.dialogue('validationRules.read', 'observations:read', (a, t) => isMember(a, t.dialogueId), {
    membersOnly: true,
  }),
  /** The secretariat's data managers define them (the same people who review submissions). */
  manage: rule.dialogue(
    'validationRules.manage',
    'observations:write',
    (a, t) => hasRole(a, t.dialogueId, ['data_manager']),
    { membersOnly: true },
  ),
  /** Re-runs and their violations (which name figures of any classification): the data managers too. */
  runs: rule.dialogue(
    'validationRules.runs',
    'observations:write',
    (a, t) => hasRole(a, t.dialogueId, ['data_manager']),
    { membersOnly: true },
  ),
};
