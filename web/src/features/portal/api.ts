import type { ApiQuery } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** The public portal (src/modules/portal): no login; public published figures after disclosure control. */

export type {
  PortalAgreement,
  PortalAgreementQuery,
  PortalAgreementView,
  PortalDocument,
  PortalMapView,
  PortalNotice,
  PortalOverview,
  PortalPractice,
  PortalPracticeQuery,
  PortalPracticeView,
  PortalProfileView,
  PortalRelease,
  PortalReleasesView,
  PortalRouteView,
} from '@passage/contract';

export type PortalDownloadFormat = NonNullable<
  ApiQuery<'GET /api/portal/:slug/downloads/:indicator'>['format']
>;

export const getPortalOverview = (slug: string, signal?: AbortSignal) =>
  api('GET /api/portal/:slug', { params: { slug }, signal });
export const getPortalRoute = (
  slug: string,
  route: string,
  indicator: string | undefined,
  signal?: AbortSignal,
) => api('GET /api/portal/:slug/routes/:route', { params: { slug, route }, query: { indicator }, signal });
export const getPortalMap = (
  slug: string,
  query: ApiQuery<'GET /api/portal/:slug/map'>,
  signal?: AbortSignal,
) => api('GET /api/portal/:slug/map', { params: { slug }, query, signal });
export const getPortalReleases = (slug: string, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/releases', { params: { slug }, signal });
export const portalDownloadUrl = (slug: string, indicator: string, format: PortalDownloadFormat) =>
  apiUrl('GET /api/portal/:slug/downloads/:indicator', { params: { slug, indicator }, query: { format } });
export const getPortalNotices = (slug: string, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/notices', { params: { slug }, signal });
export const getPortalNotice = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/notices/:id', { params: { slug, id }, signal });
export const getPortalDocuments = (slug: string, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/documents', { params: { slug }, signal });
export const getPortalDocument = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/documents/:id', { params: { slug, id }, signal });
export const getPortalPractices = (
  slug: string,
  query: ApiQuery<'GET /api/portal/:slug/practices'>,
  signal?: AbortSignal,
) => api('GET /api/portal/:slug/practices', { params: { slug }, query, signal });
export const getPortalPractice = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/practices/:id', { params: { slug, id }, signal });
export const getPortalAgreements = (
  slug: string,
  query: ApiQuery<'GET /api/portal/:slug/agreements'>,
  signal?: AbortSignal,
) => api('GET /api/portal/:slug/agreements', { params: { slug }, query, signal });
export const getPortalAgreement = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/agreements/:id', { params: { slug, id }, signal });
export const getPortalProfiles = (slug: string, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/profiles', { params: { slug }, signal });
export const getPortalProfile = (slug: string, state: string, signal?: AbortSignal) =>
  api('GET /api/portal/:slug/profiles/:state', { params: { slug, state }, signal });
