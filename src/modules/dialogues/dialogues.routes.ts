import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { dialoguesPolicy } from './dialogues.policy';
import { DialogueHome, DialogueSummary, SlugParams } from './dialogues.schema';
import { getDialogueHome, listDialogues } from './dialogues.service';

export const dialoguesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['dialogues']);

  api.get('/', dialoguesPolicy.list, {
    schema: { summary: 'Dialogues visible to the caller', response: { 200: z.array(DialogueSummary) } },
    handler: (req) => listDialogues(req.ctx),
  });

  api.get('/:slug', dialoguesPolicy.read, {
    schema: {
      summary: "A dialogue's home: member states, observers, routes, indicators",
      params: SlugParams,
      response: { 200: DialogueHome },
    },
    handler: (req) => getDialogueHome(req.ctx, req.params.slug),
  });
};
