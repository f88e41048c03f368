import type { ApiBody, SessionView } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Login, logout and the session (src/modules/identity/auth), and the account's interface language. */

export type { Role, SessionView, TotpRequired } from '@passage/contract';
export { ROLES, SECRETARIAT_ROLES } from '@passage/contract/constants';

/**
 * What the user may do in one dialogue, computed by the server from its access rules: pages show or hide
 * actions by these, never by re-deriving roles (the server still checks every request).
 */
export type DialogueAbilities = SessionView['memberships'][number]['abilities'];

const NO_ABILITIES: DialogueAbilities = {
  canSubmit: false,
  canSubmitForAnyState: false,
  canReview: false,
  canManageValidationRules: false,
  canManageDefinitions: false,
  canTranslate: false,
  canRefreshForecasts: false,
  canEvaluateAlerts: false,
  canCreateAlertRules: false,
  canComment: false,
  canGenerateReports: false,
  canScheduleReports: false,
  canAdministerUsers: false,
  canReadAudit: false,
  canPostNotices: false,
  canPostNoticesForAnyState: false,
  tokenScopes: [],
};

/** The session's abilities in a dialogue (none when the user is not a member, or the dialogue is unknown). */
export function abilitiesIn(session: SessionView | null, dialogueId: number | undefined): DialogueAbilities {
  return session?.memberships.find((m) => m.dialogueId === dialogueId)?.abilities ?? NO_ABILITIES;
}

export const fetchSession = (signal?: AbortSignal) => api('GET /api/auth/session', { signal });

/** A two-factor user gets TotpRequired instead of a session: POST /api/auth/login/totp with the code finishes it. */
export const login = (credentials: ApiBody<'POST /api/auth/login'>) =>
  api('POST /api/auth/login', { body: credentials });

export const logout = () => api('POST /api/auth/logout');

/** Remembers the interface language on the account: `PUT /api/users/me/locale`. */
export const saveLocale = (locale: ApiBody<'PUT /api/users/me/locale'>['locale']) =>
  api('PUT /api/users/me/locale', { body: { locale } });
