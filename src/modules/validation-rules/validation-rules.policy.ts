/** Who may read and define a dialogue's validation rules, and re-run them over published figures. */
import { rule } from '../../shared/access';

export const validationRulesPolicy = {
  /** Members see the rules (providers see what their figures are checked with). */
  read: rule.members('validationRules.read', 'observations:read'),
  /** The secretariat's data managers define them (the same people who review submissions). */
  manage: rule.members('validationRules.manage', 'observations:write', ['data_manager']),
  /** Re-runs and their violations (which name figures of any classification): the data managers too. */
  runs: rule.members('validationRules.runs', 'observations:write', ['data_manager']),
};
