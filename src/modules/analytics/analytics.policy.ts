import { rule } from '../../shared/access';

/**
 * Who may read the route dashboards: anyone at the door (a token needs observations:read); the service shows
 * a dialogue's figures by their classification and answers 404 for a dialogue the caller may not see.
 */
export const analyticsPolicy = {
  read: rule.open('analytics.read', 'observations:read'),
};
