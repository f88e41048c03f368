import { z } from 'zod';

const PeriodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
const CodeParam = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores');
const Iso3Param = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code in capitals');

export const AnalyticsParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes'),
});

export const SeriesQuery = z
  .object({
    indicator: CodeParam,
    /** A route code of the dialogue, or `_T` for indicators without a route breakdown. */
    route: CodeParam,
    citizenship: CodeParam.optional(),
    reporter: Iso3Param.optional(),
    from: PeriodParam.optional(),
    to: PeriodParam.optional(),
  })
  .strict();
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const TopCitizenshipsQuery = z
  .object({
    indicator: CodeParam,
    route: CodeParam,
    year: z.coerce.number().int().min(1900).max(2999),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .strict();
export type TopCitizenshipsQuery = z.infer<typeof TopCitizenshipsQuery>;

export const RouteMonthQuery = z
  .object({ indicator: CodeParam, from: PeriodParam.optional(), to: PeriodParam.optional() })
  .strict();
export type RouteMonthQuery = z.infer<typeof RouteMonthQuery>;

export const ReporterMonthQuery = z.object({ reporter: Iso3Param, period: PeriodParam }).strict();
export type ReporterMonthQuery = z.infer<typeof ReporterMonthQuery>;

export const SeriesView = z.object({
  indicator: z.string(),
  route: z.string(),
  citizenship: z.string().nullable(),
  reporter: z.string().nullable(),
  points: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
});
export type SeriesView = z.infer<typeof SeriesView>;

export const TopCitizenshipsView = z.object({
  indicator: z.string(),
  route: z.string(),
  year: z.number(),
  /** Months compared: January to the last month with data in `year`, against the same months a year earlier. */
  months: z.object({ from: z.string(), to: z.string() }).nullable(),
  items: z.array(
    z.object({
      citizenship: z.string(),
      value: z.number(),
      previous: z.number(),
      /** Change against the same months of the previous year in %; null when the previous value is 0. */
      yoyPct: z.number().nullable(),
    }),
  ),
});
export type TopCitizenshipsView = z.infer<typeof TopCitizenshipsView>;

export const RouteMonthView = z.object({
  indicator: z.string(),
  cells: z.array(z.object({ route: z.string(), period: z.string(), value: z.number().nullable() })),
});
export type RouteMonthView = z.infer<typeof RouteMonthView>;

export const ReporterMonthView = z.object({
  reporter: z.string(),
  period: z.string(),
  observations: z.array(
    z.object({
      indicator: z.string(),
      /** Every breakdown of the figure (route, citizenship, border_type, sex, …); '_T' = total. */
      breakdowns: z.record(z.string(), z.string()),
      value: z.number().nullable(),
      flags: z.array(z.string()),
      revision: z.number(),
    }),
  ),
});
export type ReporterMonthView = z.infer<typeof ReporterMonthView>;
