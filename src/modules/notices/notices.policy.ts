/**
 * Who may do what with notices of new national measures (src/modules/notices). Reading is open: a public
 * dialogue's public notices are for anyone (the service filters by classification; drafts stay with the
 * author's organisation), and a token needs `notices:read` (the Atom and iCalendar feeds). Posting is for a
 * member state's analysts and the secretariat (on a state's behalf); every member but a viewer responds (acknowledges,
 * comments); the notifying side answers and reports the outcome. The record-level rules below say which
 * notice an actor may change or respond to; the door only checks the dialogue.
 */

import { isNotifyingSide } from '../../domain/notices/notice-rules';
import { rule, SESSION_ONLY } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { CONTRIBUTOR_ROLES, SECRETARIAT_ROLES } from '../../shared/roles';

const mayNotify = (a: NonNullable<MaybeActor>, dialogueId: number) =>
  hasRole(a, dialogueId, SECRETARIAT_ROLES) || (a.orgKind === 'state' && hasRole(a, dialogueId, ['analyst']));

export interface NoticeRef {
  dialogueId: number;
  originatorOrgId: number;
  stateIso3: string;
  status: 'draft' | 'sent';
}

export const noticesPolicy = {
  /** The feed, one notice, its history, the Atom and iCalendar feeds (then by classification and status). */
  read: rule.open('notices.read', 'notices:read'),
  /** Post a notice (draft or sent): a state's analyst for their state, the secretariat for any member state. */
  create: rule.members('notices.create', 'notices:write', (a, t) => mayNotify(a, t.dialogueId)),
  /** Change, send, answer comments, report the outcome: the notifying side (record rule `change`). */
  change: rule.members('notices.change', 'notices:write', (a, t) => mayNotify(a, t.dialogueId)),
  /**
   * Acknowledge receipt (for one's organisation), comment, raise a formal concern: members other than viewers
   * (record rule `respondToNotice`).
   */
  respond: rule.members('notices.respond', 'notices:write', CONTRIBUTOR_ROLES),
  /**
   * A mail relay forwards an e-mail to a dialogue's address (POST /api/inbound-mail): open at the door, the
   * shared secret PASSAGE_INBOUND_MAIL_SECRET is the credential (checked by notices.inbound.ts); no API token.
   */
  inboundMail: rule.open('notices.inboundMail', SESSION_ONLY),
  /** The secretariat posts for any member state; a state's analyst only for their own. */
  notifiesForAnyState: (a: MaybeActor, t: { dialogueId: number }) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  /** A draft is changed by its author's organisation; a sent notice also by the notifying state and the secretariat. */
  changeNotice: (a: MaybeActor, n: NoticeRef): boolean => {
    if (!a || !mayNotify(a, n.dialogueId)) return false;
    if (a.orgId === n.originatorOrgId) return true;
    if (n.status === 'draft') return false;
    return a.countryIso3 === n.stateIso3 || hasRole(a, n.dialogueId, SECRETARIAT_ROLES);
  },
  /** Members other than the notifying side acknowledge and comment on a sent notice. */
  respondToNotice: (a: MaybeActor, n: NoticeRef): boolean =>
    !!a &&
    n.status === 'sent' &&
    hasRole(a, n.dialogueId, CONTRIBUTOR_ROLES) &&
    !isNotifyingSide({ id: a.orgId, countryIso3: a.countryIso3 }, n),
};
