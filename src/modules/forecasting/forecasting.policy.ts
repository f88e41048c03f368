import type { AccessCheck } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Dialogues whose secretariat (admin, data manager) the actor belongs to. */
export function secretariatDialogues(actor: MaybeActor): number[] {
  if (!actor) return [];
  return Object.keys(actor.roles)
    .map(Number)
    .filter((d) => hasRole(actor, d, SECRETARIAT_ROLES));
}

export const forecastPolicy = {
  /** Ask for a recomputation: the secretariat of the dialogue (the route admits any secretariat member). */
  refresh: {
    name: 'secretariat of a dialogue',
    check: (actor) => secretariatDialogues(actor).length > 0,
  } satisfies AccessCheck,
  refreshDialogue: (actor: MaybeActor, dialogueId: number) => hasRole(actor, dialogueId, SECRETARIAT_ROLES),
};
