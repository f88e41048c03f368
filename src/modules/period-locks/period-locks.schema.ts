/** zod schemas of period locks: the months a publication locked, their reopenings and their history. */
import { z } from 'zod';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const Iso3 = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code');

export const LocksQuery = z
  .object({
    reporter: Iso3.optional(),
    period: Period.optional(),
    /** true: only months reopened now. */
    reopened: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type LocksQuery = z.infer<typeof LocksQuery>;

export const LockView = z.object({
  reporter: z.string(),
  indicator: z.string(),
  period: z.string(),
  lockedAt: z.string(),
  lockedBySubmission: z.number().nullable(),
  isReopened: z.boolean(),
  reopenedAt: z.string().nullable(),
  reopenedBy: z.string().nullable(),
  reopenReason: z.string().nullable(),
  history: z.array(
    z.object({
      action: z.enum(['lock', 'reopen', 'relock']),
      at: z.string(),
      by: z.string().nullable(),
      reason: z.string().nullable(),
      submissionId: z.number().nullable(),
    }),
  ),
});
export type LockView = z.infer<typeof LockView>;

export const LockList = z.object({ isLockingPublished: z.boolean(), locks: z.array(LockView) });
export type LockList = z.infer<typeof LockList>;

export const ReopenBody = z
  .object({
    reporter: z.string().trim().toUpperCase().pipe(Iso3),
    period: Period,
    /** One indicator; omitted: every indicator published for that month. */
    indicator: z.string().min(1).max(32).nullable().optional(),
    reason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(2000),
  })
  .strict();
export type ReopenBody = z.infer<typeof ReopenBody>;

export const ReopenView = z.object({ reopened: z.array(LockView) });
export type ReopenView = z.infer<typeof ReopenView>;
