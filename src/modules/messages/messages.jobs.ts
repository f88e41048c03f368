/**
 * Background jobs of the messages module (registered in src/server/jobs.ts):
 * - 'messages.deliver' {}: sends due e-mails of the outbox; schedules itself again for the next retry.
 * - 'messages.workflow' {step, dialogueId, submissionId, …}: writes the notifications of a workflow step
 *   (messages.workflow.ts), enqueued by the listeners of the workflow events.
 */
import type { Db } from '../../db/connect';
import { processDueEmails } from './messages.deliver';
import { enqueueMailDelivery } from './messages.service';

export { MAIL_DELIVER_JOB } from './messages.service';
export { runWorkflowMessageJob, WORKFLOW_MESSAGE_JOB } from './messages.workflow';

export async function runMailDeliverJob(db: Db) {
  const run = await processDueEmails(db);
  if (run.nextDueAt) {
    const delay = Math.max(1, Math.ceil((new Date(run.nextDueAt).getTime() - Date.now()) / 1000));
    await enqueueMailDelivery(db, delay);
  }
  return run;
}
