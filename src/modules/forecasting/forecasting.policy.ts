import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Who may read forecasts and ask for their recomputation. */
export const forecastPolicy = {
  /**
   * Members of the dialogue (others: 404): a forecast carries its history and backtests, the dashboard rollups
   * without disclosure control. The service shows members the series by their classification.
   */
  read: rule.members('forecasts.read', 'observations:read'),
  /** Queue a recomputation: the secretariat of the dialogue. */
  refresh: rule.dialogue('forecasts.refresh', 'forecasts:write', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
};
