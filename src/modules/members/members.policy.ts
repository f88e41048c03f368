import { rule, SESSION_ONLY } from '../../shared/access';
import { isMember } from '../../shared/actor';
import { dialoguesPolicy } from '../dialogues/dialogues.policy';

/**
 * Who manages a dialogue's members: its admins (the rule of dialogue administration). They add and remove member
 * states and observer organisations, see each member's organisations and users (names and e-mails: personal
 * data, never shown to other callers), and invite users in bulk.
 */
export const membersPolicy = {
  manage: dialoguesPolicy.administer,
  /**
   * The organisations taking part in the dialogue (names only, no users): for its members, who pick from
   * them the organisations a `restricted` record is shared with.
   */
  listOrganisations: rule.dialogue(
    'members.listOrganisations',
    SESSION_ONLY,
    (a, t) => isMember(a, t.dialogueId),
    { membersOnly: true },
  ),
};
