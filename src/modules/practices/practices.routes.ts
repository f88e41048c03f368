/** The best-practice inventory, under /api/dialogues/:slug/practices. HTTP only (practices.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { practicesPolicy } from './practices.policy';
import {
  CompareQuery,
  ComparisonView,
  PracticeCreateBody,
  PracticeHistory,
  PracticeList,
  PracticeListQuery,
  PracticeParams,
  PracticeUpdateBody,
  PracticeView,
  SlugParams,
  SubmitBody,
  VerifyBody,
} from './practices.schema';
import {
  createPractice,
  exportPracticesCsv,
  getComparison,
  getPractice,
  getPracticeHistory,
  listPractices,
  submitPractice,
  updatePractice,
  verifyPractice,
} from './practices.service';

const tags = ['practices'];

export const practicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', practicesPolicy.read, {
    schema: {
      summary:
        'The practices you see (published ones by classification; your drafts), filtered by thematic area, country, tag, text and period, with counts per country',
      params: SlugParams,
      querystring: PracticeListQuery,
      response: { 200: PracticeList },
    },
    handler: (req) => listPractices(req.ctx, req.params.slug, req.query),
  });

  api.get('/export.csv', practicesPolicy.read, {
    schema: {
      summary: 'The filtered list as CSV (contacts left out)',
      params: SlugParams,
      querystring: PracticeListQuery,
    },
    handler: async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.slug}-practices.csv"`)
        .send(await exportPracticesCsv(req.ctx, req.params.slug, req.query)),
  });

  api.get('/compare', practicesPolicy.read, {
    schema: {
      summary: 'Two practices side by side: each field, whether they agree, their impact indicators aligned',
      params: SlugParams,
      querystring: CompareQuery,
      response: { 200: ComparisonView },
    },
    handler: (req) => getComparison(req.ctx, req.params.slug, req.query.a, req.query.b),
  });

  api.post('/', practicesPolicy.write, {
    schema: {
      summary: 'Write a practice as a draft of your organisation (period, countries and impact checked)',
      params: SlugParams,
      body: PracticeCreateBody,
      response: { 201: PracticeView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createPractice(req.ctx, req.params.slug, req.body)),
  });

  api.get('/:id', practicesPolicy.read, {
    schema: {
      summary: 'One practice (contacts for members only) and what you may do with it',
      params: PracticeParams,
      response: { 200: PracticeView },
    },
    handler: (req) => getPractice(req.ctx, req.params.slug, req.params.id),
  });

  api.patch('/:id', practicesPolicy.write, {
    schema: {
      summary: 'Change a practice (a new revision; name the revision you changed, a newer one answers 409)',
      params: PracticeParams,
      body: PracticeUpdateBody,
      response: { 200: PracticeView },
    },
    handler: (req) => updatePractice(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/submit', practicesPolicy.write, {
    schema: {
      summary: 'Submit your draft (or a returned practice) to the secretariat for verification',
      params: PracticeParams,
      body: SubmitBody,
      response: { 200: PracticeView },
    },
    handler: (req) => submitPractice(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/verify', practicesPolicy.verify, {
    schema: {
      summary: 'Verify a submitted practice: publish it, or return it with a comment',
      params: PracticeParams,
      body: VerifyBody,
      response: { 200: PracticeView },
    },
    handler: (req) => verifyPractice(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.get('/:id/history', practicesPolicy.history, {
    schema: {
      summary: 'Every revision of a practice, oldest first, with the fields each changed',
      params: PracticeParams,
      response: { 200: PracticeHistory },
    },
    handler: (req) => getPracticeHistory(req.ctx, req.params.slug, req.params.id),
  });
};
