import type { Role } from './roles';

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
   * Set only when the caller authenticated with an API token (src/modules/tokens): what the token may do.
   * Its roles are then limited to the token's dialogue. Absent for a browser session (no scope limit).
   */
  scopes?: readonly string[];
  /**
   * An administrator of the installation (users.is_platform_admin, migration 0018): creates dialogues. The first
   * one is made by the set-up link (src/modules/setup). Absent for API tokens, which never administer.
   */
  isPlatformAdmin?: boolean;
}

export type MaybeActor = Actor | null;

export function rolesIn(actor: MaybeActor, dialogueId: number): Role[] {
  return actor?.roles[dialogueId] ?? [];
}

export function hasRole(actor: MaybeActor, dialogueId: number, allowed: readonly Role[]): boolean {
  return rolesIn(actor, dialogueId).some((r) => allowed.includes(r));
}

export function isMember(actor: MaybeActor, dialogueId: number): boolean {
  return rolesIn(actor, dialogueId).length > 0;
}

/** Whether the actor may use this API-token scope: always for a session, only if granted for a token. */
export function hasScope(actor: MaybeActor, scope: string): boolean {
  return !!actor && (actor.scopes === undefined || actor.scopes.includes(scope));
}
