import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { referencePolicy } from './reference.policy';
import { CodelistView, CountryView } from './reference.schema';
import { countryGeometryTopoJson, listCodelists, listCountries } from './reference.service';

/** Reference data shipped with Passage: public, cacheable, no database needed. */
export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/countries',
    {
      schema: {
        tags: ['reference'],
        summary: 'ISO 3166-1 countries with EN/FR/RU names and UN M49 regions',
        response: { 200: z.array(CountryView) },
      },
      config: { access: referencePolicy.read },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return listCountries();
    },
  );
  app.get(
    '/codelists',
    {
      schema: {
        tags: ['reference'],
        summary: 'Codelists of the common data standard',
        response: { 200: z.array(CodelistView) },
      },
      config: { access: referencePolicy.read },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return listCodelists();
    },
  );
  app.get(
    '/geometry/countries.topojson',
    {
      schema: {
        tags: ['reference'],
        summary: 'Country outlines as TopoJSON (world-atlas 1:50m, ids = ISO numeric)',
      },
      config: { access: referencePolicy.read },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400').type('application/json');
      return reply.send(countryGeometryTopoJson());
    },
  );
};
