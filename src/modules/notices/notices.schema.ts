/**
 * zod schemas of notices: what a state posts (at most six required fields: title, measure type, summary,
 * stage, and the notifying state when the secretariat posts on its behalf; the rest optional), what the feed
 * filters on, and the views (a notice with its acknowledgements, comments and abilities; its history).
 */
import { z } from 'zod';
import { MEASURE_TYPES, NOTICE_OUTCOMES, NOTICE_STAGES } from '../../domain/notices/notice-rules';
import { CLASSIFICATIONS } from '../../shared/classification';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const NoticeParams = z.object({
  slug: z.string().min(1).max(100),
  id: z.coerce.number().int().positive(),
});
export const CommentParams = NoticeParams.extend({ commentId: z.coerce.number().int().positive() });

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
const Iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'));
export const MeasureType = z.enum(MEASURE_TYPES);
export const NoticeStage = z.enum(NOTICE_STAGES);
export const NoticeOutcome = z.enum(NOTICE_OUTCOMES);
const Link = z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).max(2000);

/** The optional part of a notice, shared by posting and editing. */
const NoticeOptional = {
  legalReference: z.string().trim().max(500).optional(),
  legalLink: Link.nullable().optional(),
  adoptedOn: Day.nullable().optional(),
  effectiveOn: Day.nullable().optional(),
  endsOn: Day.nullable().optional(),
  countries: z.array(Iso3).max(250).optional(),
  routes: z.array(z.string().trim().min(1).max(32)).max(50).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
  sharedWithOrgIds: z.array(z.number().int().positive()).max(200).optional(),
  /** A request for comments: members comment or raise formal concerns until the end of this day (UTC). */
  commentsUntil: Day.nullable().optional(),
};

export const NoticeCreateBody = z
  .object({
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
    measureType: MeasureType,
    summary: z.string().trim().min(10, 'give a summary (at least 10 characters)').max(20000),
    stage: NoticeStage,
    /** The notifying state: the poster's own for a state's analyst; required when the secretariat posts. */
    state: Iso3.optional(),
    ...NoticeOptional,
    /** true: send it now (members are notified); false or omitted: keep it as a draft of the organisation. */
    send: z.boolean().optional(),
  })
  .strict();
export type NoticeCreateBody = z.infer<typeof NoticeCreateBody>;

export const NoticeUpdateBody = z
  .object({
    title: NoticeCreateBody.shape.title.optional(),
    measureType: MeasureType.optional(),
    summary: NoticeCreateBody.shape.summary.optional(),
    stage: NoticeStage.optional(),
    ...NoticeOptional,
    /** The revision the change is based on: a newer one answers 409 CONFLICT. */
    expectedRevision: z.number().int().positive(),
  })
  .strict();
export type NoticeUpdateBody = z.infer<typeof NoticeUpdateBody>;

export const NoticeFeedQuery = z
  .object({
    type: MeasureType.optional(),
    /** The notifying state or an affected country. */
    country: Iso3.optional(),
    route: z.string().min(1).max(32).optional(),
    stage: NoticeStage.optional(),
    /** Effective (or, without one, sent) on or after / before. */
    from: Day.optional(),
    to: Day.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    /** 'draft': my organisation's drafts only. */
    status: z.enum(['draft', 'sent']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type NoticeFeedQuery = z.infer<typeof NoticeFeedQuery>;

export const NoticeSummaryView = z.object({
  id: z.number(),
  revision: z.number(),
  status: z.enum(['draft', 'sent']),
  state: z.string(),
  organisation: z.string(),
  title: z.string(),
  measureType: MeasureType,
  stage: NoticeStage,
  summary: z.string(),
  legalReference: z.string(),
  legalLink: z.string().nullable(),
  adoptedOn: z.string().nullable(),
  effectiveOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  countries: z.array(z.string()),
  routes: z.array(z.string()),
  classification: z.enum(CLASSIFICATIONS),
  sharedWithOrgIds: z.array(z.number()),
  commentsUntil: z.string().nullable(),
  outcome: NoticeOutcome.nullable(),
  outcomeNote: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** Sent after it took effect (late notification). */
  isLate: z.boolean(),
  updatedAt: z.string(),
});
export type NoticeSummaryView = z.infer<typeof NoticeSummaryView>;

const OrgRef = z.object({ id: z.number(), name: z.string(), country: z.string().nullable() });

export const NoticeCommentView = z.object({
  id: z.number(),
  kind: z.enum(['comment', 'concern', 'answer']),
  organisation: z.string(),
  country: z.string().nullable(),
  body: z.string(),
  replyTo: z.number().nullable(),
  createdAt: z.string(),
});
export type NoticeCommentView = z.infer<typeof NoticeCommentView>;

export const NoticeView = NoticeSummaryView.extend({
  /** Organisations (never persons) that acknowledged receipt, and the member organisations that have not. */
  acknowledgements: z.object({
    acknowledged: z.array(OrgRef.extend({ at: z.string() })),
    pending: z.array(OrgRef),
  }),
  comments: z.array(NoticeCommentView),
  isCommentWindowOpen: z.boolean(),
  abilities: z.object({
    canEdit: z.boolean(),
    canSend: z.boolean(),
    canAcknowledge: z.boolean(),
    canComment: z.boolean(),
    canRaiseConcern: z.boolean(),
    canAnswer: z.boolean(),
    canReportOutcome: z.boolean(),
  }),
});
export type NoticeView = z.infer<typeof NoticeView>;

export const NoticeList = z.object({ items: z.array(NoticeSummaryView) });
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticeHistoryEntry = z.object({
  at: z.string(),
  organisation: z.string(),
  event: z.enum([
    'created',
    'edited',
    'sent',
    'outcome',
    'attached',
    'acknowledged',
    'comment',
    'concern',
    'answer',
  ]),
  revision: z.number().nullable(),
  /** For revisions: the fields that changed from the previous revision ('attachments' when it added files). */
  changed: z.array(z.string()),
  /** For revisions: the notice as it was then. */
  content: z.record(z.string(), z.unknown()).nullable(),
  /** Comments: the text; revisions that added attachments: their file names, one per line. */
  body: z.string().nullable(),
});
export const NoticeHistory = z.object({ items: z.array(NoticeHistoryEntry) });
export type NoticeHistory = z.infer<typeof NoticeHistory>;

export const CommentBody = z
  .object({
    kind: z.enum(['comment', 'concern']).default('comment'),
    body: z.string().trim().min(1, 'write the comment').max(10000),
  })
  .strict();
export type CommentBody = z.infer<typeof CommentBody>;

export const AnswerBody = z.object({ body: CommentBody.shape.body }).strict();
export type AnswerBody = z.infer<typeof AnswerBody>;

export const OutcomeBody = z
  .object({
    outcome: NoticeOutcome,
    note: z.string().trim().max(5000).optional(),
    legalReference: z.string().trim().max(500).optional(),
    legalLink: Link.nullable().optional(),
    adoptedOn: Day.nullable().optional(),
    effectiveOn: Day.nullable().optional(),
    expectedRevision: z.number().int().positive(),
  })
  .strict();
export type OutcomeBody = z.infer<typeof OutcomeBody>;

export const SendBody = z.object({ expectedRevision: z.number().int().positive() }).strict();
export type SendBody = z.infer<typeof SendBody>;
