/** Migratory route definitions, under /api/dialogues/:slug/definitions/routes (secretariat). HTTP only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
  const tags = ['migratory-routes'];
  const manage = { access: migratoryRoutesPolicy.manage };

  app.post(
    '/routes',
    {
      schema: {
        tags,
        summary:
          'Define a new route; without a geometry, a line through the countries’ centroids is drawn (secretariat)',
        params: SlugParams,
        body: RouteCreateBody,
        response: { 201: RouteDefinition },
      },
      config: manage,
    },
    async (req, reply) => reply.code(201).send(await createRoute(req.ctx, req.params.slug, req.body)),
  );

  app.put(
    '/routes/:id',
    {
      schema: {
        tags,
        summary: 'Change a route as a new revision; 409 when it changed since expectedRevision (secretariat)',
        params: IdParams,
        body: RouteUpdateBody,
        response: { 200: RouteDefinition },
      },
      config: manage,
    },
    (req) => updateRoute(req.ctx, req.params.slug, req.params.id, req.body),
  );
};
