/**
 * zod schemas of the agreements registry: the agreement a member records or changes (with the revision it is
 * based on), the filters of the list, and the views (list, one agreement with its timeline, its history, the
 * party × party matrix, the partners of one party for the map).
 */
import { z } from 'zod';
import { AGREEMENT_STATUSES, AGREEMENT_TYPES } from '../../domain/agreements/agreement-rules';
import { CLASSIFICATIONS } from '../../shared/classification';

const Slug = z.string().min(1).max(100);
const Id = z.coerce.number().int().positive();
export const SlugParams = z.object({ slug: Slug });
export const AgreementParams = z.object({ slug: Slug, id: Id });

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
export const AgreementType = z.enum(AGREEMENT_TYPES);
export const AgreementStatus = z.enum(AGREEMENT_STATUSES);

export const Party = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('state'),
      iso3: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'),
    })
    .strict(),
  z.object({ kind: z.literal('eu') }).strict(),
  z
    .object({
      kind: z.literal('organisation'),
      name: z.string().trim().min(1, 'give the name of the organisation').max(200),
    })
    .strict(),
]);

export const Round = z
  .object({
    date: Day,
    place: z.string().trim().max(200).default(''),
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

export const LinkedText = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('link'),
      url: z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).max(2000),
      title: z.string().trim().max(300).default(''),
    })
    .strict(),
  z
    .object({
      kind: z.literal('document'),
      documentId: z.number().int().positive(),
      title: z.string().trim().max(300).default(''),
    })
    .strict(),
]);

export const AgreementBody = z
  .object({
    type: AgreementType,
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
    parties: z.array(Party).max(60),
    mandateOn: Day.nullable().default(null),
    rounds: z.array(Round).max(200).default([]),
    signedOn: Day.nullable().default(null),
    inForceOn: Day.nullable().default(null),
    suspendedOn: Day.nullable().default(null),
    endedOn: Day.nullable().default(null),
    texts: z.array(LinkedText).max(50).default([]),
    notes: z.string().trim().max(20_000).default(''),
    classification: z.enum(CLASSIFICATIONS).default('dialogue'),
    /** Organisations a restricted agreement is shared with (ids of organisations of the dialogue). */
    sharedWithOrgIds: z.array(z.number().int().positive()).max(100).default([]),
  })
  .strict();
export type AgreementBody = z.infer<typeof AgreementBody>;

export const AgreementUpdateBody = AgreementBody.extend({
  /** The revision the change is based on: a newer one answers 409 CONFLICT. */
  expectedRevision: z.number().int().positive(),
}).strict();
export type AgreementUpdateBody = z.infer<typeof AgreementUpdateBody>;

export const AgreementFilter = z.object({
  type: AgreementType.optional(),
  /** A party key: ISO3, EU, or ORG:<name>. */
  party: z.string().trim().min(2).max(210).optional(),
  status: AgreementStatus.optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
});
export type AgreementFilter = z.infer<typeof AgreementFilter>;

export const MatrixQuery = z.object({ type: AgreementType.optional() });
export const PartnersQuery = z.object({ party: z.string().trim().min(2).max(210) });

const PartyView = z.object({
  kind: z.enum(['state', 'eu', 'organisation']),
  key: z.string(),
  iso3: z.string().nullable(),
  name: z.string().nullable(),
});

const TextView = z.object({
  kind: z.enum(['link', 'document']),
  url: z.string().nullable(),
  documentId: z.number().int().nullable(),
  title: z.string(),
});

export const AgreementSummaryView = z.object({
  id: z.number().int(),
  type: AgreementType,
  title: z.string(),
  parties: z.array(PartyView),
  status: AgreementStatus,
  mandateOn: z.string().nullable(),
  rounds: z.array(z.object({ date: z.string(), place: z.string(), note: z.string() })),
  signedOn: z.string().nullable(),
  inForceOn: z.string().nullable(),
  suspendedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
  revision: z.number().int(),
  updatedAt: z.string(),
});

export const AgreementList = z.object({
  items: z.array(AgreementSummaryView),
  /** Every party of the agreements the caller sees (before filtering), for the filter and the map's choice. */
  parties: z.array(z.string()),
  abilities: z.object({ canRecord: z.boolean() }),
});
export type AgreementList = z.infer<typeof AgreementList>;

export const AgreementView = AgreementSummaryView.extend({
  texts: z.array(TextView),
  notes: z.string(),
  sharedWithOrgIds: z.array(z.number().int()),
  originator: z.string(),
  timeline: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['mandate', 'round', 'signed', 'in_force', 'suspended', 'ended']),
      place: z.string().optional(),
      note: z.string().optional(),
      isFuture: z.boolean(),
    }),
  ),
  abilities: z.object({ canEdit: z.boolean() }),
});
export type AgreementView = z.infer<typeof AgreementView>;

export const AgreementHistory = z.object({
  items: z.array(
    z.object({
      revision: z.number().int(),
      change: z.enum(['created', 'edited']),
      organisation: z.string(),
      at: z.string(),
      content: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type AgreementHistory = z.infer<typeof AgreementHistory>;

const MatrixAgreement = z.object({
  id: z.number().int(),
  type: AgreementType,
  title: z.string(),
  status: AgreementStatus,
});

export const AgreementMatrix = z.object({
  parties: z.array(z.string()),
  cells: z.array(z.object({ a: z.string(), b: z.string(), agreements: z.array(MatrixAgreement) })),
});
export type AgreementMatrix = z.infer<typeof AgreementMatrix>;

export const AgreementPartners = z.object({
  party: z.string(),
  partners: z.array(
    z.object({
      party: z.string(),
      agreements: z.array(z.object({ id: z.number().int(), type: AgreementType, status: AgreementStatus })),
    }),
  ),
});
export type AgreementPartners = z.infer<typeof AgreementPartners>;
