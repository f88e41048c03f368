import { z } from 'zod';
import { DIMENSIONS, FLAGS } from '../../domain/observations/dimensions';
import { LOCALES } from '../../shared/locales';

/** The file formats an import reads. */
export const IMPORT_FORMATS = ['csv', 'sdmx-csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const SubmissionParams = SlugParams.extend({ id: z.coerce.number().int().positive() });
export const RuleParams = SlugParams.extend({ id: z.coerce.number().int().positive() });

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const Iso3 = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 3166-1 alpha-3 code')
  .transform((s) => s.toUpperCase());

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
});

export const ObservationBody = z
  .object({
    indicator: z.string(),
    reporter: z.string().optional(),
    period: z.string(),
    breakdowns: PartialBreakdowns.optional(),
    value: z.union([z.number(), z.string(), z.null()]),
    flags: z.array(z.string()).optional(),
    comment: z.string().max(2000).nullable().optional(),
  })
  .strict();
export type ObservationBody = z.infer<typeof ObservationBody>;

export const SubmissionCreateBody = z
  .object({
    reporter: Iso3.optional(),
    observations: z.array(ObservationBody).max(100_000).optional(),
  })
  .strict();
export type SubmissionCreateBody = z.infer<typeof SubmissionCreateBody>;

export const SubmissionStatus = z.enum(['draft', 'submitted', 'validated', 'returned', 'published']);

export const CommentView = z.object({
  action: z.string(),
  author: z.object({ id: z.number(), name: z.string() }).nullable(),
  body: z.string(),
  createdAt: z.string(),
});

export const FindingView = z.object({
  key: z.string(),
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  observationId: z.number().nullable(),
  message: z.string(),
  comment: z.string().nullable(),
});
export type FindingView = z.infer<typeof FindingView>;

export const SubmissionView = z.object({
  id: z.number(),
  reporter: z.string(),
  status: SubmissionStatus,
  source: z.string(),
  fileName: z.string().nullable(),
  observationCount: z.number(),
  createdBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    validate: z.boolean(),
    return: z.boolean(),
    publish: z.boolean(),
  }),
});
export type SubmissionView = z.infer<typeof SubmissionView>;

export const SubmissionDetail = SubmissionView.extend({
  comments: z.array(CommentView),
  findings: z.array(FindingView),
});
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

export const SubmissionListQuery = z
  .object({ status: SubmissionStatus.optional(), reporter: Iso3.optional() })
  .strict();

export const SubmitBody = z
  .object({
    comment: z.string().max(5000).optional(),
    /** An explanation per warning, keyed by the finding key. */
    warningComments: z.record(z.string(), z.string().min(1).max(2000)).optional(),
  })
  .strict();
export type SubmitBody = z.infer<typeof SubmitBody>;

export const DecisionBody = z.object({ comment: z.string().max(5000).optional() }).strict();
export const ReturnBody = z.object({ comment: z.string().min(1).max(5000) }).strict();

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
});
export type ObservationView = z.infer<typeof ObservationView>;

export const FigureEditBody = z
  .object({
    indicator: z.string(),
    period: z.string(),
    breakdowns: PartialBreakdowns.optional(),
    value: z.number().nullable(),
    flags: z.array(z.enum(FLAGS)).optional(),
    comment: z.string().max(2000).optional(),
    /** The revision the editor last saw (0 for a figure that does not exist yet). */
    expectedRevision: z.number().int().min(0),
  })
  .strict();
export type FigureEditBody = z.infer<typeof FigureEditBody>;

/** Which figure to take out of a draft or returned submission, and the revision the editor last saw. */
export const FigureRemoveBody = z
  .object({
    indicator: z.string(),
    period: z.string(),
    breakdowns: PartialBreakdowns.optional(),
    expectedRevision: z.number().int().min(1),
  })
  .strict();
export type FigureRemoveBody = z.infer<typeof FigureRemoveBody>;

export const DiffQuery = z
  .object({
    onlyChanged: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const DiffRow = z.object({
  observationId: z.number(),
  indicator: z.string(),
  period: z.string(),
  breakdowns: Breakdowns,
  value: z.number().nullable(),
  published: z.object({ value: z.number().nullable(), revision: z.number() }).nullable(),
  change: z.number().nullable(),
  lastYear: z.number().nullable(),
  yoyPct: z.number().nullable(),
});
export const DiffView = z.object({
  summary: z.object({ total: z.number(), new: z.number(), changed: z.number(), unchanged: z.number() }),
  rows: z.array(DiffRow),
});
export type DiffView = z.infer<typeof DiffView>;

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

export const TemplateParams = SlugParams.extend({ indicator: z.string() });
export const TemplateQuery = z
  .object({
    reporter: Iso3.optional(),
    format: z.enum(['csv', 'xlsx']).default('csv'),
    period: Period.optional(),
  })
  .strict();

export const RuleView = z.object({
  id: z.number().nullable(),
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  indicator: z.string().nullable(),
  expression: z.string(),
  severity: z.enum(['error', 'warning']),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  message: z.string().nullable(),
  isEnabled: z.boolean(),
});
export type RuleView = z.infer<typeof RuleView>;
export const RuleList = z.object({
  rules: z.array(RuleView),
  /** true when the dialogue has no rules of its own and the built-in defaults apply. */
  isUsingDefaults: z.boolean(),
  defaults: z.array(RuleView),
  variables: z.record(z.string(), z.string()),
});

export const RuleCreateBody = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(['non_negative', 'total_equals_sum', 'yoy_change', 'outlier', 'custom']).default('custom'),
    indicator: z.string().nullable().optional(),
    expression: z.string().min(1).max(500).optional(),
    severity: z.enum(['error', 'warning']).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    message: z.string().max(500).nullable().optional(),
  })
  .strict();
export type RuleCreateBody = z.infer<typeof RuleCreateBody>;
export const RuleUpdateBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    expression: z.string().min(1).max(500).optional(),
    severity: z.enum(['error', 'warning']).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    message: z.string().max(500).nullable().optional(),
    isEnabled: z.boolean().optional(),
  })
  .strict();
export type RuleUpdateBody = z.infer<typeof RuleUpdateBody>;
