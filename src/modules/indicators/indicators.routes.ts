/** Indicator definitions, under /api/dialogues/:slug/definitions/indicators (secretariat). HTTP only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { RevisionQuery } from '../definition-revisions/definition-revisions.schema';
import { indicatorsPolicy } from './indicators.policy';
import {
  IdParams,
  IndicatorCreateBody,
  IndicatorDefinition,
  IndicatorUpdateBody,
  SlugParams,
} from './indicators.schema';
import { createIndicator, deleteIndicator, updateIndicator } from './indicators.service';

/** Mounted at /api/dialogues/:slug/definitions. The secretariat only (indicators.policy.ts). */
export const indicatorsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['indicators']);

  api.post('/indicators', indicatorsPolicy.manage, {
    schema: {
      summary: 'Define a new indicator (secretariat)',
      params: SlugParams,
      body: IndicatorCreateBody,
      response: { 201: IndicatorDefinition },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createIndicator(req.ctx, req.params.slug, req.body)),
  });

  api.put('/indicators/:id', indicatorsPolicy.manage, {
    schema: {
      summary:
        'Change or retire (validTo) an indicator as a new revision; 409 when it changed since expectedRevision (secretariat)',
      params: IdParams,
      body: IndicatorUpdateBody,
      response: { 200: IndicatorDefinition },
    },
    handler: (req) => updateIndicator(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.delete('/indicators/:id', indicatorsPolicy.manage, {
    schema: {
      summary:
        'Delete an indicator without figures; one with figures answers 409: retire it instead (secretariat)',
      params: IdParams,
      querystring: RevisionQuery,
    },
    handler: async (req, reply) => {
      await deleteIndicator(req.ctx, req.params.slug, req.params.id, req.query.expectedRevision);
      return reply.code(204).send();
    },
  });
};
