import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/** Who may read the translation table of a dialogue and edit translations: its secretariat. */
export const translationsPolicy = {
  manage: (a: MaybeActor, t: { dialogueId: number }) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
};
