/**
 * The reminder job 'calendars.remind' {dialogueId?, asOf?} (registered in src/server/jobs.ts), enqueued every
 * hour by the server's schedule (src/jobs/schedule.ts, started in src/server/main.ts): sends the day's due
 * reminders and digests; a second run the same day sends nothing new.
 */
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { runReminders } from './reminders.service';

export const REMINDERS_JOB = 'calendars.remind';

const RemindPayload = z.object({
  dialogueId: z.number().int().positive().optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export async function runRemindersJob(db: Db, payload: unknown) {
  const p = RemindPayload.parse(payload ?? {});
  return runReminders(db, {
    ...(p.asOf ? { asOf: p.asOf } : {}),
    ...(p.dialogueId ? { dialogueId: p.dialogueId } : {}),
  });
}
