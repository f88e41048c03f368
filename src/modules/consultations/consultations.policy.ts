/**
 * Who may do what with draft consultations (src/modules/consultations). Members read the consultations their
 * classification lets them see (a draft not yet opened: the secretariat only); the secretariat creates,
 * corrects the split, opens, responds to comments, edits the summary and publishes revised drafts;
 * delegations (every member but a viewer, for their organisation) comment. The record-level rules below say
 * whose comment an actor may edit and whose comments they see; the door only checks the dialogue.
 */
import { rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { CONTRIBUTOR_ROLES, SECRETARIAT_ROLES } from '../../shared/roles';

export const consultationsPolicy = {
  /** The list, one consultation, its matrix, summary, versions and exports (then by classification). */
  read: rule.members('consultations.read', 'consultations:read'),
  /** Create, correct the split, open, respond, edit the summary, publish a revised draft: the secretariat. */
  manage: rule.members('consultations.manage', 'consultations:write', SECRETARIAT_ROLES),
  /** Comment per paragraph and edit one's organisation's comments: members other than viewers. */
  comment: rule.members('consultations.comment', 'consultations:write', CONTRIBUTOR_ROLES),
  isSecretariat: (a: MaybeActor, dialogueId: number) => hasRole(a, dialogueId, SECRETARIAT_ROLES),
  /** A delegation: a member other than a viewer (the door's `comment` rule, for abilities). */
  mayComment: (a: MaybeActor, dialogueId: number) => hasRole(a, dialogueId, CONTRIBUTOR_ROLES),
  /** A comment is edited by its organisation only. */
  editComment: (a: MaybeActor, c: { organisationId: number }) => !!a && a.orgId === c.organisationId,
  /** Others' comments: the secretariat always, delegations when the secretariat chose so. */
  seesAllComments: (a: MaybeActor, c: { dialogueId: number; commentsVisible: boolean }) =>
    c.commentsVisible || hasRole(a, c.dialogueId, SECRETARIAT_ROLES),
};
