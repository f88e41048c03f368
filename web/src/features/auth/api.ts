import type { ApiBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Login, logout and the session (src/modules/identity/auth), and the account's interface language. */

export type { Role, SessionView, TotpRequired } from '@passage/contract';
export { ROLES, SECRETARIAT_ROLES } from '@passage/contract/constants';

export const fetchSession = (signal?: AbortSignal) => api('GET /api/auth/session', { signal });

/** A two-factor user gets TotpRequired instead of a session: POST /api/auth/login/totp with the code finishes it. */
export const login = (credentials: ApiBody<'POST /api/auth/login'>) =>
  api('POST /api/auth/login', { body: credentials });

export const logout = () => api('POST /api/auth/logout');

/** Remembers the interface language on the account: `PUT /api/users/me/locale`. */
export const saveLocale = (locale: ApiBody<'PUT /api/users/me/locale'>['locale']) =>
  api('PUT /api/users/me/locale', { body: { locale } });
