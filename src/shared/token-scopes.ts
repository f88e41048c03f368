import type { Role } from './roles';

/**
 * The scopes of API tokens, written once: the tokens module validates requests against this list, every
 * route's access rule names one of them (src/shared/access.ts), and the session tells the web app which ones
 * a user may grant. It lives in src/shared, not in the tokens module, because access rules (shared) need it
 * and src/shared imports no module.
 *
 * Each scope needs one of its `roles` in the token's dialogue, when the token is made and at every use (a
 * token never does more than its owner may). A `write` scope also grants the `read` scope of the same area,
 * so an upload client can read back what it sent. Administration (users, roles, organisations, the audit log,
 * tokens themselves, passwords, two-factor) is no scope at all: only a person in a browser session does it.
 */
const ANY_ROLE: readonly Role[] = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'];
const SECRETARIAT: readonly Role[] = ['admin', 'data_manager'];

export const TOKEN_SCOPES = {
  'observations:read': { roles: ANY_ROLE, grants: [] },
  'observations:write': { roles: ['admin', 'data_manager', 'data_provider'], grants: ['observations:read'] },
  'definitions:read': { roles: ANY_ROLE, grants: [] },
  'definitions:write': { roles: SECRETARIAT, grants: ['definitions:read'] },
  'translations:read': { roles: SECRETARIAT, grants: [] },
  'translations:write': { roles: SECRETARIAT, grants: ['translations:read'] },
  'forecasts:write': { roles: SECRETARIAT, grants: [] },
  'alerts:read': { roles: ANY_ROLE, grants: [] },
  'alerts:write': { roles: ANY_ROLE, grants: ['alerts:read'] },
  'reports:read': { roles: ANY_ROLE, grants: [] },
  'reports:write': { roles: ['admin', 'data_manager', 'analyst'], grants: ['reports:read'] },
  'notices:read': { roles: ANY_ROLE, grants: [] },
  'notices:write': { roles: ['admin', 'data_manager', 'analyst'], grants: ['notices:read'] },
  'contacts:read': { roles: ANY_ROLE, grants: [] },
  'contacts:write': { roles: ['admin', 'data_manager', 'analyst'], grants: ['contacts:read'] },
  'documents:read': { roles: ANY_ROLE, grants: [] },
  'documents:write': { roles: ['admin', 'data_manager', 'analyst'], grants: ['documents:read'] },
  'search:read': { roles: ANY_ROLE, grants: [] },
  /** The installation's Prometheus metrics (src/modules/operations): a scraper's token, from an admin. */
  'operations:read': { roles: ['admin'], grants: [] },
  'monitoring:read': { roles: ANY_ROLE, grants: [] },
  'monitoring:write': {
    roles: ['admin', 'data_manager', 'data_provider', 'analyst'],
    grants: ['monitoring:read'],
  },
  'profiles:read': { roles: ANY_ROLE, grants: [] },
  'profiles:write': {
    roles: ['admin', 'data_manager', 'data_provider', 'analyst'],
    grants: ['profiles:read'],
  },
  'meetings:read': { roles: ANY_ROLE, grants: [] },
  'meetings:write': { roles: ANY_ROLE, grants: ['meetings:read'] },
  'practices:read': { roles: ANY_ROLE, grants: [] },
  'practices:write': {
    roles: ['admin', 'data_manager', 'data_provider', 'analyst', 'observer'],
    grants: ['practices:read'],
  },
  'consultations:read': { roles: ANY_ROLE, grants: [] },
  'consultations:write': {
    roles: ['admin', 'data_manager', 'data_provider', 'analyst', 'observer'],
    grants: ['consultations:read'],
  },
  'agreements:read': { roles: ANY_ROLE, grants: [] },
  'agreements:write': { roles: ['admin', 'data_manager', 'analyst'], grants: ['agreements:read'] },
} as const satisfies Record<string, { roles: readonly Role[]; grants: readonly string[] }>;

export type TokenScope = keyof typeof TOKEN_SCOPES;

/** The longest a token may live. */
export const MAX_TOKEN_DAYS = 365;

/** The scope names as a non-empty tuple (what z.enum wants). */
export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as [TokenScope, ...TokenScope[]];

export function isTokenScope(s: string): s is TokenScope {
  return Object.hasOwn(TOKEN_SCOPES, s);
}

/** Whether a token holding `held` may use a route that needs `needed` (the scope itself, or a write over it). */
export function scopesCover(held: readonly string[], needed: TokenScope): boolean {
  return held.some(
    (s) =>
      s === needed || (isTokenScope(s) && (TOKEN_SCOPES[s].grants as readonly string[]).includes(needed)),
  );
}

/** The roles that allow a scope in a dialogue. */
export function rolesForScope(scope: TokenScope): readonly Role[] {
  return TOKEN_SCOPES[scope].roles;
}
