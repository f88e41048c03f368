/**
 * zod schemas of the best-practice inventory: what a member writes (a practice's content), the list's
 * filters, the steps of the workflow (submit, the secretariat's verification) and the views (list with the
 * counts per country for the map, one practice, the side-by-side comparison, the history of revisions).
 */
import { z } from 'zod';
import {
  COMPARED_FIELDS,
  PRACTICE_FIELDS,
  PRACTICE_STATUSES,
  THEMATIC_AREAS,
} from '../../domain/practices/practice-rules';
import { CLASSIFICATIONS } from '../../shared/classification';
import { AttachmentUploadQuery, NoticeAttachmentView } from '../notices/notices.attachments.schema';

const Slug = z.string().min(1).max(100);
const Id = z.coerce.number().int().positive();
export const SlugParams = z.object({ slug: Slug });
export const PracticeParams = z.object({ slug: Slug, id: Id });

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const Iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'));
const Link = z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).max(2000);
const Tag = z.string().trim().toLowerCase().min(1).max(60);
const LongText = z.string().trim().max(20_000);
export const ThematicArea = z.enum(THEMATIC_AREAS);
export const PracticeStatus = z.enum(PRACTICE_STATUSES);

export const ImpactIndicator = z
  .object({
    name: z.string().trim().min(1, 'name the indicator').max(200),
    unit: z.string().trim().max(60).default(''),
    before: z.number().finite().nullable().default(null),
    after: z.number().finite().nullable().default(null),
  })
  .strict();

/** A contact for the practice: an organisation and a function (a person's name and e-mail only if given). */
export const PracticeContact = z
  .object({
    organisation: z.string().trim().min(1, 'name the organisation').max(300),
    function: z.string().trim().max(200).default(''),
    name: z.string().trim().max(200).default(''),
    email: z.email('expected an e-mail address').max(320).or(z.literal('')).default(''),
  })
  .strict();

/** The content of a practice: everything a member writes. */
const PracticeFields = {
  title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
  area: ThematicArea,
  summary: LongText.default(''),
  countries: z.array(Iso3).min(1, 'name at least one country where the practice runs').max(250),
  partners: z.array(z.string().trim().min(1).max(300)).max(100).default([]),
  periodFrom: Month,
  periodTo: Month.nullable().default(null),
  funding: z.string().trim().max(1000).default(''),
  objectives: LongText.default(''),
  results: LongText.default(''),
  impact: z.array(ImpactIndicator).max(50).default([]),
  lessons: LongText.default(''),
  contacts: z.array(PracticeContact).max(20).default([]),
  links: z.array(Link).max(50).default([]),
  tags: z.array(Tag).max(30).default([]),
  language: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$/, 'expected a language code (en, fr, ru …)')
    .default('en'),
  classification: z.enum(CLASSIFICATIONS).default('dialogue'),
};

export const PracticeCreateBody = z.object(PracticeFields).strict();
export type PracticeCreateBody = z.infer<typeof PracticeCreateBody>;
export type PracticeContent = PracticeCreateBody;

/** A change: the fields given replace those of the current revision, which must be `expectedRevision`. */
export const PracticeUpdateBody = z
  .object({
    title: PracticeFields.title.optional(),
    area: ThematicArea.optional(),
    summary: LongText.optional(),
    countries: PracticeFields.countries.optional(),
    partners: z.array(z.string().trim().min(1).max(300)).max(100).optional(),
    periodFrom: Month.optional(),
    periodTo: Month.nullable().optional(),
    funding: z.string().trim().max(1000).optional(),
    objectives: LongText.optional(),
    results: LongText.optional(),
    impact: z.array(ImpactIndicator).max(50).optional(),
    lessons: LongText.optional(),
    contacts: z.array(PracticeContact).max(20).optional(),
    links: z.array(Link).max(50).optional(),
    tags: z.array(Tag).max(30).optional(),
    language: PracticeFields.language.optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    /** The revision the change is based on: a newer one answers 409 CONFLICT. */
    expectedRevision: z.number().int().positive(),
  })
  .strict();
export type PracticeUpdateBody = z.infer<typeof PracticeUpdateBody>;

export const SubmitBody = z.object({ expectedRevision: z.number().int().positive() }).strict();
export type SubmitBody = z.infer<typeof SubmitBody>;

export const VerifyBody = z
  .object({
    decision: z.enum(['publish', 'return']),
    comment: z.string().trim().max(10_000).optional(),
    expectedRevision: z.number().int().positive(),
  })
  .strict()
  .refine((b) => b.decision !== 'return' || (b.comment ?? '').length > 0, {
    path: ['comment'],
    message: 'say what the submitter should change',
  });
export type VerifyBody = z.infer<typeof VerifyBody>;

export const PracticeListQuery = z
  .object({
    area: ThematicArea.optional(),
    country: Iso3.optional(),
    tag: Tag.optional(),
    q: z.string().trim().max(200).optional(),
    from: Month.optional(),
    to: Month.optional(),
    status: PracticeStatus.optional(),
  })
  .strict();
export type PracticeListQuery = z.infer<typeof PracticeListQuery>;

export const CompareQuery = z.object({ a: Id, b: Id }).strict();

export const PracticeSummaryView = z.object({
  id: z.number().int(),
  title: z.string(),
  area: ThematicArea,
  summary: z.string(),
  countries: z.array(z.string()),
  periodFrom: z.string(),
  periodTo: z.string().nullable(),
  tags: z.array(z.string()),
  status: PracticeStatus,
  classification: z.enum(CLASSIFICATIONS),
  organisation: z.string(),
  revision: z.number().int(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type PracticeSummaryView = z.infer<typeof PracticeSummaryView>;

export const PracticeList = z.object({
  items: z.array(PracticeSummaryView),
  /** Practices of the list per country where they run (the map). */
  byCountry: z.array(z.object({ country: z.string(), count: z.number().int() })),
  /** Every tag of the practices the caller sees (the filter's choices). */
  tags: z.array(z.string()),
  abilities: z.object({ canCreate: z.boolean(), canVerify: z.boolean() }),
});
export type PracticeList = z.infer<typeof PracticeList>;

const ImpactView = z.object({
  name: z.string(),
  unit: z.string(),
  before: z.number().nullable(),
  after: z.number().nullable(),
  change: z.number().nullable(),
  percent: z.number().nullable(),
});

const ContactView = z.object({
  organisation: z.string(),
  function: z.string(),
  name: z.string(),
  email: z.string(),
});

export const PracticeView = PracticeSummaryView.extend({
  partners: z.array(z.string()),
  funding: z.string(),
  objectives: z.string(),
  results: z.string(),
  impact: z.array(ImpactView),
  lessons: z.string(),
  /** Empty for callers outside the dialogue (areContactsHidden). */
  contacts: z.array(ContactView),
  areContactsHidden: z.boolean(),
  links: z.array(z.string()),
  language: z.string(),
  reviewComment: z.string().nullable(),
  abilities: z.object({ canEdit: z.boolean(), canSubmit: z.boolean(), canVerify: z.boolean() }),
});
export type PracticeView = z.infer<typeof PracticeView>;

export const ComparisonView = z.object({
  a: PracticeView,
  b: PracticeView,
  rows: z.array(
    z.object({
      field: z.enum(COMPARED_FIELDS),
      a: z.string(),
      b: z.string(),
      isSame: z.boolean(),
      shared: z.array(z.string()),
    }),
  ),
  indicators: z.array(z.object({ name: z.string(), a: ImpactView.nullable(), b: ImpactView.nullable() })),
});
export type ComparisonView = z.infer<typeof ComparisonView>;

export const PracticeHistory = z.object({
  items: z.array(
    z.object({
      revision: z.number().int(),
      change: z.enum(['saved', 'submitted', 'returned', 'published', 'attached']),
      comment: z.string().nullable(),
      organisation: z.string(),
      at: z.string(),
      status: PracticeStatus,
      title: z.string(),
      /** The fields that differ from the revision before (none for the first). */
      changed: z.array(z.enum(PRACTICE_FIELDS)),
    }),
  ),
});
export type PracticeHistory = z.infer<typeof PracticeHistory>;

// ---------- attachments (practices.attachments.ts) ----------

export const PracticeAttachmentParams = PracticeParams.extend({ attachmentId: Id });

/** The upload's query (fileName, expectedRevision): the same as a notice attachment's. */
export const PracticeAttachmentUploadQuery = AttachmentUploadQuery;
export type PracticeAttachmentUploadQuery = z.infer<typeof PracticeAttachmentUploadQuery>;

/** A practice's file: as a notice attachment is shown (the revision is the practice's that added it). */
export const PracticeAttachmentView = NoticeAttachmentView.extend({
  /**
   * Whether the search finds the practice by the file's words once the practice is published: a PDF or DOCX with
   * text; false for an image or a PDF without a text layer (a scan), which stay attached all the same.
   */
  isSearchable: z.boolean(),
});
export type PracticeAttachmentView = z.infer<typeof PracticeAttachmentView>;

export const PracticeAttachmentList = z.object({
  items: z.array(PracticeAttachmentView),
  /** The practice's current revision (after an upload: the one the upload made). */
  revision: z.number(),
  /** The caller may add attachments (who may change the practice now). */
  canAttach: z.boolean(),
  /** The largest file accepted, in bytes (PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES). */
  maxBytes: z.number(),
});
export type PracticeAttachmentList = z.infer<typeof PracticeAttachmentList>;
