/**
 * Who may do what in the submission workflow. Writers are those who may bring the reporter's figures
 * (observations.policy.ts); reviewers are the secretariat's data managers. Which action is possible in which
 * status is the workflow table's (src/domain/submissions/workflow.ts): `abilities` combines the two, so the
 * web app never re-derives a role.
 */
import {
  type SubmissionAction,
  type SubmissionStatus,
  workflowAbilities,
} from '../../domain/submissions/workflow';
import { hasRole, hasScope, type MaybeActor } from '../../shared/actor';
import { observationsPolicy } from '../observations/observations.service';

export const submissionsPolicy = {
  /** Create, fill, edit and submit a reporter's submission. */
  write: observationsPolicy.write,
  /** See a submission and its unpublished figures: the reporter's own organisations and the secretariat. */
  readPending: observationsPolicy.readPending,
  /** Validate, return and publish submissions. */
  review: (a: MaybeActor, t: { dialogueId: number }) =>
    hasScope(a, 'observations:write') && hasRole(a, t.dialogueId, ['data_manager']),
};

/** What the actor may do with this submission now (sent to the web app as `abilities`). */
export function submissionAbilities(
  a: MaybeActor,
  s: { dialogueId: number; reporter: string; status: SubmissionStatus },
): Record<SubmissionAction, boolean> {
  return workflowAbilities(s.status, {
    writer: submissionsPolicy.write(a, s),
    reviewer: submissionsPolicy.review(a, s),
  });
}
