import { type Actor, hasRole, isMember } from '../../shared/actor';

/**
 * Who may administer what. Dialogue administration belongs to the dialogue's `admin` role; organisations
 * (shared by all dialogues) to an admin of any dialogue. API tokens never administer: only a person, in a
 * browser session, may.
 */
export const adminPolicy = {
  /** Seeing the dialogue at all (otherwise: 404, the dialogue's existence is not revealed). */
  seeDialogue: (a: Actor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  manageDialogueUsers: (a: Actor, t: { dialogueId: number }) =>
    a.scopes === undefined && hasRole(a, t.dialogueId, ['admin']),
  manageOrganisations: (a: Actor) =>
    a.scopes === undefined &&
    (a.isPlatformAdmin === true || Object.values(a.roles).some((roles) => roles.includes('admin'))),
  /** Nobody changes their own roles or deactivates themselves (ask another admin). */
  changeUser: (a: Actor, t: { userId: number }) => a.userId !== t.userId,
};
