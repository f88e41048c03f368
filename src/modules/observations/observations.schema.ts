/**
 * zod schemas of the observations module: the import formats and query, an observation as JSON (in and out),
 * and the queries of published figures, figure history and import templates.
 */
import { z } from 'zod';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { MAX_COMMENT_LENGTH } from '../../domain/observations/parse-csv-row';
import { LOCALES } from '../../shared/locales';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
export const Iso3 = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 3166-1 alpha-3 code')
  .transform((s) => s.toUpperCase());

/** The file formats an import reads. */
export const IMPORT_FORMATS = ['csv', 'sdmx-csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const Breakdowns = z.object(
  Object.fromEntries(DIMENSIONS.map((d) => [d, z.string()])) as Record<
    (typeof DIMENSIONS)[number],
    z.ZodString
  >,
);
export const PartialBreakdowns = Breakdowns.partial().strict();

export const ImportQuery = z
  .object({
    format: z.enum(IMPORT_FORMATS).optional().describe('default: from the Content-Type or the file name'),
    reporter: Iso3.optional().describe("reporting state; default the caller's own state"),
    fileName: z.string().max(255).optional(),
  })
  .strict();

export const ImportResultView = z.object({
  submissionId: z.number(),
  reporter: z.string(),
  observations: z.number(),
  /** Present when the file's header fitted a saved import mapping and went through it. */
  mapping: z.string().optional(),
  submissions: z
    .array(
      z.object({
        submissionId: z.number(),
        reporter: z.string(),
        observations: z.number(),
        derivedTotals: z.number(),
      }),
    )
    .optional(),
});

export const ObservationBody = z
  .object({
    indicator: z.string(),
    reporter: z.string().optional(),
    period: z.string(),
    breakdowns: PartialBreakdowns.optional(),
    value: z.union([z.number(), z.string(), z.null()]),
    flags: z.array(z.string()).optional(),
    comment: z.string().max(MAX_COMMENT_LENGTH).nullable().optional(),
  })
  .strict();
export type ObservationBody = z.infer<typeof ObservationBody>;

export const ObservationView = z.object({
  id: z.number(),
  indicator: z.string(),
  reporter: z.string(),
  period: z.string(),
  breakdowns: Breakdowns,
  value: z.number().nullable(),
  flags: z.array(z.string()),
  revision: z.number(),
  status: z.string(),
  classification: z.string(),
  recordedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  recordedAt: z.string(),
  publishedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  comment: z.string().nullable(),
  submissionId: z.number().nullable(),
  derived: z
    .boolean()
    .describe(
      'a total Passage derived as the sum of its parts (an import whose file had the parts of an additive breakdown but no total), not a reported figure',
    ),
});
export type ObservationView = z.infer<typeof ObservationView>;

export const ObservationQuery = z
  .object({
    indicator: z.string().optional(),
    reporter: Iso3.optional(),
    from: Period.optional(),
    to: Period.optional(),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected YYYY-MM-DD or an ISO date-time')
      .optional()
      .describe('vintage: the data as published at the end of that day (or at that instant)'),
    format: z.enum(['json', 'csv', 'xlsx', 'sdmx-csv']).default('json'),
    lang: z
      .enum(LOCALES)
      .optional()
      .describe('CSV/XLSX: column headings in this language (default: the machine names imports read back)'),
    limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
    offset: z.coerce.number().int().min(0).default(0),
    ...Object.fromEntries(DIMENSIONS.map((d) => [d, z.string().optional()])),
  })
  .strict();
export type ObservationQuery = z.infer<typeof ObservationQuery> &
  Partial<Record<(typeof DIMENSIONS)[number], string>>;

export const FigureQuery = z
  .object({
    indicator: z.string(),
    reporter: Iso3,
    period: Period,
    ...Object.fromEntries(DIMENSIONS.map((d) => [d, z.string().optional()])),
  })
  .strict();
export type FigureQuery = z.infer<typeof FigureQuery> & Partial<Record<(typeof DIMENSIONS)[number], string>>;

/** The SDMX structure (DSD and code lists) as SDMX-ML 2.1 or SDMX-JSON. */
export const SdmxStructureQuery = z.object({ format: z.enum(['sdmx-ml', 'sdmx-json']).default('sdmx-ml') });

export const TemplateParams = SlugParams.extend({ indicator: z.string() });
export const TemplateQuery = z
  .object({
    reporter: Iso3.optional(),
    format: z.enum(['csv', 'xlsx']).default('csv'),
    period: Period.optional(),
  })
  .strict();

/** Which member states an observer organisation may submit figures for (issue 22, observations.grants.ts). */
export const SubmissionGrantView = z.object({
  organisation: z.object({ id: z.number(), name: z.string() }),
  reporters: z.array(z.string()),
});
export type SubmissionGrantView = z.infer<typeof SubmissionGrantView>;
export const SubmissionGrantList = z.object({ items: z.array(SubmissionGrantView) });
export const SubmissionGrantParams = SlugParams.extend({ orgId: z.coerce.number().int().positive() });
export const SubmissionGrantBody = z
  .object({
    reporters: z
      .array(Iso3)
      .max(300)
      .describe('the member states the organisation may submit for; an empty list ends its grant'),
  })
  .strict();
