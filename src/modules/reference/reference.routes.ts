import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { referencePolicy } from './reference.policy';
import { CodelistView, CountryView } from './reference.schema';
import { countryGeometryTopoJson, listCodelists, listCountries } from './reference.service';

/** Reference data shipped with Passage: public, cacheable, no database needed. */
export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['reference']);

  api.get('/countries', referencePolicy.read, {
    schema: {
      summary: 'ISO 3166-1 countries with EN/FR/RU names and UN M49 regions',
      response: { 200: z.array(CountryView) },
    },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return listCountries();
    },
  });
  api.get('/codelists', referencePolicy.read, {
    schema: { summary: 'Codelists of the common data standard', response: { 200: z.array(CodelistView) } },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return listCodelists();
    },
  });
  api.get('/geometry/countries.topojson', referencePolicy.read, {
    schema: { summary: 'Country outlines as TopoJSON (world-atlas 1:50m, ids = ISO numeric)' },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400').type('application/json');
      return reply.send(countryGeometryTopoJson());
    },
  });
};
