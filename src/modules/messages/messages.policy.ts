/** Who sees the e-mail outbox of a dialogue: the secretariat all of it, other members their own e-mails. */
import { rule, SESSION_ONLY } from '../../shared/access';

export const messagesPolicy = {
  /** Members (the service and row-level security narrow it to their own unless they are the secretariat). */
  read: rule.members('messages.read', SESSION_ONLY),
};
