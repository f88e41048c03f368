import { apiRequest } from '../../ui/api-client';
import type { SessionView } from '../auth/api';

export interface TwoFactorStatus {
  enrolled: boolean;
  required: boolean;
  isRestricted: boolean;
  recoveryCodesRemaining: number;
}
export interface EnrolmentStart {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}
export interface TokenView {
  id: number;
  name: string;
  dialogueId: number;
  hint: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}
export interface LoginProviders {
  password: true;
  oidc: { enabled: boolean; label: string | null };
}

export const fetchTwoFactorStatus = (signal?: AbortSignal) =>
  apiRequest<TwoFactorStatus>('/api/account/two-factor', signal ? { signal } : {});
export const startEnrolment = () =>
  apiRequest<EnrolmentStart>('/api/account/two-factor/enrolment', { method: 'POST' });
export const confirmEnrolment = (code: string) =>
  apiRequest<{ recoveryCodes: string[] }>('/api/account/two-factor/enrolment/confirm', {
    method: 'POST',
    body: { code },
  });
export const disableTwoFactor = (code: string) =>
  apiRequest<void>('/api/account/two-factor/disable', { method: 'POST', body: { code } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  apiRequest<void>('/api/account/password', { method: 'POST', body: { currentPassword, newPassword } });

export const listTokens = (signal?: AbortSignal) =>
  apiRequest<TokenView[]>('/api/tokens', signal ? { signal } : {});
export const createToken = (input: {
  name: string;
  dialogueId: number;
  scopes: string[];
  expiresInDays: number;
}) => apiRequest<{ token: TokenView; secret: string }>('/api/tokens', { method: 'POST', body: input });
export const revokeToken = (id: number) => apiRequest<TokenView>(`/api/tokens/${id}`, { method: 'DELETE' });

/** Second login step: the code from the authenticator app or a recovery code. */
export const loginWithCode = (code: string) =>
  apiRequest<SessionView>('/api/auth/login/totp', { method: 'POST', body: { code } });
export const fetchLoginProviders = (signal?: AbortSignal) =>
  apiRequest<LoginProviders>('/api/auth/providers', signal ? { signal } : {});
