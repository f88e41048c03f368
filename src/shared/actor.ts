import type { Role } from './roles';
import { scopesCover, type TokenScope } from './token-scopes';

/** Who is acting. Built once per request by the auth plugin; services take it from the request context. */
export interface Actor {
  userId: number;
  orgId: number;
  orgKind: 'state' | 'secretariat' | 'international';
  countryIso3: string | null;
  email: string;
  name: string;
  /** Roles per dialogue id. */
  roles: Record<number, Role[]>;
  /**
   * Set only when the caller authenticated with an API token (src/modules/identity/tokens): what the token may do.
   * Its roles are then limited to the token's dialogue. Absent for a browser session (no scope limit).
   */
  scopes?: readonly string[];
  /**
   * An administrator of the installation (users.is_platform_admin, migration 0018): creates dialogues. The first
   * one is made by the set-up link (src/modules/setup). Absent for API tokens, which never administer.
   */
  isPlatformAdmin?: boolean;
  /**
   * Reporting states the actor's organisation may submit figures for, per dialogue, besides its own: grants the
   * secretariat gives an observer organisation (submission_grants, migration 0048; observations.policy.ts).
   * Absent or empty for most actors.
   */
  submitsFor?: Readonly<Record<number, readonly string[]>>;
}

export type MaybeActor = Actor | null;

export function rolesIn(actor: MaybeActor, dialogueId: number): Role[] {
  return actor?.roles[dialogueId] ?? [];
}

export function hasRole(actor: MaybeActor, dialogueId: number, allowed: readonly Role[]): boolean {
  return rolesIn(actor, dialogueId).some((r) => allowed.includes(r));
}

/** Dialogues in which the actor holds the admin role. */
export function administeredDialogues(actor: MaybeActor): number[] {
  if (!actor) return [];
  return Object.keys(actor.roles)
    .map(Number)
    .filter((d) => hasRole(actor, d, ['admin']));
}

/** An installation administrator, or an administrator of some dialogue. */
export function isAdministrator(actor: Actor): boolean {
  return actor.isPlatformAdmin === true || administeredDialogues(actor).length > 0;
}

export function isMember(actor: MaybeActor, dialogueId: number): boolean {
  return rolesIn(actor, dialogueId).length > 0;
}

/**
 * Whether the actor may use a route needing this scope: always for a browser session; for an API token only
 * if it holds the scope (or the write scope over it), never for `session-only` (src/shared/token-scopes.ts).
 * The door (src/server/plugins/auth.ts) and the abilities (`can` in src/shared/access.ts) both ask this.
 */
export function hasScope(actor: MaybeActor, scope: TokenScope | 'session-only'): boolean {
  if (!actor) return false;
  if (actor.scopes === undefined) return true;
  return scope !== 'session-only' && scopesCover(actor.scopes, scope);
}

/** Whether the actor came with an API token (not a browser session). */
export function isToken(actor: MaybeActor): boolean {
  return actor?.scopes !== undefined;
}
