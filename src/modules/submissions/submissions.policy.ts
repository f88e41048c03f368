/**
 * Who may do what in the submission workflow. Writers are those who may bring the reporter's figures
 * (observations.policy.ts); reviewers are the secretariat's data managers. Which action is possible in which
 * status is the workflow table's (src/domain/submissions/workflow.ts): `abilities` combines the two, so the
 * web app never re-derives a role.
 *
 * At the door the routes on one submission (`/submissions/:id/…`) only ask for membership: whether the caller
 * writes for that submission's reporter, or reviews, depends on the submission, and a submission the caller
 * may not see must answer 404 (not 403), so the service decides after looking it up. Creating a submission
 * names no record, so its rule checks the role at the door. List and detail share one rule and one scope.
 */
import {
  type SubmissionAction,
  type SubmissionStatus,
  workflowAbilities,
} from '../../domain/submissions/workflow';
import { can, rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { observationsPolicy } from '../observations/observations.policy';

export const submissionsPolicy = {
  /** List and read submissions, their figures, findings and diff (the service shows the caller's own). */
  read: rule.members('submissions.read', 'observations:read'),
  /** Open a draft: data providers (for their state) and data managers. */
  create: rule.members('submissions.create', 'observations:write', ['data_manager', 'data_provider']),
  /** Edit figures and submit: members at the door; the service allows the reporter's writers. */
  change: rule.members('submissions.change', 'observations:write'),
  /** Validate, return, publish: members at the door; the service allows reviewers (`review`). */
  decide: rule.members('submissions.decide', 'observations:write'),
  /** Reviewers: the secretariat's data managers. */
  review: rule.dialogue('submissions.review', 'observations:write', (a, t) =>
    hasRole(a, t.dialogueId, ['data_manager']),
  ),
  /** Create, fill, edit and submit a reporter's submission. */
  write: observationsPolicy.write,
  /** See a submission and its unpublished figures: the reporter's own organisations and the secretariat. */
  readPending: observationsPolicy.readPending,
};

/** What the actor may do with this submission now (sent to the web app as `abilities`). */
export function submissionAbilities(
  a: MaybeActor,
  s: { dialogueId: number; reporter: string; status: SubmissionStatus },
): Record<SubmissionAction, boolean> {
  return workflowAbilities(s.status, {
    writer: can(a, submissionsPolicy.change, s) && submissionsPolicy.write(a, s),
    reviewer: can(a, submissionsPolicy.review, s),
  });
}
