/**
 * zod schemas of the public portal: a dialogue's overview, one route's figures, the downloads and the release
 * calendar, the public notices and documents, and the public knowledge: best practices, agreements and country
 * profiles. Every figure carries its SDMX statuses; a withheld figure (disclosure control) has `value: null`,
 * never 0. The knowledge views name only what the public may read (no contacts, no classification, no
 * revisions, no organisations a record is shared with).
 */
import { z } from 'zod';
import { AGREEMENT_STATUSES, AGREEMENT_TYPES } from '../../domain/agreements/agreement-rules';
import { DOCUMENT_KINDS } from '../../domain/documents/file-format';
import { ATTACHMENT_FORMATS } from '../../domain/notices/attachment-format';
import { portalMapMessages } from '../../domain/portal/map-messages';
import { isMapPeriod } from '../../domain/portal/map-values';
import { THEMATIC_AREAS } from '../../domain/practices/practice-rules';
import { SECTION_KEYS } from '../../domain/profiles/sections';
import { LOCALES } from '../../shared/locales';
import { MeasureType, NoticeStage } from '../notices/notices.schema';

const Code = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores');
const Slug = z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes');

export const PortalParams = z.object({ slug: Slug });
export const PortalRouteParams = z.object({ slug: Slug, route: Code });
export const PortalDownloadParams = z.object({ slug: Slug, indicator: Code });

export const PortalRouteQuery = z
  .object({
    /** The indicator (default: the first public indicator with figures on the route). */
    indicator: Code.optional(),
  })
  .strict();
export type PortalRouteQuery = z.infer<typeof PortalRouteQuery>;

export const PortalMapQuery = z
  .object({
    /** A public indicator (default: the first public indicator with figures). */
    indicator: Code.optional(),
    /** A month YYYY-MM or a year YYYY (default: the latest month with figures of the indicator). */
    period: z
      .string()
      .refine(isMapPeriod, portalMapMessages.message('PORTAL_MAP_PERIOD_FORMAT').message)
      .optional(),
  })
  .strict();
export type PortalMapQuery = z.infer<typeof PortalMapQuery>;

export const PORTAL_DOWNLOAD_FORMATS = ['csv', 'xlsx', 'sdmx-csv'] as const;
export const PortalDownloadQuery = z
  .object({ format: z.enum(PORTAL_DOWNLOAD_FORMATS).default('csv') })
  .strict();
export type PortalDownloadQuery = z.infer<typeof PortalDownloadQuery>;

/** The preview image's language (default English). */
export const PortalPreviewQuery = z.object({ lang: z.enum(LOCALES).default('en') }).strict();

const Names = z.object({ en: z.string(), fr: z.string().optional(), ru: z.string().optional() });

/** SDMX CONF_STATUS: F free, C withheld (primary), D withheld (secondary). */
const ConfStatus = z.enum(['F', 'C', 'D']);

export const PortalFigure = z.object({
  value: z.number().nullable(),
  /** SDMX OBS_STATUS: A normal, E estimated, P provisional, M missing. */
  obsStatus: z.string(),
  confStatus: ConfStatus,
});

export const PortalRelease = z.object({
  /** When the figures are (or were) published, ISO 8601 with its offset. */
  at: z.string(),
  /** The IANA timezone the release was scheduled in ('UTC' for past publications). */
  timeZone: z.string(),
  reporter: z.string(),
  reporterName: z.string(),
  indicators: z.array(z.string()),
  periods: z.object({ from: z.string(), to: z.string() }),
  status: z.enum(['scheduled', 'published']),
});
export type PortalRelease = z.infer<typeof PortalRelease>;

export const PortalOverview = z.object({
  slug: z.string(),
  name: z.string(),
  /** The latest publication among the public figures (ISO 8601), null without any. */
  dataAsPublishedOn: z.string().nullable(),
  disclosureThreshold: z.number(),
  periods: z.object({ from: z.string(), to: z.string() }).nullable(),
  indicators: z.array(z.object({ code: z.string(), names: Names, unit: z.string().nullable() })),
  reporters: z.array(z.object({ code: z.string(), names: Names })),
  routes: z.array(
    z.object({
      code: z.string(),
      names: Names,
      /** ISO 3166-1 alpha-3 codes along the route, origin first, and its line for the portal's map. */
      countries: z.array(z.string()),
      geometry: z.record(z.string(), z.unknown()).nullable(),
      /** The route's latest month for the headline indicator, summed over the reporting states. */
      latest: PortalFigure.extend({ indicator: z.string(), period: z.string() }).nullable(),
    }),
  ),
  upcomingReleases: z.array(PortalRelease),
});
export type PortalOverview = z.infer<typeof PortalOverview>;

export const PortalRouteView = z.object({
  slug: z.string(),
  route: z.object({ code: z.string(), names: Names }),
  indicator: z.object({ code: z.string(), names: Names }),
  /** Indicators with public figures on this route (for a picker). */
  indicators: z.array(z.string()),
  dataAsPublishedOn: z.string().nullable(),
  reporters: z.array(z.string()),
  months: z.array(
    z.object({
      period: z.string(),
      /** Sum over the reporting states (withheld when it would reveal a withheld figure). */
      total: PortalFigure,
      cells: z.array(PortalFigure.extend({ reporter: z.string() })),
    }),
  ),
});
export type PortalRouteView = z.infer<typeof PortalRouteView>;

export const PortalMapView = z.object({
  slug: z.string(),
  /** The indicator shown, with its unit (null: the dialogue has no public indicator). */
  indicator: z.object({ code: z.string(), names: Names, unit: z.string().nullable() }).nullable(),
  /** Public indicators with public figures (for a picker). */
  indicators: z.array(z.string()),
  /** The month (YYYY-MM) or year (YYYY) shown; null without figures. */
  period: z.string().nullable(),
  /** The months and years with figures of the indicator, oldest first. */
  periods: z.object({ months: z.array(z.string()), years: z.array(z.string()) }),
  dataAsPublishedOn: z.string().nullable(),
  disclosureThreshold: z.number(),
  /**
   * Each reporting state with a figure in the period: its stored total, else the sum over its routes (a year:
   * the protected year total); withheld (value null, CONF_STATUS C or D) when disclosure control says so.
   */
  states: z.array(PortalFigure.extend({ code: z.string(), names: Names })),
});
export type PortalMapView = z.infer<typeof PortalMapView>;

export const PortalReleasesView = z.object({
  slug: z.string(),
  upcoming: z.array(PortalRelease),
  past: z.array(PortalRelease),
});
export type PortalReleasesView = z.infer<typeof PortalReleasesView>;

export const PortalItemParams = z.object({ slug: Slug, id: z.coerce.number().int().positive() });

/** A notice of a new national measure as the public reads it: public, sent, on a public dialogue. */
export const PortalNotice = z.object({
  id: z.number(),
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
  /** Only the public routes among those the notice names. */
  routes: z.array(z.string()),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PortalNotice = z.infer<typeof PortalNotice>;
export const PortalNoticeList = z.object({ slug: z.string(), items: z.array(PortalNotice) });
export type PortalNoticeList = z.infer<typeof PortalNoticeList>;

/** A document of the library as the public reads it: public, on a public dialogue. */
export const PortalDocument = z.object({
  id: z.number(),
  title: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  language: z.string(),
  date: z.string().nullable(),
  organisation: z.string(),
  fileName: z.string(),
  format: z.string(),
  byteSize: z.number(),
  updatedAt: z.string(),
  /** The other public language versions of the same document. */
  languages: z.array(z.object({ id: z.number(), language: z.string(), title: z.string() })),
  /** The download: the library's own file route, which gives anyone a public document. */
  fileUrl: z.string(),
});
export type PortalDocument = z.infer<typeof PortalDocument>;
export const PortalDocumentView = PortalDocument.extend({
  /** The first characters of the current version's text. */
  excerpt: z.string(),
});
export type PortalDocumentView = z.infer<typeof PortalDocumentView>;
export const PortalDocumentList = z.object({ slug: z.string(), items: z.array(PortalDocument) });
export type PortalDocumentList = z.infer<typeof PortalDocumentList>;

// ---------- best practices, agreements and country profiles (issue 16 on the portal) ----------

/** ISO 3166-1 alpha-3, any case (GRC, grc). */
const Iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code, e.g. GRC'));

export const PortalPracticeQuery = z
  .object({
    /** The thematic area (of the Istanbul declaration's six). */
    area: z.enum(THEMATIC_AREAS).optional(),
    /** A country where the practice runs. */
    country: Iso3.optional(),
    tag: z.string().trim().toLowerCase().min(1).max(60).optional(),
    /** Words in the title or text (a case-insensitive substring). */
    q: z.string().trim().max(200).optional(),
  })
  .strict();
export type PortalPracticeQuery = z.infer<typeof PortalPracticeQuery>;

/** A published public practice as the public reads it (never its contacts). */
export const PortalPractice = z.object({
  id: z.number().int(),
  title: z.string(),
  area: z.enum(THEMATIC_AREAS),
  summary: z.string(),
  countries: z.array(z.string()),
  periodFrom: z.string(),
  periodTo: z.string().nullable(),
  tags: z.array(z.string()),
  organisation: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PortalPractice = z.infer<typeof PortalPractice>;

export const PortalPracticeList = z.object({
  slug: z.string(),
  items: z.array(PortalPractice),
  /** Every tag of the public practices (the filter's choices). */
  tags: z.array(z.string()),
});
export type PortalPracticeList = z.infer<typeof PortalPracticeList>;

/** A file of a published public practice (its PDF, DOCX, PNG or JPEG), downloaded anonymously from `url`. */
export const PortalPracticeFile = z.object({
  id: z.number().int(),
  fileName: z.string(),
  format: z.enum(ATTACHMENT_FORMATS),
  contentType: z.string(),
  byteSize: z.number().int(),
  /** The portal's download: /api/portal/{slug}/practices/{id}/files/{fileId}. */
  url: z.string(),
});
export type PortalPracticeFile = z.infer<typeof PortalPracticeFile>;

export const PortalPracticeFileParams = PortalItemParams.extend({
  fileId: z.coerce.number().int().positive(),
});

export const PortalPracticeView = PortalPractice.extend({
  partners: z.array(z.string()),
  funding: z.string(),
  objectives: z.string(),
  results: z.string(),
  /** Impact indicators: before and after, and the change. */
  impact: z.array(
    z.object({
      name: z.string(),
      unit: z.string(),
      before: z.number().nullable(),
      after: z.number().nullable(),
      change: z.number().nullable(),
      percent: z.number().nullable(),
    }),
  ),
  lessons: z.string(),
  links: z.array(z.string()),
  language: z.string(),
  /** The practice's files (evaluation reports, leaflets, photographs), oldest first. */
  files: z.array(PortalPracticeFile),
});
export type PortalPracticeView = z.infer<typeof PortalPracticeView>;

export const PortalAgreementQuery = z
  .object({
    type: z.enum(AGREEMENT_TYPES).optional(),
    status: z.enum(AGREEMENT_STATUSES).optional(),
    /** A party: an ISO 3166-1 alpha-3 code, EU, or ORG:<name>. */
    party: z
      .string()
      .trim()
      .regex(/^([A-Z]{3}|EU|ORG:.{1,200})$/, 'expected a party: an ISO3 code (GRC), EU or ORG:<name>')
      .optional(),
  })
  .strict();
export type PortalAgreementQuery = z.infer<typeof PortalAgreementQuery>;

const PortalParty = z.object({
  kind: z.enum(['state', 'eu', 'organisation']),
  key: z.string(),
  iso3: z.string().nullable(),
  name: z.string().nullable(),
});

/** A public agreement as the public reads it: parties, type, status and dates. */
export const PortalAgreement = z.object({
  id: z.number().int(),
  type: z.enum(AGREEMENT_TYPES),
  title: z.string(),
  parties: z.array(PortalParty),
  /** Derived from the dates on the day asked. */
  status: z.enum(AGREEMENT_STATUSES),
  mandateOn: z.string().nullable(),
  signedOn: z.string().nullable(),
  inForceOn: z.string().nullable(),
  suspendedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  updatedAt: z.string(),
});
export type PortalAgreement = z.infer<typeof PortalAgreement>;

export const PortalAgreementList = z.object({
  slug: z.string(),
  items: z.array(PortalAgreement),
  /** Every party of the public agreements (the filter's choices). */
  parties: z.array(z.string()),
});
export type PortalAgreementList = z.infer<typeof PortalAgreementList>;

export const PortalAgreementView = PortalAgreement.extend({
  /** The steps: mandate, negotiation rounds, signature, entry into force, suspension, end. */
  timeline: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['mandate', 'round', 'signed', 'in_force', 'suspended', 'ended']),
      place: z.string().optional(),
      isFuture: z.boolean(),
    }),
  ),
  /** Linked texts on the web (http(s) links; the library's documents are listed on the documents page). */
  links: z.array(z.object({ url: z.string(), title: z.string() })),
  notes: z.string(),
});
export type PortalAgreementView = z.infer<typeof PortalAgreementView>;

export const PortalProfileParams = z.object({ slug: Slug, state: Iso3 });

export const PortalProfileSummary = z.object({
  state: z.string(),
  names: Names,
  /** When the version shown was endorsed by the state. */
  endorsedAt: z.string(),
});
export const PortalProfileList = z.object({ slug: z.string(), items: z.array(PortalProfileSummary) });
export type PortalProfileList = z.infer<typeof PortalProfileList>;

const KeySum = z.object({
  /** null when withheld (a part is withheld by disclosure control) or without figures. */
  value: z.number().nullable(),
  isWithheld: z.boolean(),
});

export const PortalProfileView = PortalProfileSummary.extend({
  /** The number of the endorsed version shown. */
  version: z.number().int(),
  /** The sections classified public, each with its own "last updated". */
  sections: z.array(
    z.object({
      key: z.enum(SECTION_KEYS),
      body: z.string(),
      sources: z.array(z.object({ title: z.string(), url: z.string().nullable() })),
      updatedAt: z.string(),
    }),
  ),
  /** The latest publication of the state's public figures ("data as published on"), null without any. */
  dataAsPublishedOn: z.string().nullable(),
  /** Key figures from the public table (after disclosure control). */
  figures: z.array(
    z.object({
      indicator: z.string(),
      from: z.string(),
      to: z.string(),
      total: KeySum,
      previous: KeySum,
      byRoute: z.array(KeySum.extend({ route: z.string() })),
      trend: z.array(KeySum.extend({ period: z.string() })),
    }),
  ),
});
export type PortalProfileView = z.infer<typeof PortalProfileView>;
