import { rule, SESSION_ONLY } from '../../../shared/access';

/**
 * Two-factor authentication: each person manages their own second factor, in a browser session only (an API
 * token cannot enrol, disable or renew it); the second login step is `public` (no session exists yet).
 */
export const twoFactorPolicy = {
  self: rule.signedIn('twoFactor.self', SESSION_ONLY, "each person's own second factor, nobody else's"),
  loginStep: 'public',
} as const;
