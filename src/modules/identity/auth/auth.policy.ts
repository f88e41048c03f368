import { rule, SESSION_ONLY } from '../../../shared/access';

/**
 * Who may use the password login and the session: logging in and out is for anyone (`public`); asking who is
 * logged in is a person's own session, so session-only (an API token has no session to describe).
 */
export const authPolicy = {
  login: 'public',
  logout: 'public',
  session: rule.signedIn('auth.session', SESSION_ONLY, 'everyone may ask who they are'),
} as const;
