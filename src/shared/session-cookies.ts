/**
 * The cookies of a login, named once: the session cookie (set by password login, the second factor, single
 * sign-on and a password change; read by the auth plugin and the CSRF check) and the short-lived cookie of a
 * login whose second factor is outstanding. Here, not in src/server, because the identity modules' routes set
 * them and modules never import the composition root.
 */
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'passage_session';

/** Cookie holding a login whose password was right and whose second factor is outstanding. */
export const PENDING_LOGIN_COOKIE = 'passage_pending_login';

export function sessionCookieOptions(req: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
  };
}

export function pendingLoginCookieOptions(req: FastifyRequest) {
  return { ...sessionCookieOptions(req), path: '/api/auth' };
}

/**
 * The WAL position of the user's last write on the primary, set on a write's response when a read replica is
 * configured (src/server/plugins/auth.ts): any server then keeps this browser's reads on the primary until
 * the replica has replayed it (Db.read). Not secret (a position in the database's log); a minute is far
 * longer than a replica within the lag bound needs.
 */
export const READ_AFTER_COOKIE = 'passage_read_after';

export function readAfterCookieOptions(req: FastifyRequest) {
  return { ...sessionCookieOptions(req), path: '/api', maxAge: 60 };
}
