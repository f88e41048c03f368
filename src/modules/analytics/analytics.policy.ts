import { rule } from '../../shared/access';

/**
 * Who may read the route dashboards: members of the dialogue (a token needs observations:read); everyone else
 * gets 404, also for a public dialogue. The dashboards show figures as they are, without disclosure control, so
 * the public reads a dialogue's public figures only through the portal and the SDMX API, which apply it
 * (docs/portal.md). The service still shows members the figures by their classification.
 */
export const analyticsPolicy = {
  read: rule.members('analytics.read', 'observations:read'),
};
