/**
 * The submission workflow as one table: `draft → submitted → validated | returned → published`, a returned
 * submission edited and submitted again. Each action says from which statuses it may be taken, which status it
 * leads to and which side takes it (the reporter's writers or the secretariat's reviewers). The service checks
 * an action with `assertCanTake` and the API's `abilities` are `canTake` for the same table, so the two can
 * never disagree. Who is a writer or a reviewer is the policy's business (submissions.policy.ts).
 */
import { AppError } from '../../shared/errors';

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'validated', 'returned', 'published'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export type SubmissionAction = 'edit' | 'submit' | 'validate' | 'return' | 'publish';
export const SUBMISSION_ACTIONS = ['edit', 'submit', 'validate', 'return', 'publish'] as const;

interface Transition {
  /** Statuses the action may be taken from. */
  from: readonly SubmissionStatus[];
  /** The status it leads to; an edit keeps the status. */
  to: SubmissionStatus | null;
  /** Who takes it: the reporter's data providers (or a data manager) or the secretariat's data managers. */
  by: 'writer' | 'reviewer';
  /** The action in the error message "it can be … only when …". */
  done: string;
}

export const SUBMISSION_WORKFLOW: Readonly<Record<SubmissionAction, Transition>> = {
  edit: { from: ['draft', 'returned'], to: null, by: 'writer', done: 'edited' },
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'writer', done: 'submitted' },
  validate: { from: ['submitted'], to: 'validated', by: 'reviewer', done: 'validated' },
  return: { from: ['submitted', 'validated'], to: 'returned', by: 'reviewer', done: 'returned' },
  publish: { from: ['validated'], to: 'published', by: 'reviewer', done: 'published' },
};

/** Whether the action may be taken from this status (the role side is the policy's). */
export function canTake(action: SubmissionAction, status: SubmissionStatus): boolean {
  return SUBMISSION_WORKFLOW[action].from.includes(status);
}

/** 409 SUBMISSION_WRONG_STATUS unless the action may be taken from the submission's status. */
export function assertCanTake(action: SubmissionAction, s: { id: number; status: SubmissionStatus }): void {
  if (canTake(action, s.status)) return;
  const t = SUBMISSION_WORKFLOW[action];
  throw new AppError(
    'SUBMISSION_WRONG_STATUS',
    409,
    `Submission ${s.id} is ${s.status}; it can be ${t.done} only when ${t.from.join(' or ')}`,
    { currentStatus: s.status },
  );
}

/** The status an action leads to (an edit keeps the current one). */
export function statusAfter(action: SubmissionAction, current: SubmissionStatus): SubmissionStatus {
  return SUBMISSION_WORKFLOW[action].to ?? current;
}

/** For each action, whether this actor may take it now: its side (`may`) and the table. */
export function workflowAbilities(
  status: SubmissionStatus,
  may: { writer: boolean; reviewer: boolean },
): Record<SubmissionAction, boolean> {
  return Object.fromEntries(
    SUBMISSION_ACTIONS.map((a) => [a, may[SUBMISSION_WORKFLOW[a].by] && canTake(a, status)]),
  ) as Record<SubmissionAction, boolean>;
}
