import { rule, SESSION_ONLY } from '../../../shared/access';

/**
 * API tokens are managed by their owner in a browser session: a token can never mint, list or revoke tokens
 * (the door answers 403 TOKEN_NOT_ALLOWED).
 */
export const tokensPolicy = {
  self: rule.signedIn('tokens.self', SESSION_ONLY, "each person's own tokens, nobody else's"),
};
