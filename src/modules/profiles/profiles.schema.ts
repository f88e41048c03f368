/**
 * zod schemas of country profiles: the list of a dialogue's member states with their profile's state, one
 * profile (the version the caller may read, its sections, the versions kept), the key figures from published
 * statistics, a draft save, an endorsement or a return, and the comparison of two versions.
 */
import { z } from 'zod';
import { SECTION_KEYS, VERSION_STATUSES } from '../../domain/profiles/profile-rules';
import { CLASSIFICATIONS } from '../../shared/classification';

const Slug = z.string().min(1).max(100);
const Iso3 = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code in capitals, e.g. GRC');
const VersionNumber = z.coerce.number().int().positive();
export const SlugParams = z.object({ slug: Slug });
export const ProfileParams = z.object({ slug: Slug, state: Iso3 });
export const VersionParams = z.object({ slug: Slug, state: Iso3, number: VersionNumber });

export const SectionKey = z.enum(SECTION_KEYS);
export const VersionStatus = z.enum(VERSION_STATUSES);
const Classification = z.enum(CLASSIFICATIONS);

export const Source = z
  .object({
    title: z.string().trim().min(1, 'name the source').max(500),
    url: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) address' })
      .max(2000)
      .nullable()
      .optional(),
  })
  .strict();

export const SectionInput = z
  .object({
    key: SectionKey,
    body: z.string().trim().min(1, 'write the text of the section').max(50_000),
    sources: z.array(Source).max(50).optional(),
    classification: Classification.optional(),
  })
  .strict();

export const DraftBody = z
  .object({
    /** The profile's revision you read (0 when it has none yet); a stale one is refused (409). */
    expectedRevision: z.number().int().min(0),
    sections: z.array(SectionInput).min(1, 'write at least one section').max(SECTION_KEYS.length),
  })
  .strict();
export type DraftBody = z.infer<typeof DraftBody>;

export const EndorseBody = z.object({ expectedRevision: z.number().int().min(0) }).strict();
export type EndorseBody = z.infer<typeof EndorseBody>;

export const ReturnBody = z
  .object({
    expectedRevision: z.number().int().min(0),
    comment: z.string().trim().min(3, 'say what should change (at least 3 characters)').max(5000),
  })
  .strict();
export type ReturnBody = z.infer<typeof ReturnBody>;

export const CompareQuery = z.object({ from: VersionNumber, to: VersionNumber }).strict();
export type CompareQuery = z.infer<typeof CompareQuery>;

export const SectionView = z.object({
  key: SectionKey,
  body: z.string(),
  sources: z.array(z.object({ title: z.string(), url: z.string().nullable() })),
  classification: Classification,
  updatedAt: z.string(),
});
export type SectionView = z.infer<typeof SectionView>;

export const VersionSummary = z.object({
  number: z.number().int(),
  status: VersionStatus,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The state's comment when it returned the version. */
  comment: z.string().nullable(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionView = VersionSummary.extend({ sections: z.array(SectionView) });
export type VersionView = z.infer<typeof VersionView>;

export const ProfileView = z.object({
  state: z.string(),
  stateName: z.string(),
  /** 0 while the state has no profile yet. */
  revision: z.number().int(),
  /** The caller edits this profile: the secretariat and the state's authorities see drafts too. */
  isEditor: z.boolean(),
  /** The version shown: for editors the latest, for everyone else the latest endorsed (null: none yet). */
  version: VersionView.nullable(),
  /** The versions the caller may read, newest first. */
  versions: z.array(VersionSummary),
  abilities: z.object({ canEdit: z.boolean(), canEndorse: z.boolean(), canReturn: z.boolean() }),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const ProfileList = z.object({
  items: z.array(
    z.object({
      state: z.string(),
      stateName: z.string(),
      /** When the version now shown to all members was endorsed, or null. */
      endorsedAt: z.string().nullable(),
      endorsedNumber: z.number().int().nullable(),
      /** For editors only: the latest version's status (a draft waiting for endorsement …); else null. */
      latestStatus: VersionStatus.nullable(),
    }),
  ),
});
export type ProfileList = z.infer<typeof ProfileList>;

const Ranked = z.array(z.object({ code: z.string(), value: z.number() }));

export const FiguresView = z.object({
  state: z.string(),
  /** When the latest figures of this state the caller may see were published (the "data as published on"). */
  publishedAt: z.string().nullable(),
  indicators: z.array(
    z.object({
      indicator: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      /** The latest twelve months. */
      total: z.number().nullable(),
      /** The same months a year earlier. */
      previous: z.number().nullable(),
      byRoute: Ranked,
      topCitizenships: Ranked,
      trend: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
    }),
  ),
});
export type FiguresView = z.infer<typeof FiguresView>;

export const CompareView = z.object({
  from: VersionSummary,
  to: VersionSummary,
  sections: z.array(
    z.object({
      key: SectionKey,
      change: z.enum(['unchanged', 'changed', 'added', 'removed']),
      text: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })),
      sourcesAdded: z.array(z.object({ title: z.string(), url: z.string().nullable() })),
      sourcesRemoved: z.array(z.object({ title: z.string(), url: z.string().nullable() })),
      classification: z.object({ from: Classification.nullable(), to: Classification.nullable() }),
    }),
  ),
});
export type CompareView = z.infer<typeof CompareView>;

/** What publicProfile gives the portal: the endorsed version's public sections. */
export interface PublicProfile {
  state: string;
  number: number;
  endorsedAt: string;
  sections: SectionView[];
}
