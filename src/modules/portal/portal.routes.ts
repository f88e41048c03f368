/**
 * The public portal's API, under /api/portal/:slug: overview, one route's figures, downloads (CSV, XLSX,
 * SDMX-CSV) and the release calendar. No login; the same answer for everyone (portal.service.ts reads as an
 * anonymous caller), so shared caches may keep it for a few minutes. Limited per IP address (429 with
 * Retry-After; PASSAGE_PUBLIC_RATE_LIMIT per minute).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicRateLimit } from '../../shared/config';
import { portalPolicy } from './portal.policy';
import {
  PortalDownloadParams,
  PortalDownloadQuery,
  PortalOverview,
  PortalParams,
  PortalReleasesView,
  PortalRouteParams,
  PortalRouteQuery,
  PortalRouteView,
} from './portal.schema';
import { getDownload, getOverview, getReleases, getRouteFigures } from './portal.service';

const tags = ['portal'];
const PUBLIC_CACHE = 'public, max-age=300';

export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = { access: portalPolicy.read, rateLimit: publicRateLimit() };

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
      config,
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
      config,
    },
    async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return getRouteFigures(req.ctx, req.params.slug, req.params.route, req.query);
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
      config,
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
      config,
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
};
