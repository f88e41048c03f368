import { rule, SESSION_ONLY } from '../../shared/access';
import { isAdministrator } from '../../shared/actor';

/**
 * Who may read and administer dialogues. The list is `public` (names of public dialogues and of one's own;
 * any token may list them). A dialogue's home shows its routes and indicators by classification: open to
 * anyone, a token needs observations:read. A dialogue one may not see answers 404.
 *
 * Administration is for people in a browser session, never a token (SESSION_ONLY). An installation
 * administrator (`isPlatformAdmin`, the first one made by set-up) creates dialogues and becomes the new
 * dialogue's admin; from then on each dialogue is run by its own `admin` role: its settings, logo, archiving,
 * member states, observers and invitations (src/modules/members).
 */
export const dialoguesPolicy = {
  list: 'public',
  read: rule.open('dialogues.read', 'observations:read'),
  create: rule.actor('dialogues.create', SESSION_ONLY, (a) => a.isPlatformAdmin === true),
  /** The list of dialogues to administer: every dialogue for an installation administrator, else one's own. */
  listAdministered: rule.actor('dialogues.listAdministered', SESSION_ONLY, isAdministrator),
  /** Settings, logo, archiving, members and invitations of the dialogue in the URL (`:dialogueId`). */
  administer: rule.members('dialogues.administer', SESSION_ONLY, ['admin']),
} as const;
