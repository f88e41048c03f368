import { rule, SESSION_ONLY } from '../../../shared/access';

/** A user's own preferences (interface language): their own only, in a browser session only. */
export const usersPolicy = {
  self: rule.signedIn('users.self', SESSION_ONLY, "each person's own preferences, nobody else's"),
};
