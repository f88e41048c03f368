import { apiRequest } from '../../ui/api-client';

export const ROLES = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Organisation {
  id: number;
  name: string;
  kind: 'state' | 'secretariat' | 'international';
  countryIso3: string | null;
}

/** Who is logged in: `GET /api/auth/session`. */
export interface SessionView {
  user: {
    id: number;
    email: string;
    name: string;
    locale: string;
    /** Administers the installation: creates dialogues. */
    isPlatformAdmin: boolean;
    organisation: Organisation;
  };
  memberships: { dialogueId: number; roles: Role[] }[];
}

export interface Credentials {
  email: string;
  password: string;
}

export const fetchSession = (signal?: AbortSignal) =>
  apiRequest<SessionView>('/api/auth/session', signal ? { signal } : {});

/** A two-factor user gets this instead of a session: POST /api/auth/login/totp with the code finishes it. */
export interface TotpRequired {
  requiresTotp: true;
  expiresInSeconds: number;
}

export const login = (credentials: Credentials) =>
  apiRequest<SessionView | TotpRequired>('/api/auth/login', { method: 'POST', body: credentials });

export const logout = () => apiRequest<void>('/api/auth/logout', { method: 'POST' });

/** Remembers the interface language on the account: `PUT /api/users/me/locale`. */
export const saveLocale = (locale: string) =>
  apiRequest<{ locale: string }>('/api/users/me/locale', { method: 'PUT', body: { locale } });
