import { rule, SESSION_ONLY } from '../../shared/access';
import { administeredDialogues, hasRole } from '../../shared/actor';

export const auditPolicy = {
  /**
   * The audit viewer: admins of a dialogue see that dialogue's entries and their members' logins. A person in
   * a browser session only: no API token reads the audit log, whatever its owner's roles.
   */
  read: rule.actor('audit.read', SESSION_ONLY, (actor) => administeredDialogues(actor).length > 0),
  /** One dialogue's entries (the viewer's filter; the web app's ability): its admins. */
  readDialogue: rule.dialogue('audit.readDialogue', SESSION_ONLY, (actor, t) =>
    hasRole(actor, t.dialogueId, ['admin']),
  ),
};
