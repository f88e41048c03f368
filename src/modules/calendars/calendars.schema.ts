/** zod schemas of reporting calendars (who reports which indicator from when, deadlines) and the overdue list. */
import { z } from 'zod';
import { Day, Revision } from '../definition-revisions/definition-revisions.schema';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const CalendarKeyParams = SlugParams.extend({
  reporter: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'),
  indicator: z.string().min(1).max(32),
});

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');

export const CalendarEntryView = z.object({
  reporter: z.string(),
  indicator: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  deadlineDay: z.number().int(),
  revision: z.number().int(),
  updatedAt: z.string(),
});
export type CalendarEntryView = z.infer<typeof CalendarEntryView>;

export const CalendarView = z.object({
  /** No entries: every period is accepted from every member state (open calendar). */
  isOpen: z.boolean(),
  memberStates: z.array(z.string()),
  indicators: z.array(z.string()),
  entries: z.array(CalendarEntryView),
});
export type CalendarView = z.infer<typeof CalendarView>;

export const CalendarEntryInput = z
  .object({
    reporter: z.string().trim().toUpperCase(),
    indicator: z.string().min(1).max(32),
    from: Period,
    to: Period.nullable().optional(),
    deadlineDay: z.number().int().min(1).max(28).default(15),
    expectedRevision: Revision,
  })
  .strict();
export type CalendarEntryInput = z.infer<typeof CalendarEntryInput>;

export const CalendarPutBody = z.object({ entries: z.array(CalendarEntryInput).min(1).max(5000) }).strict();
export type CalendarPutBody = z.infer<typeof CalendarPutBody>;

export const OverdueQuery = z
  .object({
    /** The day to judge at (default: today, UTC). */
    asOf: Day.optional(),
    /** First month considered (default: 24 months before asOf). */
    since: Period.optional(),
    reporter: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .strict();
export type OverdueQuery = z.infer<typeof OverdueQuery>;

export const OverdueView = z.object({
  asOf: z.string(),
  since: z.string(),
  isOpenCalendar: z.boolean(),
  items: z.array(
    z.object({
      reporter: z.string(),
      indicator: z.string(),
      period: z.string(),
      deadline: z.string(),
      daysLate: z.number().int(),
    }),
  ),
  byReporter: z.array(z.object({ reporter: z.string(), overdue: z.number().int() })),
});
export type OverdueView = z.infer<typeof OverdueView>;

// ---------- reporting and on-time rates ----------

export const ReportingRatesQuery = z
  .object({
    /** First and last month (default: the twelve months before the month of asOf). */
    from: Period.optional(),
    to: Period.optional(),
    /** The day to judge at (default: today, UTC): months not yet due and not received are pending. */
    asOf: Day.optional(),
    reporter: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code')
      .optional(),
    indicator: z.string().min(1).max(32).optional(),
    /** csv or xlsx: the state × indicator table as a download. */
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .strict();
export type ReportingRatesQuery = z.infer<typeof ReportingRatesQuery>;

const RateCounts = {
  expected: z.number().int().describe('months that count: due, or received before they were due'),
  received: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  pending: z.number().int().describe('not yet due and not received: in no rate'),
  reportingRate: z.number().nullable().describe('received / expected, %'),
  onTimeRate: z.number().nullable().describe('received by the deadline / expected, %'),
};

export const ReportingRatesView = z.object({
  asOf: z.string(),
  from: z.string(),
  to: z.string(),
  isOpenCalendar: z.boolean(),
  periods: z.array(z.string()),
  cells: z.array(
    z.object({
      reporter: z.string(),
      indicator: z.string(),
      period: z.string(),
      status: z.enum(['on_time', 'late', 'missing', 'pending', 'not_expected']),
      deadline: z.string().nullable(),
      receivedOn: z.string().nullable(),
    }),
  ),
  rows: z.array(z.object({ reporter: z.string(), indicator: z.string(), ...RateCounts })),
  byReporter: z.array(z.object({ reporter: z.string(), ...RateCounts })),
  byIndicator: z.array(z.object({ indicator: z.string(), ...RateCounts })),
  byMonth: z.array(z.object({ period: z.string(), ...RateCounts })),
  total: z.object(RateCounts),
});
export type ReportingRatesView = z.infer<typeof ReportingRatesView>;

// ---------- how the calendar chases: reminders and locks ----------

export const CalendarSettingsView = z.object({
  areRemindersEnabled: z.boolean(),
  /** Days relative to the deadline a reminder goes out: negative before, 0 on the day, positive after. */
  reminderOffsets: z.array(z.number().int()),
  isDigestEnabled: z.boolean(),
  /** A published month can be changed only after the secretariat reopens it. */
  isLockingPublished: z.boolean(),
  /** 0 while the dialogue uses the defaults. */
  revision: z.number().int(),
});
export type CalendarSettingsView = z.infer<typeof CalendarSettingsView>;

export const CalendarSettingsBody = z
  .object({
    areRemindersEnabled: z.boolean(),
    reminderOffsets: z.array(z.number().int()).min(1).max(10),
    isDigestEnabled: z.boolean(),
    isLockingPublished: z.boolean(),
    expectedRevision: Revision,
  })
  .strict();
export type CalendarSettingsBody = z.infer<typeof CalendarSettingsBody>;
