/**
 * zod schemas of implementation monitoring: the proposed split of a declaration, the declaration the
 * secretariat saves (its text and the corrected segments), actions, cycles, a state's report per commitment,
 * the review, and the views (declaration, cycle, report history, dashboard).
 */
import { z } from 'zod';
import { ACTION_STATUSES, PROGRESS, REPORT_STATUSES } from '../../domain/monitoring/monitoring-rules';
import { CLASSIFICATIONS } from '../../shared/classification';

const Slug = z.string().min(1).max(100);
const Id = z.coerce.number().int().positive();
export const SlugParams = z.object({ slug: Slug });
export const DeclarationParams = z.object({ slug: Slug, id: Id });
export const CommitmentParams = z.object({ slug: Slug, id: Id, commitmentId: Id });
export const CycleParams = z.object({ slug: Slug, id: Id });
export const CycleCommitmentParams = z.object({ slug: Slug, id: Id, commitmentId: Id });
export const ReportParams = z.object({ slug: Slug, id: Id });

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
const Link = z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).max(2000);
export const Progress = z.enum(PROGRESS);
export const ReportStatus = z.enum(REPORT_STATUSES);
export const ActionStatus = z.enum(ACTION_STATUSES);
const Text = z.string().min(1, 'paste the text of the declaration').max(500_000);

export const SplitBody = z.object({ text: Text }).strict();
export type SplitBody = z.infer<typeof SplitBody>;

const Segment = z
  .object({
    kind: z.enum(['preamble', 'heading', 'commitment']),
    number: z.string().trim().max(40).nullable(),
    area: z.string().trim().max(300).nullable(),
    text: z.string().max(100_000),
  })
  .strict();

export const SplitProblemView = z.object({
  code: z.enum(['TEXT_LOST', 'DUPLICATE_NUMBER', 'NUMBER_MISSING']),
  field: z.string(),
  message: z.string(),
});

export const SplitView = z.object({
  segments: z.array(Segment),
  commitments: z.number().int(),
  problems: z.array(SplitProblemView),
});
export type SplitView = z.infer<typeof SplitView>;

export const DeclarationCreateBody = z
  .object({
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
    place: z.string().trim().max(200).optional(),
    adoptedOn: Day.nullable().optional(),
    languages: z.array(z.string().trim().min(2).max(8)).max(20).optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    text: Text,
    /** The split as the secretariat corrected it: it must join back to `text`, numbers used once. */
    segments: z.array(Segment).min(1, 'split the text into commitments').max(2000),
  })
  .strict();
export type DeclarationCreateBody = z.infer<typeof DeclarationCreateBody>;

export const ActionBody = z
  .object({
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
    lead: z.string().trim().max(300).optional(),
    partners: z.string().trim().max(1000).optional(),
    funding: z.string().trim().max(300).optional(),
    period: z.string().trim().max(100).optional(),
    status: ActionStatus.optional(),
  })
  .strict();
export type ActionBody = z.infer<typeof ActionBody>;

export const ActionView = z.object({
  id: z.number().int(),
  commitmentId: z.number().int(),
  title: z.string(),
  lead: z.string(),
  partners: z.string(),
  funding: z.string(),
  period: z.string(),
  status: ActionStatus,
});

export const CommitmentView = z.object({
  id: z.number().int(),
  number: z.string(),
  area: z.string().nullable(),
  text: z.string(),
  actions: z.array(ActionView),
});

export const CycleSummaryView = z.object({
  id: z.number().int(),
  declarationId: z.number().int(),
  title: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});

export const DeclarationSummaryView = z.object({
  id: z.number().int(),
  title: z.string(),
  place: z.string(),
  adoptedOn: z.string().nullable(),
  languages: z.array(z.string()),
  classification: z.enum(CLASSIFICATIONS),
  commitments: z.number().int(),
  createdAt: z.string(),
});

export const DeclarationList = z.object({
  items: z.array(DeclarationSummaryView),
  abilities: z.object({ canImport: z.boolean() }),
});
export type DeclarationList = z.infer<typeof DeclarationList>;

export const DeclarationView = DeclarationSummaryView.extend({
  text: z.string(),
  commitmentList: z.array(CommitmentView),
  cycles: z.array(CycleSummaryView),
  abilities: z.object({ canManage: z.boolean() }),
});
export type DeclarationView = z.infer<typeof DeclarationView>;

export const CycleBody = z
  .object({
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(200),
    deadline: Day,
  })
  .strict();
export type CycleBody = z.infer<typeof CycleBody>;

export const ReportView = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  commitmentId: z.number().int(),
  state: z.string(),
  organisation: z.string(),
  status: ReportStatus,
  progress: Progress,
  narrative: z.string(),
  evidence: z.array(z.string()),
  reviewNote: z.string().nullable(),
  revision: z.number().int(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  abilities: z.object({ canEdit: z.boolean(), canSubmit: z.boolean(), canReview: z.boolean() }),
});
export type ReportView = z.infer<typeof ReportView>;

export const CycleView = CycleSummaryView.extend({
  declarationTitle: z.string(),
  isOpenForReports: z.boolean(),
  commitments: z.array(
    z.object({ id: z.number().int(), number: z.string(), area: z.string().nullable(), text: z.string() }),
  ),
  /** The reports the caller sees: their organisation's (drafts too) and every submitted or reviewed one. */
  reports: z.array(ReportView),
  abilities: z.object({ canReport: z.boolean(), canClose: z.boolean(), canReview: z.boolean() }),
  /** The state the caller reports for, if any. */
  myState: z.string().nullable(),
});
export type CycleView = z.infer<typeof CycleView>;

export const ReportBody = z
  .object({
    progress: Progress,
    narrative: z.string().trim().max(20_000).optional(),
    evidence: z.array(Link).max(50).optional(),
    /** The revision the change is based on (omit for a new report): a newer one answers 409 CONFLICT. */
    expectedRevision: z.number().int().positive().optional(),
  })
  .strict();
export type ReportBody = z.infer<typeof ReportBody>;

export const SubmitBody = z.object({ expectedRevision: z.number().int().positive() }).strict();
export type SubmitBody = z.infer<typeof SubmitBody>;

export const ReviewBody = z
  .object({
    decision: z.enum(['accepted', 'questions']),
    note: z.string().trim().max(10_000).optional(),
    expectedRevision: z.number().int().positive(),
  })
  .strict()
  .refine((b) => b.decision !== 'questions' || (b.note ?? '').length > 0, {
    path: ['note'],
    message: 'write the questions for the state',
  });
export type ReviewBody = z.infer<typeof ReviewBody>;

export const ReportHistory = z.object({
  items: z.array(
    z.object({
      revision: z.number().int(),
      change: z.enum(['saved', 'submitted', 'accepted', 'questions']),
      organisation: z.string(),
      at: z.string(),
      content: z.object({
        progress: Progress,
        narrative: z.string(),
        evidence: z.array(z.string()),
        status: ReportStatus,
        reviewNote: z.string().nullable(),
      }),
    }),
  ),
});
export type ReportHistory = z.infer<typeof ReportHistory>;

export const DashboardView = z.object({
  cycle: CycleSummaryView,
  previousCycle: CycleSummaryView.nullable(),
  commitments: z.array(z.object({ id: z.number().int(), number: z.string(), area: z.string().nullable() })),
  states: z.array(z.string()),
  cells: z.array(
    z.object({
      commitmentId: z.number().int(),
      state: z.string(),
      progress: Progress.nullable(),
      status: ReportStatus.nullable(),
      previous: Progress.nullable(),
      change: z.enum(['better', 'worse', 'same', 'new']).nullable(),
    }),
  ),
  completeness: z.array(
    z.object({ state: z.string(), reported: z.number().int(), total: z.number().int(), percent: z.number() }),
  ),
  byArea: z.array(
    z.object({
      area: z.string().nullable(),
      implemented: z.number().int(),
      inProgress: z.number().int(),
      notStarted: z.number().int(),
      notApplicable: z.number().int(),
      missing: z.number().int(),
    }),
  ),
});
export type DashboardView = z.infer<typeof DashboardView>;

export const DeclarationProgressView = z.object({
  declarationId: z.number().int(),
  commitments: z.number().int(),
  states: z.number().int(),
  cycles: z.array(
    CycleSummaryView.extend({
      implemented: z.number().int(),
      inProgress: z.number().int(),
      notStarted: z.number().int(),
      notApplicable: z.number().int(),
      reported: z.number().int(),
      expected: z.number().int(),
      percentImplemented: z.number(),
    }),
  ),
});
export type DeclarationProgressView = z.infer<typeof DeclarationProgressView>;
