/** Validation rules of a dialogue, mounted at /api/dialogues/:slug. HTTP only (validation-rules.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SlugParams } from '../observations/observations.schema';
import { validationRulesPolicy } from './validation-rules.policy';
import { RuleCreateBody, RuleList, RuleParams, RuleUpdateBody, RuleView } from './validation-rules.schema';
import { createRule, listRules, updateRule } from './validation-rules.service';

const tags = ['validation-rules'];

export const validationRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/rules',
    {
      schema: {
        tags,
        summary: 'Validation rules of the dialogue (and the built-in defaults)',
        params: SlugParams,
        response: { 200: RuleList },
      },
      config: { access: validationRulesPolicy.read },
    },
    (req) => listRules(req.ctx, req.params.slug),
  );

  app.post(
    '/rules',
    {
      schema: {
        tags,
        summary: 'Define a validation rule (data manager): a built-in kind with parameters, or an expression',
        params: SlugParams,
        body: RuleCreateBody,
        response: { 201: RuleView },
      },
      config: { access: validationRulesPolicy.manage },
    },
    async (req, reply) => reply.code(201).send(await createRule(req.ctx, req.params.slug, req.body)),
  );

  app.patch(
    '/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change or disable a validation rule (data manager)',
        params: RuleParams,
        body: RuleUpdateBody,
        response: { 200: RuleView },
      },
      config: { access: validationRulesPolicy.manage },
    },
    (req) => updateRule(req.ctx, req.params.slug, req.params.id, req.body),
  );
};
