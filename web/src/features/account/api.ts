import type { ApiBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** The account of the signed-in user: two-factor authentication, password, API tokens; the second login step. */

export type { EnrolmentStart, ProvidersView, TokenView, TwoFactorStatus } from '@passage/contract';
export { MAX_TOKEN_DAYS, TOKEN_SCOPE_NAMES } from '@passage/contract/constants';

export const fetchTwoFactorStatus = (signal?: AbortSignal) => api('GET /api/account/two-factor', { signal });
export const startEnrolment = () => api('POST /api/account/two-factor/enrolment');
export const confirmEnrolment = (code: string) =>
  api('POST /api/account/two-factor/enrolment/confirm', { body: { code } });
export const disableTwoFactor = (code: string) =>
  api('POST /api/account/two-factor/disable', { body: { code } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api('POST /api/account/password', { body: { currentPassword, newPassword } });

export const listTokens = (signal?: AbortSignal) => api('GET /api/tokens', { signal });
export const createToken = (body: ApiBody<'POST /api/tokens'>) => api('POST /api/tokens', { body });
export const revokeToken = (tokenId: number) => api('DELETE /api/tokens/:tokenId', { params: { tokenId } });

/** Second login step: the code from the authenticator app or a recovery code. */
export const loginWithCode = (code: string) => api('POST /api/auth/login/totp', { body: { code } });
export const fetchLoginProviders = (signal?: AbortSignal) => api('GET /api/auth/providers', { signal });
