/**
 * zod schemas of draft consultations: what the secretariat creates (title, draft text, deadline, whether
 * delegations see each other's comments, classification), corrects (the split) and publishes (a revised
 * draft), what delegations write (a comment per paragraph), and the views (a consultation with its blocks and
 * comments, the matrix, the summary, the comparison of versions).
 */
import { z } from 'zod';
import { COMMENT_KINDS } from '../../domain/consultations/summary';
import { CLASSIFICATIONS } from '../../shared/classification';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const ConsultationParams = z.object({
  slug: z.string().min(1).max(100),
  id: z.coerce.number().int().positive(),
});
export const ConsultationCommentParams = ConsultationParams.extend({
  commentId: z.coerce.number().int().positive(),
});

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
const DraftText = z
  .string()
  .max(200_000, 'the draft is longer than 200,000 characters')
  .refine((s) => s.trim().length >= 10, 'give the draft text (at least 10 characters)');
export const CommentKind = z.enum(COMMENT_KINDS);
export const BlockKind = z.enum(['heading', 'paragraph']);
export const ResponseKind = z.enum(['accepted', 'partly', 'not_accepted']);

export const ConsultationCreateBody = z
  .object({
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
    text: DraftText,
    /** Comments are accepted until the end of this day (UTC). */
    deadline: Day,
    /** Whether delegations see each other's comments (the secretariat always sees them all). */
    commentsVisible: z.boolean().optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    sharedWithOrgIds: z.array(z.number().int().positive()).max(200).optional(),
  })
  .strict();
export type ConsultationCreateBody = z.infer<typeof ConsultationCreateBody>;

export const SettingsBody = z
  .object({
    /** A new deadline (extend or shorten; not in the past). */
    deadline: Day.optional(),
    commentsVisible: z.boolean().optional(),
    /** The consultation's revision the change is based on (`revision` of the view). */
    expectedRevision: z.number().int().positive(),
  })
  .strict();
export type SettingsBody = z.infer<typeof SettingsBody>;

export const SplitBody = z
  .object({
    blocks: z
      .array(z.object({ kind: BlockKind, text: z.string().max(100_000) }).strict())
      .min(1)
      .max(3000),
    /** The split revision the correction is based on: a newer one answers 409 CONFLICT. */
    expectedSplitRevision: z.number().int().positive(),
  })
  .strict();
export type SplitBody = z.infer<typeof SplitBody>;

export const CommentBody = z
  .object({
    paragraphKey: z.string().regex(/^p\d{1,5}$/, 'expected a paragraph key such as p3'),
    kind: CommentKind,
    body: z.string().trim().max(10_000).default(''),
    /** The paragraph as the delegation proposes it (kind proposed_wording only). */
    proposedWording: z.string().trim().min(1).max(10_000).optional(),
  })
  .strict();
export type CommentBody = z.infer<typeof CommentBody>;

export const CommentEditBody = CommentBody.omit({ paragraphKey: true })
  .extend({ expectedRevision: z.number().int().positive() })
  .strict();
export type CommentEditBody = z.infer<typeof CommentEditBody>;

export const ResponseBody = z
  .object({
    response: ResponseKind,
    reason: z.string().trim().max(5000).default(''),
  })
  .strict();
export type ResponseBody = z.infer<typeof ResponseBody>;

const SummaryItem = z.object({
  text: z.string().trim().min(1).max(10_000),
  commentIds: z.array(z.number().int().positive()).max(500),
});
const SummaryPoint = z.object({
  number: z.number().int().positive(),
  text: z.string().trim().min(1).max(10_000),
  commentIds: z.array(z.number().int().positive()).max(500),
  items: z.array(SummaryItem).max(100),
});
export const SummaryContent = z.object({
  sections: z
    .array(z.object({ title: z.string().trim().min(1).max(500), points: z.array(SummaryPoint).max(500) }))
    .max(200),
});

export const SummaryBody = z
  .object({
    content: SummaryContent,
    /** The summary revision the edit is based on (0: the generated one, never saved). */
    expectedRevision: z.number().int().min(0),
  })
  .strict();
export type SummaryBody = z.infer<typeof SummaryBody>;

export const VersionBody = z
  .object({
    text: DraftText,
    note: z.string().trim().max(2000).optional(),
    /** A new deadline for comments on the revised draft (optional). */
    deadline: Day.optional(),
  })
  .strict();
export type VersionBody = z.infer<typeof VersionBody>;

export const CompareQuery = z
  .object({
    from: z.coerce.number().int().positive().optional(),
    to: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type CompareQuery = z.infer<typeof CompareQuery>;

export const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict();
export type VersionQuery = z.infer<typeof VersionQuery>;

/** Downloads: the headings of the file in this language. */
export const ExportQuery = z.object({ lang: z.enum(['en', 'fr', 'ru']).default('en') }).strict();

export const DiffPart = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });

export const Block = z.object({
  key: z.string(),
  kind: BlockKind,
  number: z.number().int().nullable(),
  text: z.string(),
  section: z.string().nullable(),
  /** The block as written in the draft (with its Markdown marks): what a corrected split is made of. */
  source: z.string(),
});

export const CommentView = z.object({
  id: z.number().int(),
  version: z.number().int(),
  paragraphKey: z.string(),
  paragraphNumber: z.number().int().nullable(),
  organisation: z.object({ id: z.number().int(), name: z.string() }),
  kind: CommentKind,
  body: z.string(),
  proposedWording: z.string().nullable(),
  /** The proposed wording against the paragraph, word by word. */
  wordingDiff: z.array(DiffPart).nullable(),
  revision: z.number().int(),
  mine: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  response: z.object({ response: ResponseKind, reason: z.string(), at: z.string() }).nullable(),
  /** What the next version of the draft did with the paragraph (null while there is none). */
  treatment: z
    .object({
      version: z.number().int(),
      status: z.enum(['unchanged', 'changed', 'added', 'removed']),
      newKey: z.string().nullable(),
    })
    .nullable(),
});

export const ConsultationSummaryView = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.enum(['draft', 'open']),
  deadline: z.string(),
  isOpenForComments: z.boolean(),
  commentsVisible: z.boolean(),
  classification: z.enum(CLASSIFICATIONS),
  currentVersion: z.number().int(),
  /** Changes with every change of the settings, opening and new version (for expectedRevision). */
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ConsultationList = z.object({
  items: z.array(ConsultationSummaryView),
  abilities: z.object({ canCreate: z.boolean() }),
});
export type ConsultationList = z.infer<typeof ConsultationList>;
export type ConsultationSummaryView = z.infer<typeof ConsultationSummaryView>;

export const ConsultationView = ConsultationSummaryView.extend({
  version: z.number().int(),
  splitRevision: z.number().int(),
  text: z.string(),
  blocks: z.array(Block),
  comments: z.array(CommentView),
  versions: z.array(z.object({ version: z.number().int(), note: z.string(), createdAt: z.string() })),
  abilities: z.object({
    canManage: z.boolean(),
    canCorrectSplit: z.boolean(),
    canOpen: z.boolean(),
    canComment: z.boolean(),
    canRespond: z.boolean(),
  }),
});
export type ConsultationView = z.infer<typeof ConsultationView>;
export type CommentView = z.infer<typeof CommentView>;

export const MatrixView = z.object({
  consultationId: z.number().int(),
  title: z.string(),
  version: z.number().int(),
  delegations: z.array(z.object({ id: z.number().int(), name: z.string() })),
  rows: z.array(Block.extend({ comments: z.array(CommentView) })),
});
export type MatrixView = z.infer<typeof MatrixView>;

export const SummaryView = z.object({
  consultationId: z.number().int(),
  version: z.number().int(),
  /** 0: generated now from the comments, not saved yet. */
  revision: z.number().int(),
  generated: z.boolean(),
  savedAt: z.string().nullable(),
  content: SummaryContent,
  text: z.string(),
  revisions: z.array(z.object({ revision: z.number().int(), generated: z.boolean(), savedAt: z.string() })),
});
export type SummaryView = z.infer<typeof SummaryView>;

export const CompareView = z.object({
  consultationId: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
  rows: z.array(
    z.object({
      status: z.enum(['unchanged', 'changed', 'added', 'removed']),
      from: Block.nullable(),
      to: Block.nullable(),
      diff: z.array(DiffPart).nullable(),
    }),
  ),
  /** The comments on the older version, each with the secretariat's response and what the revision did. */
  comments: z.array(CommentView),
});
export type CompareView = z.infer<typeof CompareView>;
