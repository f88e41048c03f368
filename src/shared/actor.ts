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
