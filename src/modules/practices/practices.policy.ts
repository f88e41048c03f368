/**
 * Who may do what with the best-practice inventory (src/modules/practices). Reading is open: a public
 * dialogue's published public practices are for anyone (the service filters by status and classification;
 * one not yet published stays with its originator and the secretariat; contacts are shown to members only).
 * Members other than viewers submit practices for their organisation; the secretariat verifies and publishes
 * them or returns them with a comment. The record rules below say which practice an actor may change; the
 * door only checks the dialogue.
 */
import type { PracticeStatus } from '../../domain/practices/practice-rules';
import { rule } from '../../shared/access';
import { hasRole, isMember, type MaybeActor } from '../../shared/actor';
import { CONTRIBUTOR_ROLES, SECRETARIAT_ROLES } from '../../shared/roles';

export interface PracticeRef {
  dialogueId: number;
  originatorOrgId: number;
  status: PracticeStatus;
}

export const practicesPolicy = {
  /** The list, one practice, the comparison, the CSV export (then by status and classification). */
  read: rule.open('practices.read', 'practices:read'),
  /** The revisions of a practice: members (then as read). */
  history: rule.members('practices.history', 'practices:read'),
  /** Write a practice for one's organisation, change and submit it: members other than viewers. */
  write: rule.members('practices.write', 'practices:write', CONTRIBUTOR_ROLES),
  /** Verify a submitted practice: publish it or return it with a comment. */
  verify: rule.members('practices.verify', 'practices:write', SECRETARIAT_ROLES),
  /**
   * A practice is changed by its originator's contributors while a draft or returned, and corrected by the
   * secretariat once published (a submitted one waits for the verification).
   */
  changePractice: (a: MaybeActor, p: PracticeRef): boolean => {
    if (!a) return false;
    const isSecretariat = hasRole(a, p.dialogueId, SECRETARIAT_ROLES);
    if (p.status === 'published') return isSecretariat;
    if (p.status === 'submitted') return false;
    return a.orgId === p.originatorOrgId && hasRole(a, p.dialogueId, CONTRIBUTOR_ROLES);
  },
  /** The originator's contributors submit a draft or a returned practice. */
  submitPractice: (a: MaybeActor, p: PracticeRef): boolean =>
    !!a &&
    (p.status === 'draft' || p.status === 'returned') &&
    a.orgId === p.originatorOrgId &&
    hasRole(a, p.dialogueId, CONTRIBUTOR_ROLES),
  /** The secretariat verifies a submitted practice. */
  verifyPractice: (a: MaybeActor, p: PracticeRef): boolean =>
    p.status === 'submitted' && hasRole(a, p.dialogueId, SECRETARIAT_ROLES),
  /** Contact persons are for the dialogue's members. */
  seesContacts: (a: MaybeActor, p: { dialogueId: number }): boolean => isMember(a, p.dialogueId),
};
