/** Validation rules of a dialogue, mounted at /api/dialogues/:slug. HTTP only (validation-rules.service.ts). */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { SlugParams } from '../observations/observations.schema';
import { validationRulesPolicy } from './validation-rules.policy';
import { createRun, exportRunViolations, getRunViolations, listRunsOf } from './validation-rules.run';
import {
  RuleCreateBody,
  RuleList,
  RuleParams,
  RuleUpdateBody,
  RuleView,
  RunCreateBody,
  RunList,
  RunParams,
  RunView,
  ViolationList,
  ViolationsQuery,
} from './validation-rules.schema';
import { createRule, listRules, updateRule } from './validation-rules.service';

function sendCsv(reply: FastifyReply, file: Awaited<ReturnType<typeof exportRunViolations>>) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.body);
}

const tags = ['validation-rules'];

export const validationRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/rules', validationRulesPolicy.read, {
    schema: {
      summary: 'Validation rules of the dialogue (and the built-in defaults)',
      params: SlugParams,
      response: { 200: RuleList },
    },
    handler: (req) => listRules(req.ctx, req.params.slug),
  });

  api.post('/rules', validationRulesPolicy.manage, {
    schema: {
      summary: 'Define a validation rule (data manager): a built-in kind with parameters, or an expression',
      params: SlugParams,
      body: RuleCreateBody,
      response: { 201: RuleView },
    },
    handler: async (req, reply) => reply.code(201).send(await createRule(req.ctx, req.params.slug, req.body)),
  });

  api.patch('/rules/:id', validationRulesPolicy.manage, {
    schema: {
      summary: 'Change or disable a validation rule (data manager)',
      params: RuleParams,
      body: RuleUpdateBody,
      response: { 200: RuleView },
    },
    handler: (req) => updateRule(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/rules/runs', validationRulesPolicy.runs, {
    schema: {
      summary:
        'Re-run the active rules over the published figures of a range of months, in the background (data manager)',
      params: SlugParams,
      body: RunCreateBody,
      response: { 202: RunView },
    },
    handler: async (req, reply) => reply.code(202).send(await createRun(req.ctx, req.params.slug, req.body)),
  });

  api.get('/rules/runs', validationRulesPolicy.runs, {
    schema: {
      summary: 'The latest re-runs of the rules with their status and counts (data manager)',
      params: SlugParams,
      response: { 200: RunList },
    },
    handler: (req) => listRunsOf(req.ctx, req.params.slug),
  });

  api.get('/rules/runs/:runId/violations', validationRulesPolicy.runs, {
    schema: {
      summary: 'Violations a re-run found, a page at a time; format=csv exports them all (data manager)',
      params: RunParams,
      querystring: ViolationsQuery,
      response: { 200: ViolationList },
    },
    handler: async (req, reply) => {
      if (req.query.format === 'json')
        return getRunViolations(req.ctx, req.params.slug, req.params.runId, req.query);
      return sendCsv(
        reply,
        await exportRunViolations(req.ctx, req.params.slug, req.params.runId, req.query.rule),
      );
    },
  });
};
