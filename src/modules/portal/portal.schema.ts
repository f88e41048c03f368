/**
 * zod schemas of the public portal: a dialogue's overview, one route's figures, the downloads and the release
 * calendar. Every figure carries its SDMX statuses; a withheld figure (disclosure control) has `value: null`,
 * never 0.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../domain/documents/file-format';
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

export const PORTAL_DOWNLOAD_FORMATS = ['csv', 'xlsx', 'sdmx-csv'] as const;
export const PortalDownloadQuery = z
  .object({ format: z.enum(PORTAL_DOWNLOAD_FORMATS).default('csv') })
  .strict();
export type PortalDownloadQuery = z.infer<typeof PortalDownloadQuery>;

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
