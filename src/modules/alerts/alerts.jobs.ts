/**
 * Background jobs of the alerts module (registered in src/server/jobs.ts):
 * - 'alerts.evaluate' {dialogueId, periods?}: enqueued by the publication of statistics; evaluates the
 *   dialogue's rules for the published periods, then enqueues 'alerts.deliver' if e-mails/webhooks wait.
 * - 'alerts.deliver' {}: sends due e-mail/webhook deliveries; schedules itself again for the next retry.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { enqueue } from '../../jobs/queue';
import { processDueDeliveries } from './alerts.deliver';
import { evaluateAlerts } from './alerts.evaluate';

export const ALERTS_EVALUATE_JOB = 'alerts.evaluate';
export const ALERTS_DELIVER_JOB = 'alerts.deliver';

const EvaluatePayload = z.object({
  dialogueId: z.number().int().positive(),
  periods: z.array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)).optional(),
});

/** Enqueues the evaluation of a dialogue's rules (pass the publishing transaction to enqueue atomically). */
export async function enqueueAlertEvaluation(db: Queryable, dialogueId: number, periods: string[]) {
  await enqueue(db, ALERTS_EVALUATE_JOB, { dialogueId, periods });
}

export async function enqueueAlertDelivery(db: Queryable, delaySeconds = 0) {
  // Retries share one waiting job; an immediate run is always added (new alerts should not wait for a retry).
  await enqueue(db, ALERTS_DELIVER_JOB, {}, delaySeconds > 0 ? { singletonKey: 'retry', delaySeconds } : {});
}

export async function runAlertsEvaluateJob(db: Db, payload: unknown) {
  const p = EvaluatePayload.parse(payload);
  const result = await evaluateAlerts(db, { dialogueId: p.dialogueId, periods: p.periods });
  if (result.deliveries > 0) await enqueueAlertDelivery(db);
  return result;
}

export async function runAlertsDeliverJob(db: Db) {
  const run = await processDueDeliveries(db);
  if (run.nextDueAt) {
    const delay = Math.max(1, Math.ceil((new Date(run.nextDueAt).getTime() - Date.now()) / 1000));
    await enqueueAlertDelivery(db, delay);
  }
  return run;
}
