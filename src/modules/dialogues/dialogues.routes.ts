import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dialoguesPolicy } from './dialogues.policy';
import { DialogueHome, DialogueSummary, SlugParams } from './dialogues.schema';
import { getDialogueHome, listDialogues } from './dialogues.service';

export const dialoguesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['dialogues'],
        summary: 'Dialogues visible to the caller',
        response: { 200: z.array(DialogueSummary) },
      },
      config: { access: dialoguesPolicy.list },
    },
    (req) => listDialogues(req.ctx),
  );

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['dialogues'],
        summary: "A dialogue's home: member states, observers, routes, indicators",
        params: SlugParams,
        response: { 200: DialogueHome },
      },
      config: { access: dialoguesPolicy.read },
    },
    (req) => getDialogueHome(req.ctx, req.params.slug),
  );
};
