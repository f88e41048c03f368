/**
 * Who may do what with country profiles (src/modules/profiles). Members of the dialogue read profiles: the
 * endorsed version, and of its sections those their classification shows them. The editors of a profile are
 * the dialogue's secretariat and the authorities (analysts, data providers) of the state it describes: they
 * read drafts and returned versions and write drafts. Only the state's authorities endorse or return a
 * version — not the secretariat, which drafts. The door checks the dialogue and the role; the record rules
 * below (which state) are applied by the service.
 */
import { rule } from '../../shared/access';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { type Role, SECRETARIAT_ROLES } from '../../shared/roles';

/** The roles of a state's authorities that write and endorse its profile. */
export const STATE_EDITOR_ROLES: readonly Role[] = ['analyst', 'data_provider'];

export const profilesPolicy = {
  /** Profiles, their endorsed versions, the key figures, comparisons: members. */
  read: rule.members('profiles.read', 'profiles:read'),
  /** Draft or update a version: the secretariat, or the state's authorities (for their own state). */
  edit: rule.members('profiles.edit', 'profiles:write', [...SECRETARIAT_ROLES, ...STATE_EDITOR_ROLES]),
  /** Endorse or return a version: the state's authorities (for their own state). */
  endorse: rule.members('profiles.endorse', 'profiles:write', STATE_EDITOR_ROLES),
  /** The state's own authorities: members of the dialogue from that country (any role: they read drafts). */
  isOfState: (a: MaybeActor, t: { dialogueId: number; state: string }): boolean =>
    !!a && a.countryIso3 === t.state && isMember(a, t.dialogueId),
  /** Editors read every version and section: the secretariat and the state's own members. */
  isEditor: (a: MaybeActor, t: { dialogueId: number; state: string }): boolean =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES) || profilesPolicy.isOfState(a, t),
  /** Writes a draft: the secretariat, or the state's analysts and data providers. */
  canWrite: (a: MaybeActor, t: { dialogueId: number; state: string }): boolean =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES) ||
    (profilesPolicy.isOfState(a, t) && hasRole(a, t.dialogueId, STATE_EDITOR_ROLES)),
  /** Endorses or returns: the state's analysts and data providers only. */
  canDecide: (a: MaybeActor, t: { dialogueId: number; state: string }): boolean =>
    profilesPolicy.isOfState(a, t) && hasRole(a, t.dialogueId, STATE_EDITOR_ROLES),
};
