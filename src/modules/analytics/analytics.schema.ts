import { z } from 'zod';

const PeriodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
const CodeParam = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores');
const Iso3Param = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code in capitals');
/** A citizenship: ISO 3166-1 alpha-3 or one of the special codes (stateless, unknown…). */
const CitizenshipParam = z.string().regex(/^[A-Z0-9_]{2,8}$/, 'a citizenship code in capitals, e.g. SYR');

/** Query parameters every analytics view accepts: the vintage and the format of the answer. */
const Common = {
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected YYYY-MM-DD or an ISO date-time')
    .optional()
    .describe('vintage: the figures as published at the end of that day (or at that instant)'),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .describe('json, or the table behind the chart as a CSV or XLSX download'),
};
const CodeList = (item: z.ZodString, max: number) =>
  z
    .string()
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .pipe(z.array(item).min(1, 'at least one code').max(max, `at most ${max} codes`));

export const AnalyticsParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes'),
});

export const SeriesQuery = z
  .object({
    indicator: CodeParam,
    /** A route code of the dialogue, or `_T` for indicators without a route breakdown. */
    route: CodeParam,
    citizenship: CitizenshipParam.optional(),
    reporter: Iso3Param.optional(),
    from: PeriodParam.optional(),
    to: PeriodParam.optional(),
    /**
     * like_for_like (default): year-on-year and year-to-date compare only the reporters (and months) present
     * in both periods; raw: the totals as published.
     */
    comparison: z.enum(['like_for_like', 'raw']).default('like_for_like'),
    ...Common,
  })
  .strict();
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const TopCitizenshipsQuery = z
  .object({
    indicator: CodeParam,
    route: CodeParam,
    year: z.coerce.number().int().min(1900).max(2999),
    limit: z.coerce.number().int().min(1).max(100).default(10),
    /**
     * like_for_like (default): `previous` and the change compare only the (reporter, month) pairs present in
     * both years; raw: every figure of both years.
     */
    comparison: z.enum(['like_for_like', 'raw']).default('like_for_like'),
    ...Common,
  })
  .strict();
export type TopCitizenshipsQuery = z.infer<typeof TopCitizenshipsQuery>;

export const RouteMonthQuery = z
  .object({ indicator: CodeParam, from: PeriodParam.optional(), to: PeriodParam.optional(), ...Common })
  .strict();
export type RouteMonthQuery = z.infer<typeof RouteMonthQuery>;

export const ReporterMonthQuery = z.object({ reporter: Iso3Param, period: PeriodParam, ...Common }).strict();
export type ReporterMonthQuery = z.infer<typeof ReporterMonthQuery>;

export const SeriesView = z.object({
  indicator: z.string(),
  route: z.string(),
  citizenship: z.string().nullable(),
  reporter: z.string().nullable(),
  asOf: z.string().nullable(),
  /** How previous, yoyPct, ytd, ytdPrevious and ytdYoyPct were compared (see SeriesQuery.comparison). */
  comparison: z.enum(['like_for_like', 'raw']),
  points: z.array(
    z.object({
      period: z.string(),
      /** The total as published (every reporter with figures). */
      value: z.number().nullable(),
      /** Reporters with figures this month, of those the reporting calendar expects ("8 of 13 reported"). */
      reported: z.number(),
      expected: z.number(),
      /** Every expected reporter has figures; the chart marks incomplete months. */
      complete: z.boolean(),
      /** Like-for-like: the total of the reporters compared with a year earlier (raw: `value`). */
      comparedValue: z.number().nullable(),
      /** Like-for-like: how many reporters were compared with a year earlier. */
      comparedReporters: z.number().nullable(),
      /** The same month a year earlier (like-for-like: the same reporters only). */
      previous: z.number().nullable(),
      /** Change against the same month a year earlier, in %; null without a previous value (or 0). */
      yoyPct: z.number().nullable(),
      /** Year to date: January to this month, as published. */
      ytd: z.number().nullable(),
      /** Like-for-like: the year-to-date of the (reporter, month) pairs also present a year earlier (raw: `ytd`). */
      comparedYtd: z.number().nullable(),
      /** The same months of the year before. */
      ytdPrevious: z.number().nullable(),
      ytdYoyPct: z.number().nullable(),
      /** "missing": no figures for this month (a gap: every value null), never a zero. */
      status: z.enum(['reported', 'missing']),
    }),
  ),
});
export type SeriesView = z.infer<typeof SeriesView>;

export const TopCitizenshipsView = z.object({
  indicator: z.string(),
  route: z.string(),
  year: z.number(),
  asOf: z.string().nullable(),
  /** Months compared: January to the last month with data in `year`, against the same months a year earlier. */
  months: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** How previous and yoyPct were compared (see TopCitizenshipsQuery.comparison). */
  comparison: z.enum(['like_for_like', 'raw']),
  items: z.array(
    z.object({
      citizenship: z.string(),
      /** January to the last month of `year`, as published (every reporter): what the ranking uses. */
      value: z.number(),
      /** Like-for-like: the part of `value` from (reporter, month) pairs also present a year earlier. */
      comparedValue: z.number(),
      /** The same months of the previous year (like-for-like: the same reporters and months only). */
      previous: z.number(),
      /** comparedValue against previous in %; null when the previous value is 0. */
      yoyPct: z.number().nullable(),
    }),
  ),
});
export type TopCitizenshipsView = z.infer<typeof TopCitizenshipsView>;

export const RouteMonthView = z.object({
  indicator: z.string(),
  asOf: z.string().nullable(),
  cells: z.array(z.object({ route: z.string(), period: z.string(), value: z.number().nullable() })),
});
export type RouteMonthView = z.infer<typeof RouteMonthView>;

export const ReporterMonthView = z.object({
  reporter: z.string(),
  period: z.string(),
  asOf: z.string().nullable(),
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

// --- views added for the route dashboards, flows, shifts, compare and the map ---------------------------

const Range = { from: PeriodParam.optional(), to: PeriodParam.optional() };

export const BreakdownQuery = z
  .object({
    indicator: CodeParam,
    /** One route; all visible routes (or the route total) when absent. */
    route: CodeParam.optional(),
    reporter: Iso3Param.optional(),
    ...Range,
    ...Common,
  })
  .strict();
export type BreakdownQuery = z.infer<typeof BreakdownQuery>;

export const BreakdownView = z.object({
  indicator: z.string(),
  route: z.string().nullable(),
  reporter: z.string().nullable(),
  asOf: z.string().nullable(),
  /** Totals over the period range per dimension and code, largest first. */
  totals: z.array(z.object({ dimension: z.string(), code: z.string(), value: z.number() })),
  /** Monthly values per dimension and code. */
  cells: z.array(
    z.object({ dimension: z.string(), code: z.string(), period: z.string(), value: z.number().nullable() }),
  ),
});
export type BreakdownView = z.infer<typeof BreakdownView>;

export const CompletenessQuery = z
  .object({
    /** One indicator; every indicator of the dialogue the caller may see when absent. */
    indicator: CodeParam.optional(),
    ...Range,
    ...Common,
  })
  .strict();
export type CompletenessQuery = z.infer<typeof CompletenessQuery>;

export const CompletenessView = z.object({
  asOf: z.string().nullable(),
  /** The months checked (the twelve months up to the latest with data when no range is given). */
  from: z.string().nullable(),
  to: z.string().nullable(),
  periods: z.array(z.string()),
  rows: z.array(
    z.object({
      indicator: z.string(),
      reporter: z.string(),
      reported: z.number(),
      /** Months of the range without a published total that the reporting calendar expects. */
      missing: z.array(z.string()),
      /** Months of the range the reporting calendar does not expect from this state for this indicator. */
      notExpected: z.array(z.string()),
    }),
  ),
});
export type CompletenessView = z.infer<typeof CompletenessView>;

export const FlowsQuery = z
  .object({
    indicator: CodeParam,
    route: CodeParam.optional(),
    /** Default: the twelve months up to the latest with data. */
    ...Range,
    /** Citizenships shown by name; the rest are summed as "_O" (other). */
    limit: z.coerce.number().int().min(1).max(50).default(12),
    ...Common,
  })
  .strict();
export type FlowsQuery = z.infer<typeof FlowsQuery>;

export const FlowsView = z.object({
  indicator: z.string(),
  route: z.string().nullable(),
  asOf: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Sum of the citizenship → route links (detections with a known citizenship breakdown). */
  total: z.number(),
  /**
   * Links of the diagram, largest first per kind: 'citizenship' = citizenship → route (source a citizenship,
   * "_O" for the others; target a route), 'reporter' = route → reporting state (source a route, target a state).
   */
  links: z.array(
    z.object({
      kind: z.enum(['citizenship', 'reporter']),
      source: z.string(),
      target: z.string(),
      value: z.number(),
    }),
  ),
});
export type FlowsView = z.infer<typeof FlowsView>;

export const RouteShiftsQuery = z
  .object({
    indicator: CodeParam,
    /** Period A (default: the twelve months before period B). */
    aFrom: PeriodParam.optional(),
    aTo: PeriodParam.optional(),
    /** Period B (default: the twelve months up to the latest with data). */
    bFrom: PeriodParam.optional(),
    bTo: PeriodParam.optional(),
    minVolume: z.coerce.number().int().min(0).max(1_000_000_000).default(50),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    ...Common,
  })
  .strict();
export type RouteShiftsQuery = z.infer<typeof RouteShiftsQuery>;

export const RouteShiftsView = z.object({
  indicator: z.string(),
  asOf: z.string().nullable(),
  /** The periods compared; null when there is no data to default them from. */
  a: z.object({ from: z.string(), to: z.string() }).nullable(),
  b: z.object({ from: z.string(), to: z.string() }).nullable(),
  items: z.array(
    z.object({
      citizenship: z.string(),
      volumeA: z.number(),
      volumeB: z.number(),
      /** Total variation distance between the route shares of A and B (0–1). */
      tvd: z.number(),
      /** tvd × mean volume: about how many detections changed route. */
      score: z.number(),
      routes: z.array(
        z.object({ route: z.string(), a: z.number(), b: z.number(), shareA: z.number(), shareB: z.number() }),
      ),
    }),
  ),
});
export type RouteShiftsView = z.infer<typeof RouteShiftsView>;

export const CompareQuery = z
  .object({
    indicator: CodeParam,
    /** Compare routes (codes = route codes) or reporting states (codes = ISO alpha-3). */
    by: z.enum(['route', 'reporter']),
    codes: CodeList(z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores'), 8),
    /** With by=reporter: one route; all visible routes (or the route total) when absent. */
    route: CodeParam.optional(),
    ...Range,
    ...Common,
  })
  .strict();
export type CompareQuery = z.infer<typeof CompareQuery>;

export const CompareView = z.object({
  indicator: z.string(),
  by: z.enum(['route', 'reporter']),
  asOf: z.string().nullable(),
  series: z.array(
    z.object({
      code: z.string(),
      total: z.number(),
      points: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
    }),
  ),
});
export type CompareView = z.infer<typeof CompareView>;

export const ChoroplethQuery = z
  .object({ indicator: CodeParam, route: CodeParam.optional(), ...Range, ...Common })
  .strict();
export type ChoroplethQuery = z.infer<typeof ChoroplethQuery>;

export const ChoroplethView = z.object({
  indicator: z.string(),
  route: z.string().nullable(),
  asOf: z.string().nullable(),
  /** Months with data, in order (the map's time slider). */
  periods: z.array(z.string()),
  /** Per reporting state and month. */
  cells: z.array(z.object({ reporter: z.string(), period: z.string(), value: z.number().nullable() })),
  /** Per reporting state over the whole range. */
  totals: z.array(z.object({ reporter: z.string(), value: z.number() })),
});
export type ChoroplethView = z.infer<typeof ChoroplethView>;
