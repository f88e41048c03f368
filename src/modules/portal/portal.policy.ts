import { rule } from '../../shared/access';

/**
 * Who may read the public portal (src/modules/portal): anyone, without signing in. What it shows does not depend
 * on who asks: the service reads every figure as an anonymous caller (public dialogues, public indicators and
 * routes, published current figures, after disclosure control), so a member sees the portal as the public does.
 * A token needs `observations:read` (the same figures as the SDMX API).
 */
export const portalPolicy = {
  read: rule.open('portal.read', 'observations:read'),
};
