import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Who may use the definitions desk (the editor's view and the history of definitions): the secretariat. */
export const definitionsPolicy = {
  manage: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
};
