import { rule, SESSION_ONLY } from '../../../shared/access';
import { type Actor, administeredDialogues, hasRole, isAdministrator, isMember } from '../../../shared/actor';

/**
 * Who may administer what. Dialogue administration belongs to the dialogue's `admin` role. An organisation
 * belongs to the dialogues it takes part in (secretariat, observer, authority of a member state, or its users
 * hold roles there: admin.sql.ts): an admin of one of them administers it; one taking part in none yet, any
 * dialogue admin; the installation's administrator every one. API tokens never administer: the rules are
 * session-only, so the door refuses every token (403 TOKEN_NOT_ALLOWED), and the record rules check again.
 */
export const adminPolicy = {
  /** Users and roles of the dialogue `:dialogueId`: its admins (403 to other members, 404 to outsiders). */
  dialogueUsers: rule.members('admin.dialogueUsers', SESSION_ONLY, ['admin']),
  /** Organisations: the installation's administrator (also before any dialogue exists) or a dialogue admin. */
  organisations: rule.actor('admin.organisations', SESSION_ONLY, isAdministrator),
  /** Seeing the dialogue at all (otherwise: 404, the dialogue's existence is not revealed). */
  seeDialogue: (a: Actor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  /** One organisation, given the dialogues it takes part in. */
  manageOrganisation: (a: Actor, t: { dialogueIds: readonly number[] }) =>
    a.scopes === undefined &&
    (a.isPlatformAdmin === true ||
      (t.dialogueIds.length === 0
        ? administeredDialogues(a).length > 0
        : t.dialogueIds.some((d) => hasRole(a, d, ['admin'])))),
  /** A state authority only for a member state of a dialogue the actor administers. */
  createStateOrganisation: (a: Actor, t: { isMemberOfAdministeredDialogue: boolean }) =>
    a.scopes === undefined && (a.isPlatformAdmin === true || t.isMemberOfAdministeredDialogue),
  /** Nobody changes their own roles or deactivates themselves (ask another admin). */
  changeUser: (a: Actor, t: { userId: number }) => a.userId !== t.userId,
};
