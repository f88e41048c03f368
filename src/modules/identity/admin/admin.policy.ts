import { rule, SESSION_ONLY } from '../../../shared/access';
import { type Actor, hasRole, isMember } from '../../../shared/actor';

/**
 * Who may administer what. Dialogue administration belongs to the dialogue's `admin` role; organisations
 * (shared by all dialogues) to an admin of any dialogue. API tokens never administer: both rules are
 * session-only, so the door refuses every token (403 TOKEN_NOT_ALLOWED).
 */
export const adminPolicy = {
  /** Users and roles of the dialogue `:dialogueId`: its admins (403 to other members, 404 to outsiders). */
  dialogueUsers: rule.dialogue(
    'admin.dialogueUsers',
    SESSION_ONLY,
    (a, t) => hasRole(a, t.dialogueId, ['admin']),
    { membersOnly: true },
  ),
  /** Organisations: an admin of any dialogue. */
  organisations: rule.actor('admin.organisations', SESSION_ONLY, (a) =>
    Object.values(a.roles).some((roles) => roles.includes('admin')),
  ),
  /** Seeing the dialogue at all (otherwise: 404, the dialogue's existence is not revealed). */
  seeDialogue: (a: Actor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** Nobody changes their own roles or deactivates themselves (ask another admin). */
  changeUser: (a: Actor, t: { userId: number }) => a.userId !== t.userId,
};
