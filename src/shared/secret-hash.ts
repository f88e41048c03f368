import { createHash } from 'node:crypto';

/**
 * How Passage stores a bearer secret (session cookie, API token, pending-login or SSO cookie, recovery code):
 * only its SHA-256 in hex, so a database leak reveals no usable secret. The secrets are long and random, so
 * a fast hash is enough (passwords use argon2id instead).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
