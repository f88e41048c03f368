/**
 * zod schemas of the submission workflow: creating a draft, a submission with its comments and findings,
 * submitting and deciding, editing one figure of a draft, and the diff against the published figures.
 */
import { z } from 'zod';
import { FLAGS } from '../../domain/observations/dimensions';
import { releaseMessages } from '../../domain/submissions/release-messages';
import { SUBMISSION_STATUSES } from '../../domain/submissions/workflow';
import {
  Breakdowns,
  Iso3,
  ObservationBody,
  PartialBreakdowns,
  SlugParams,
} from '../observations/observations.schema';

export const SubmissionParams = SlugParams.extend({ id: z.coerce.number().int().positive() });

export const SubmissionCreateBody = z
  .object({
    reporter: Iso3.optional(),
    observations: z.array(ObservationBody).max(100_000).optional(),
  })
  .strict();
export type SubmissionCreateBody = z.infer<typeof SubmissionCreateBody>;

export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);

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
  /** A plain sentence in the caller's language. */
  message: z.string(),
  /** The rule's expression and the values it used (null for findings stored before they had one). */
  detail: z.string().nullable(),
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

/** A page of a submission's current figures. */
export const SubmissionObservationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
  })
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

/** A figure taken out: the submission's figure count now, and the revision a later edit of it expects. */
export const FigureRemovedView = z.object({
  removed: z.literal(true),
  observationCount: z.number(),
  nextRevision: z.number(),
});
export type FigureRemovedView = z.infer<typeof FigureRemovedView>;

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

/** An embargoed release: when (a date-time with its UTC offset) and the IANA time zone it was set in. */
export const ScheduleReleaseBody = z
  .object({
    releaseAt: z
      .string()
      .regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
        releaseMessages.message('RELEASE_AT_NO_OFFSET').message,
      ),
    timeZone: z.string().min(1).max(64),
  })
  .strict();
export type ScheduleReleaseBody = z.infer<typeof ScheduleReleaseBody>;

export const ReleaseView = z.object({
  id: z.number(),
  submissionId: z.number(),
  reporter: z.string(),
  releaseAt: z.string(),
  timeZone: z.string(),
  indicators: z.array(z.string()),
  periods: z.object({ from: z.string(), to: z.string() }),
  status: z.enum(['scheduled', 'released', 'cancelled']),
  outcome: z.string().nullable(),
});
export type ReleaseView = z.infer<typeof ReleaseView>;
