import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Who may read forecasts and ask for their recomputation. */
export const forecastPolicy = {
  /** Anyone: the service shows series by their classification and 404s a dialogue the caller may not see. */
  read: rule.open('forecasts.read', 'observations:read'),
  /** Queue a recomputation: the secretariat of the dialogue. */
  refresh: rule.dialogue('forecasts.refresh', 'forecasts:write', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
};
