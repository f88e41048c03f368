/**
 * Who may see and change the contact directory of a dialogue (src/modules/contacts).
 *
 * - Members of the dialogue read it (never public, never anonymous; outsiders get 404 at the door).
 * - The dialogue's secretariat (admin or data manager, of an organisation that is not a state) edits every
 *   entry; a member state's admin, data manager or analyst edits their own state's entries only (a liaison
 *   officer belongs to the state that sends them). The door admits those roles; `canEditEntry` decides per
 *   entry in the service (403 for another state's entry).
 * - The secretariat sees the stale list, sets the confirmation schedule and sends the requests now.
 * - Confirming with a link is open: the signed, expiring token is the credential (no session, no API token).
 */
import { rule, SESSION_ONLY } from '../../shared/access';
import { type Actor, hasRole } from '../../shared/actor';
import { type Role, SECRETARIAT_ROLES } from '../../shared/roles';

const EDITOR_ROLES: readonly Role[] = ['admin', 'data_manager', 'analyst'];

export const contactsPolicy = {
  read: rule.members('contacts.read', 'contacts:read'),
  edit: rule.members('contacts.edit', 'contacts:write', EDITOR_ROLES),
  staleList: rule.members('contacts.staleList', 'contacts:read', SECRETARIAT_ROLES),
  manage: rule.members('contacts.manage', 'contacts:write', SECRETARIAT_ROLES),
  confirm: rule.open('contacts.confirm', SESSION_ONLY),
};

/** The dialogue's secretariat: its admins and data managers who do not speak for a state. */
export function isContactSecretariat(a: Actor | null, dialogueId: number): boolean {
  return !!a && a.orgKind !== 'state' && hasRole(a, dialogueId, SECRETARIAT_ROLES);
}

/** The states whose entries the actor may write: null = all (and the secretariat's); [] = none. */
export function editableStates(a: Actor | null, dialogueId: number): string[] | null {
  if (isContactSecretariat(a, dialogueId)) return null;
  if (a && a.orgKind === 'state' && a.countryIso3 && hasRole(a, dialogueId, EDITOR_ROLES))
    return [a.countryIso3];
  return [];
}

/** Record-level rule: may the actor create, change or remove an entry of this state (null: secretariat)? */
export function canEditEntry(a: Actor | null, dialogueId: number, country: string | null): boolean {
  const states = editableStates(a, dialogueId);
  return states === null || (country !== null && states.includes(country));
}
