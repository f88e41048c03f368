/** zod schemas of the reminders sent by the reporting calendar, and of a run of the reminder job. */
import { z } from 'zod';
import { Day } from '../definition-revisions/definition-revisions.schema';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });

export const RemindersQuery = z
  .object({
    /** First day (default: 30 days ago). */
    since: Day.optional(),
    reporter: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code')
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type RemindersQuery = z.infer<typeof RemindersQuery>;

export const SentReminderView = z.object({
  reporter: z.string(),
  indicator: z.string(),
  period: z.string(),
  /** Days relative to the deadline the reminder was for. */
  offset: z.number().int(),
  recipient: z.object({ id: z.number(), name: z.string() }),
  sentAt: z.string(),
});
export const ReminderList = z.object({ since: z.string(), items: z.array(SentReminderView) });
export type ReminderList = z.infer<typeof ReminderList>;

export const ReminderRunView = z.object({
  asOf: z.string(),
  dialogues: z.number().int(),
  /** Reminders recorded (one per recipient, reporter, indicator, month and offset). */
  reminders: z.number().int(),
  /** Digests to the secretariat. */
  digests: z.number().int(),
  /** E-mails queued (sent by the job messages.deliver). */
  mails: z.number().int(),
});
export type ReminderRunView = z.infer<typeof ReminderRunView>;
