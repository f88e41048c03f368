/** One search across Passage, under /api/search. HTTP only (search.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchPolicy } from './search.policy';
import { SearchQuery, SearchResult } from './search.schema';
import { search } from './search.service';

const tags = ['search'];

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary:
          'Search documents, notices, indicators, routes, alerts … in every language: ranked results with highlighted snippets, facets (type, country, year, language) and pages; only what you may see',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
      // Kept per caller and query by the response cache (src/shared/response-cache.ts), cleared by every write.
      config: { access: searchPolicy.search, responseCache: true },
    },
    (req) => search(req.ctx, req.query),
  );
};
