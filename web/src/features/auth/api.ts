import { apiRequest } from '../../ui/api-client';

export const ROLES = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Organisation {
  id: number;
  name: string;
  kind: 'state' | 'secretariat' | 'international';
  countryIso3: string | null;
}

/**
 * What the user may do in one dialogue, computed by the server from its access rules: pages show or hide
 * actions by these, never by re-deriving roles (the server still checks every request).
 */
export interface DialogueAbilities {
  canSubmit: boolean;
  /** …for any member state (else only for their own). */
  canSubmitForAnyState: boolean;
  canReview: boolean;
  canManageValidationRules: boolean;
  canManageDefinitions: boolean;
  canTranslate: boolean;
  canRefreshForecasts: boolean;
  canEvaluateAlerts: boolean;
  canGenerateReports: boolean;
  canScheduleReports: boolean;
  canAdministerUsers: boolean;
  canReadAudit: boolean;
  /** API-token scopes the user's roles allow in this dialogue. */
  tokenScopes: string[];
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
  memberships: { dialogueId: number; roles: Role[]; abilities: DialogueAbilities }[];
  abilities: { canAdminister: boolean; canAdministerDialogues: boolean; canReadAudit: boolean };
}

const NO_ABILITIES: DialogueAbilities = {
  canSubmit: false,
  canSubmitForAnyState: false,
  canReview: false,
  canManageValidationRules: false,
  canManageDefinitions: false,
  canTranslate: false,
  canRefreshForecasts: false,
  canEvaluateAlerts: false,
  canGenerateReports: false,
  canScheduleReports: false,
  canAdministerUsers: false,
  canReadAudit: false,
  tokenScopes: [],
};

/** The session's abilities in a dialogue (none when the user is not a member, or the dialogue is unknown). */
export function abilitiesIn(session: SessionView | null, dialogueId: number | undefined): DialogueAbilities {
  return session?.memberships.find((m) => m.dialogueId === dialogueId)?.abilities ?? NO_ABILITIES;
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
