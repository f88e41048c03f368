/**
 * The public portal's API, under /api/portal/:slug: overview, one route's figures, downloads (CSV, XLSX,
 * SDMX-CSV), the map's values per state, the release calendar, public notices and documents, best practices (and
 * their files), agreements and country profiles. No login; the same answer for everyone (portal.service.ts reads as an
 * anonymous caller), so shared caches may keep it for a few minutes. Limited per IP address (429 with
 * Retry-After; PASSAGE_PUBLIC_RATE_LIMIT per minute).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { injectPageMeta, robotsTxt, sitemapIndexXml, sitemapXml } from '../../domain/portal/page-meta';
import { publicRateLimit, readMailConfig } from '../../shared/config';
import { sendFile } from '../../shared/file-reply';
import { requestLanguage } from '../../shared/request-language';
import { portalPolicy } from './portal.policy';
import {
  PortalAgreementList,
  PortalAgreementQuery,
  PortalAgreementView,
  PortalDocumentList,
  PortalDocumentView,
  PortalDownloadParams,
  PortalDownloadQuery,
  PortalItemParams,
  PortalMapQuery,
  PortalMapView,
  PortalNotice,
  PortalNoticeList,
  PortalOverview,
  PortalParams,
  PortalPracticeFileParams,
  PortalPracticeList,
  PortalPracticeQuery,
  PortalPracticeView,
  PortalPreviewQuery,
  PortalProfileList,
  PortalProfileParams,
  PortalProfileView,
  PortalReleasesView,
  PortalRouteParams,
  PortalRouteQuery,
  PortalRouteView,
} from './portal.schema';
import {
  getDownload,
  getOverview,
  getPortalAgreement,
  getPortalAgreements,
  getPortalDocument,
  getPortalDocuments,
  getPortalMap,
  getPortalNotice,
  getPortalNotices,
  getPortalPageMeta,
  getPortalPractice,
  getPortalPracticeFile,
  getPortalPractices,
  getPortalPreviewImage,
  getPortalProfile,
  getPortalProfiles,
  getPortalSitemap,
  getPortalSitemapIndex,
  getReleases,
  getRouteFigures,
} from './portal.service';

const tags = ['portal'];
const PUBLIC_CACHE = 'public, max-age=300';

export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = { access: portalPolicy.read, rateLimit: publicRateLimit() };
  // The portal's data answers are the same for every anonymous visitor until a publication: kept by the
  // response cache (src/shared/response-cache.ts), cleared by every write.
  const cached = { ...config, responseCache: true };

  app.get(
    '/:slug',
    {
      schema: {
        tags,
        summary:
          'Public overview of a dialogue: indicators, routes with their latest figure, data as published on',
        params: PortalParams,
        response: { 200: PortalOverview },
      },
      config: cached,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getOverview(req.ctx, req.params.slug);
    },
  );

  app.get(
    '/:slug/routes/:route',
    {
      schema: {
        tags,
        summary: 'Public monthly figures of one route per reporting state, after disclosure control',
        params: PortalRouteParams,
        querystring: PortalRouteQuery,
        response: { 200: PortalRouteView },
      },
      config: cached,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getRouteFigures(req.ctx, req.params.slug, req.params.route, req.query);
    },
  );

  app.get(
    '/:slug/map',
    {
      schema: {
        tags,
        summary:
          "Each reporting state's public figure for an indicator and a month or year (the portal's map), after disclosure control",
        description:
          'indicator: a public indicator (default: the first with figures); period: YYYY-MM or YYYY (default: the ' +
          'latest month with figures). A withheld figure has value null and its CONF_STATUS (C or D), never 0. ' +
          'An unknown (or non-public) indicator or a malformed period: 400 naming the field, in the caller’s language.',
        params: PortalParams,
        querystring: PortalMapQuery,
        response: { 200: PortalMapView },
      },
      config: { access: portalPolicy.map, rateLimit: publicRateLimit(), responseCache: true },
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalMap(req.ctx, req.params.slug, req.query);
    },
  );

  app.get(
    '/:slug/releases',
    {
      schema: {
        tags,
        summary: 'Release calendar: scheduled (embargoed) releases and past publications',
        params: PortalParams,
        response: { 200: PortalReleasesView },
      },
      config: cached,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getReleases(req.ctx, req.params.slug);
    },
  );

  app.get(
    '/:slug/downloads/:indicator',
    {
      schema: {
        tags,
        summary: 'Download the public figures of an indicator: format=csv (default), xlsx or sdmx-csv',
        params: PortalDownloadParams,
        querystring: PortalDownloadQuery,
      },
      config: cached,
    },
    async (req, reply) => {
      const file = await getDownload(req.ctx, req.params.slug, req.params.indicator, req.query);
      return reply
        .header('cache-control', PUBLIC_CACHE)
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );

  app.get(
    '/:slug/preview.png',
    {
      schema: {
        tags,
        summary:
          "The image a shared link to the dialogue's portal previews with (og:image, 1200 × 630 PNG), lang=en|fr|ru",
        params: PortalParams,
        querystring: PortalPreviewQuery,
      },
      config,
    },
    async (req, reply) => {
      const png = await getPortalPreviewImage(req.ctx, req.params.slug, req.query.lang);
      return reply.header('cache-control', 'public, max-age=3600').type('image/png').send(png);
    },
  );

  app.get(
    '/:slug/notices',
    {
      schema: {
        tags,
        summary: 'Public notices of new national measures (sent, classified public), newest first',
        params: PortalParams,
        response: { 200: PortalNoticeList },
      },
      config: cached,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalNotices(req.ctx, req.params.slug);
    },
  );

  app.get(
    '/:slug/notices/:id',
    {
      schema: {
        tags,
        summary: 'One public notice (404 for any other)',
        params: PortalItemParams,
        response: { 200: PortalNotice },
      },
      config,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalNotice(req.ctx, req.params.slug, req.params.id);
    },
  );

  app.get(
    '/:slug/documents',
    {
      schema: {
        tags,
        summary: 'Public documents of the library (classified public), with their download link',
        params: PortalParams,
        response: { 200: PortalDocumentList },
      },
      config,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalDocuments(req.ctx, req.params.slug);
    },
  );

  app.get(
    '/:slug/documents/:id',
    {
      schema: {
        tags,
        summary: 'One public document with the start of its text (404 for any other)',
        params: PortalItemParams,
        response: { 200: PortalDocumentView },
      },
      config,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalDocument(req.ctx, req.params.slug, req.params.id);
    },
  );

  const knowledge = (access: (typeof portalPolicy)['practices']) => ({
    access,
    rateLimit: publicRateLimit(),
  });

  app.get(
    '/:slug/practices',
    {
      schema: {
        tags,
        summary: 'Published public best practices (never their contacts), by area, country, tag or words',
        params: PortalParams,
        querystring: PortalPracticeQuery,
        response: { 200: PortalPracticeList },
      },
      config: knowledge(portalPolicy.practices),
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalPractices(req.ctx, req.params.slug, req.query);
    },
  );

  app.get(
    '/:slug/practices/:id',
    {
      schema: {
        tags,
        summary: 'One published public practice with its impact assessment (404 for any other)',
        params: PortalItemParams,
        response: { 200: PortalPracticeView },
      },
      config: knowledge(portalPolicy.practices),
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalPractice(req.ctx, req.params.slug, req.params.id);
    },
  );

  app.get(
    '/:slug/practices/:id/files/:fileId',
    {
      schema: {
        tags,
        summary:
          'Download a file of a published public practice with its original name (404 for any other practice or file)',
        params: PortalPracticeFileParams,
      },
      config: knowledge(portalPolicy.practiceFiles),
    },
    async (req, reply) => {
      const f = await getPortalPracticeFile(req.ctx, req.params.slug, req.params.id, req.params.fileId);
      return sendFile(reply.header('cache-control', PUBLIC_CACHE), f);
    },
  );

  app.get(
    '/:slug/agreements',
    {
      schema: {
        tags,
        summary:
          'Public agreements of the registry: parties, type, status and dates, by type, status or party',
        params: PortalParams,
        querystring: PortalAgreementQuery,
        response: { 200: PortalAgreementList },
      },
      config: knowledge(portalPolicy.agreements),
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalAgreements(req.ctx, req.params.slug, req.query);
    },
  );

  app.get(
    '/:slug/agreements/:id',
    {
      schema: {
        tags,
        summary: 'One public agreement with its timeline (404 for any other)',
        params: PortalItemParams,
        response: { 200: PortalAgreementView },
      },
      config: knowledge(portalPolicy.agreements),
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalAgreement(req.ctx, req.params.slug, req.params.id);
    },
  );

  app.get(
    '/:slug/profiles',
    {
      schema: {
        tags,
        summary: 'Member states with an endorsed country profile',
        params: PortalParams,
        response: { 200: PortalProfileList },
      },
      config: knowledge(portalPolicy.profiles),
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalProfiles(req.ctx, req.params.slug);
    },
  );

  app.get(
    '/:slug/profiles/:state',
    {
      schema: {
        tags,
        summary:
          "A country profile: the endorsed version's public sections and key figures from public data (404 without one)",
        params: PortalProfileParams,
        response: { 200: PortalProfileView },
      },
      config: knowledge(portalPolicy.profiles),
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getPortalProfile(req.ctx, req.params.slug, req.params.state);
    },
  );
};

/** Where absolute links point: PASSAGE_PUBLIC_URL, else the address the request came to. */
const baseOf = (req: FastifyRequest) => readMailConfig().publicUrl ?? `${req.protocol}://${req.host}`;

/**
 * The portal's pages outside /api: robots.txt, the sitemap index of public dialogues and each portal's sitemap
 * (no login, the same for everyone), and, when the web app is served (`webDir`), every /p/… page as the app's
 * index.html with the page's own title, description and Open Graph tags (getPortalPageMeta), so a shared link
 * previews. A path naming nothing public keeps the app's own head.
 */
export const portalPageRoutes: FastifyPluginAsyncZod<{ webDir?: string }> = async (app, opts) => {
  const config = { access: portalPolicy.read, rateLimit: publicRateLimit() };
  const xml = 'application/xml; charset=utf-8';

  app.get('/robots.txt', { schema: { hide: true }, config }, async (req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', PUBLIC_CACHE)
      .send(robotsTxt(baseOf(req))),
  );

  app.get('/sitemap.xml', { schema: { hide: true }, config }, async (req, reply) => {
    const body = sitemapIndexXml(await getPortalSitemapIndex(req.ctx, baseOf(req)));
    return reply.type(xml).header('cache-control', PUBLIC_CACHE).send(body);
  });

  app.get(
    '/p/:slug/sitemap.xml',
    { schema: { hide: true, params: PortalParams }, config },
    async (req, reply) => {
      const body = sitemapXml(await getPortalSitemap(req.ctx, req.params.slug, baseOf(req)));
      return reply.type(xml).header('cache-control', PUBLIC_CACHE).send(body);
    },
  );

  const webDir = opts.webDir;
  if (webDir === undefined) return;
  const page = async (req: FastifyRequest) => {
    const html = await readFile(join(webDir, 'index.html'), 'utf8');
    const meta = await getPortalPageMeta(req.ctx, req.url, baseOf(req), requestLanguage(req).language);
    return meta ? injectPageMeta(html, meta) : html;
  };
  for (const url of ['/p/:slug', '/p/:slug/*'])
    app.get(url, { schema: { hide: true }, config }, async (req, reply) =>
      // Like index.html itself (web-assets.ts): revalidated on every load.
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await page(req)),
    );
};
