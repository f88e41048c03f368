import { rule, SESSION_ONLY } from '../../../shared/access';

/** The account's own settings: each person changes their own password, in a browser session only. */
export const accountPolicy = {
  self: rule.signedIn('account.self', SESSION_ONLY, "each person's own account, nobody else's"),
};
