import { z } from 'zod';

const Code = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores (at most 32)');

export const SlugParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes'),
});
export const ReportParams = SlugParams.extend({ id: z.coerce.number().int().positive() });

export const ReportCreateBody = z
  .object({
    /** A route code of the dialogue; absent or `_T`: the whole dialogue (all routes). */
    route: Code.optional(),
    /** The month reported on, YYYY-MM. */
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM'),
    /** The indicator of the chart, citizenships and forecasts (default IBC). */
    indicator: Code.default('IBC'),
    language: z.enum(['en', 'fr', 'ru']).default('en'),
  })
  .strict();
export type ReportCreateBody = z.infer<typeof ReportCreateBody>;

export const ReportView = z.object({
  id: z.number(),
  route: z.string().nullable().describe('null = the whole dialogue'),
  indicator: z.string(),
  period: z.string(),
  language: z.enum(['en', 'fr', 'ru']),
  title: z.string(),
  dataAsOf: z.string().nullable(),
  classification: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  hasPdf: z.boolean(),
  pdfError: z.string().nullable(),
});
export type ReportView = z.infer<typeof ReportView>;

export const ScheduleCreateBody = z
  .object({
    /** A route code; absent or `_T`: the whole dialogue. */
    route: Code.optional(),
    indicator: Code.default('IBC'),
    language: z.enum(['en', 'fr', 'ru']).default('en'),
  })
  .strict();
export type ScheduleCreateBody = z.infer<typeof ScheduleCreateBody>;

export const ScheduleView = z.object({
  id: z.number(),
  route: z.string().nullable(),
  indicator: z.string(),
  language: z.enum(['en', 'fr', 'ru']),
  createdBy: z.object({ id: z.number(), name: z.string() }),
  lastPeriod: z.string().nullable().describe('the last month a report was generated for'),
  createdAt: z.string(),
});
export type ScheduleView = z.infer<typeof ScheduleView>;
