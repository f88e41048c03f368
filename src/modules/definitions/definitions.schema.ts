import { z } from 'zod';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { CLASSIFICATIONS } from '../../shared/classification';
import { TranslatedText } from '../translations/translations.schema';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const IdParams = SlugParams.extend({ id: z.coerce.number().int().positive() });
export const CalendarKeyParams = SlugParams.extend({
  reporter: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'),
  indicator: z.string().min(1).max(32),
});

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a valid date');
const Code = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]{0,31}$/,
    'expected capital letters, digits and "_", starting with a letter (max 32)',
  );
const Dimension = z.enum(DIMENSIONS);
/** The one representation of translatable text (see the translations module); the original must be set. */
const Name = TranslatedText.refine((t) => !!t.values[t.source]?.trim(), {
  message: 'the name in the source language is required',
  path: ['values'],
});
const Revision = z
  .number()
  .int()
  .min(0)
  .describe('the revision the editor started from; a newer one answers 409 (0 for a new calendar entry)');

// ---------- indicators ----------

export const IndicatorDefinition = z.object({
  id: z.number().int(),
  code: z.string(),
  name: TranslatedText,
  description: TranslatedText,
  unit: z.string(),
  breakdowns: z.array(z.string()),
  /** Breakdowns whose codes add up to the total: "total = sum of breakdowns" is checked for each. */
  additiveBreakdowns: z.array(z.string()),
  classification: z.enum(CLASSIFICATIONS),
  validTo: z.string().nullable(),
  revision: z.number().int(),
  updatedAt: z.string(),
  /** Figures exist: the code can no longer change and the indicator can be retired, not deleted. */
  hasObservations: z.boolean(),
});
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

export const IndicatorCreateBody = z
  .object({
    code: Code,
    name: Name,
    description: TranslatedText.optional(),
    unit: z.string().trim().min(1).max(40).default('detections'),
    breakdowns: z.array(Dimension).max(DIMENSIONS.length).default([]),
    additiveBreakdowns: z.array(Dimension).max(DIMENSIONS.length).default([]),
    classification: z.enum(CLASSIFICATIONS).default('dialogue'),
    validTo: Day.nullable().optional(),
  })
  .strict();
export type IndicatorCreateBody = z.infer<typeof IndicatorCreateBody>;

export const IndicatorUpdateBody = z
  .object({
    code: Code.optional(),
    name: Name.optional(),
    description: TranslatedText.optional(),
    unit: z.string().trim().min(1).max(40).optional(),
    breakdowns: z.array(Dimension).max(DIMENSIONS.length).optional(),
    additiveBreakdowns: z.array(Dimension).max(DIMENSIONS.length).optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    /** Retire the indicator: no figures are expected after this day (null reactivates it). */
    validTo: Day.nullable().optional(),
    expectedRevision: Revision,
  })
  .strict();
export type IndicatorUpdateBody = z.infer<typeof IndicatorUpdateBody>;

export const RevisionQuery = z.object({ expectedRevision: z.coerce.number().int().min(0) }).strict();

// ---------- routes ----------

const GeoJsonLine = z
  .looseObject({ type: z.string(), coordinates: z.array(z.unknown()) })
  .describe('GeoJSON LineString or MultiLineString, [longitude, latitude] positions');

export const RouteDefinition = z.object({
  id: z.number().int(),
  code: z.string(),
  name: TranslatedText,
  description: TranslatedText,
  countries: z.array(z.string()),
  geometry: z.record(z.string(), z.unknown()),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
  revision: z.number().int(),
  updatedAt: z.string(),
});
export type RouteDefinition = z.infer<typeof RouteDefinition>;

export const RouteCreateBody = z
  .object({
    code: Code,
    name: Name,
    description: TranslatedText.optional(),
    /** ISO 3166-1 alpha-3 codes in order along the route, origin first. */
    countries: z.array(z.string().trim().toUpperCase()).min(2).max(60),
    /** Omitted or null: a line through the countries' centroids. */
    geometry: GeoJsonLine.nullable().optional(),
    validFrom: Day,
    validTo: Day.nullable().optional(),
    classification: z.enum(CLASSIFICATIONS).default('dialogue'),
  })
  .strict();
export type RouteCreateBody = z.infer<typeof RouteCreateBody>;

export const RouteUpdateBody = z
  .object({
    code: Code.optional(),
    name: Name.optional(),
    description: TranslatedText.optional(),
    countries: z.array(z.string().trim().toUpperCase()).min(2).max(60).optional(),
    /** null: redraw the default line through the (new) countries' centroids. */
    geometry: GeoJsonLine.nullable().optional(),
    validFrom: Day.optional(),
    validTo: Day.nullable().optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    expectedRevision: Revision,
  })
  .strict();
export type RouteUpdateBody = z.infer<typeof RouteUpdateBody>;

// ---------- reporting calendars ----------

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

// ---------- the page and history ----------

export const DefinitionsView = z.object({
  dimensions: z.array(z.string()),
  languages: z.array(z.string()),
  memberStates: z.array(z.string()),
  indicators: z.array(IndicatorDefinition),
  routes: z.array(RouteDefinition),
  calendar: CalendarView,
});
export type DefinitionsView = z.infer<typeof DefinitionsView>;

export const DefinitionHistoryQuery = z
  .object({ entity: z.enum(['indicator', 'route', 'calendar']), id: z.coerce.number().int().positive() })
  .strict();
export type DefinitionHistoryQuery = z.infer<typeof DefinitionHistoryQuery>;

export const DefinitionRevisionView = z.object({
  revision: z.number().int(),
  action: z.string(),
  data: z.record(z.string(), z.unknown()),
  editedAt: z.string(),
  editedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export type DefinitionRevisionView = z.infer<typeof DefinitionRevisionView>;
