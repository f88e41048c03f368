/**
 * Workflow notifications: the dialogue's data managers hear (bell and e-mail) when a submission waits for
 * review; the providers who brought it in (its creator and whoever submitted it) when it is returned,
 * validated or published. The submission workflow does not call this: it announces its steps as domain events
 * and the composition root (src/server/events.ts) enqueues the job 'messages.workflow' in the same transaction,
 * so the messages go out only if the step commits, and are written by the job as the database owner (a
 * request may not write another user's notifications).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { type WorkflowStep, workflowMail } from '../../domain/messages/message-text';
import { enqueue } from '../../jobs/queue';
import {
  dialogueNaming,
  findMemberUsers,
  findRecipients,
  mailContext,
  sendUserMessages,
} from './messages.service';
import { findSubmissionPeople } from './messages.sql';

export const WORKFLOW_MESSAGE_JOB = 'messages.workflow';

const WorkflowPayload = z.object({
  step: z.enum(['submitted', 'returned', 'validated', 'published']),
  dialogueId: z.number().int().positive(),
  submissionId: z.number().int().positive(),
  comment: z.string().nullable().default(null),
  /** Unique per step taken (a submission is submitted again after being returned). */
  eventKey: z.string().min(1),
});
export type WorkflowMessage = z.infer<typeof WorkflowPayload>;

/** Queues the messages of a workflow step (pass the step's transaction, so they go out only if it commits). */
export async function enqueueWorkflowMessage(
  tx: Queryable,
  m: Omit<WorkflowMessage, 'eventKey' | 'comment'> & { comment?: string | null },
): Promise<void> {
  const eventKey = `${m.submissionId}:${m.step}:${new Date().toISOString()}`;
  await enqueue(tx, WORKFLOW_MESSAGE_JOB, { ...m, comment: m.comment ?? null, eventKey });
}

/** Data managers review; the submission's own providers hear of the decisions. */
async function recipientsOf(
  db: Queryable,
  m: WorkflowMessage,
  people: { created_by: number | null; submitted_by: number | null },
) {
  if (m.step === 'submitted') return findRecipients(db, m.dialogueId, ['data_manager']);
  const ids = [people.created_by, people.submitted_by].filter((id): id is number => id !== null);
  return findMemberUsers(db, m.dialogueId, [...new Set(ids)]);
}

/** The job: one in-app notification and one e-mail per recipient, in one transaction, written once. */
export async function runWorkflowMessageJob(
  db: Db,
  payload: unknown,
): Promise<{ recipients: number; mails: number }> {
  const m = WorkflowPayload.parse(payload);
  return db.transaction(async (tx) => {
    const people = await findSubmissionPeople(tx, m.submissionId);
    const naming = await dialogueNaming(tx, m.dialogueId);
    if (!people || !naming) return { recipients: 0, mails: 0 };
    const recipients = await recipientsOf(tx, m, people);
    const path = `/d/${naming.slug}/data/submissions/${m.submissionId}`;
    const step: WorkflowStep = m.step;
    const mails = await sendUserMessages(
      tx,
      recipients.map((r) => {
        const { lang, link } = mailContext(r, path);
        return {
          userId: r.id,
          dialogueId: m.dialogueId,
          kind: `submission.${step}`,
          payload: { submissionId: m.submissionId, reporter: people.reporter, comment: m.comment },
          link: path,
          dedupeKey: `workflow:${m.eventKey}`,
          mail: workflowMail(
            {
              dialogue: naming.nameIn(lang),
              step,
              submissionId: m.submissionId,
              reporter: people.reporter,
              comment: m.comment,
              link,
            },
            lang,
          ),
        };
      }),
    );
    return { recipients: recipients.length, mails };
  });
}
