/** Migratory route definitions, under /api/dialogues/:slug/definitions/routes (secretariat). HTTP only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { migratoryRoutesPolicy } from './migratory-routes.policy';
import {
  IdParams,
  RouteCreateBody,
  RouteDefinition,
  RouteUpdateBody,
  SlugParams,
} from './migratory-routes.schema';
import { createRoute, updateRoute } from './migratory-routes.service';

/** Mounted at /api/dialogues/:slug/definitions. The secretariat only (migratory-routes.policy.ts). */
export const migratoryRoutesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['migratory-routes']);

  api.post('/routes', migratoryRoutesPolicy.manage, {
    schema: {
      summary:
        'Define a new route; without a geometry, a line through the countries’ centroids is drawn (secretariat)',
      params: SlugParams,
      body: RouteCreateBody,
      response: { 201: RouteDefinition },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createRoute(req.ctx, req.params.slug, req.body)),
  });

  api.put('/routes/:id', migratoryRoutesPolicy.manage, {
    schema: {
      summary: 'Change a route as a new revision; 409 when it changed since expectedRevision (secretariat)',
      params: IdParams,
      body: RouteUpdateBody,
      response: { 200: RouteDefinition },
    },
    handler: (req) => updateRoute(req.ctx, req.params.slug, req.params.id, req.body),
  });
};
