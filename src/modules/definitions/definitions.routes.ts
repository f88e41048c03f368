import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { definitionsPolicy } from './definitions.policy';
import {
  DefinitionHistoryQuery,
  DefinitionRevisionView,
  DefinitionsView,
  SlugParams,
} from './definitions.schema';
import { definitionHistory, getDefinitions } from './definitions.service';

/**
 * The definitions desk under /api/dialogues/:slug/definitions: the editor's view and the history of a
 * definition. The indicators, routes and calendar endpoints under the same prefix are their modules' routes
 * (registered next to this one in src/server/app.ts). The dialogue's
 * secretariat only (definitions.policy.ts: 403 for other members, 404 when the dialogue is not visible).
 */
export const definitionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['definitions']);

  api.get('/', definitionsPolicy.manage, {
    schema: {
      summary: 'Indicators, routes and the reporting calendar of the dialogue, for editing (secretariat)',
      params: SlugParams,
      response: { 200: DefinitionsView },
    },
    handler: (req) => getDefinitions(req.ctx, req.params.slug),
  });

  api.get('/history', definitionsPolicy.manage, {
    schema: {
      summary: 'Every version of one indicator, route or calendar entry, newest first (secretariat)',
      params: SlugParams,
      querystring: DefinitionHistoryQuery,
      response: { 200: z.array(DefinitionRevisionView) },
    },
    handler: (req) => definitionHistory(req.ctx, req.params.slug, req.query),
  });
};
