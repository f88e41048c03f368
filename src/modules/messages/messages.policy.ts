/** Who sees the e-mail outbox of a dialogue: the secretariat all of it, other members their own e-mails. */
import { rule, SESSION_ONLY } from '../../shared/access';
import { isMember } from '../../shared/actor';

export const messagesPolicy = {
  /** Members (the service and row-level security narrow it to their own unless they are the secretariat). */
  read: rule.dialogue('messages.read', SESSION_ONLY, (a, t) => isMember(a, t.dialogueId), {
    membersOnly: true,
  }),
};
