import { rule } from '../../shared/access';

/**
 * Who may read the public portal (src/modules/portal): anyone, without signing in. What it shows does not depend
 * on who asks: the service reads every figure as an anonymous caller (public dialogues, public indicators and
 * routes, published current figures, after disclosure control), so a member sees the portal as the public does.
 * A token needs `observations:read` (the same figures as the SDMX API); the public knowledge (best practices,
 * agreements, country profiles, also read as an anonymous caller) needs the scope of its own module.
 */
export const portalPolicy = {
  read: rule.open('portal.read', 'observations:read'),
  /** The map's values per reporting state (the same public table, so the same scope as the figures). */
  map: rule.open('portal.map', 'observations:read'),
  /** Published public practices (never their contacts). */
  practices: rule.open('portal.practices', 'practices:read'),
  /** The files of published public practices (a download each; 404 for any other practice's). */
  practiceFiles: rule.open('portal.practiceFiles', 'practices:read'),
  /** Public agreements of the registry. */
  agreements: rule.open('portal.agreements', 'agreements:read'),
  /** Endorsed profiles' public sections and the state's public figures. */
  profiles: rule.open('portal.profiles', 'profiles:read'),
};
