/** The agreements registry, under /api/dialogues/:slug/agreements. HTTP only (agreements.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { agreementsPolicy } from './agreements.policy';
import {
  AgreementBody,
  AgreementFilter,
  AgreementHistory,
  AgreementList,
  AgreementMatrix,
  AgreementParams,
  AgreementPartners,
  AgreementUpdateBody,
  AgreementView,
  MatrixQuery,
  PartnersQuery,
  SlugParams,
} from './agreements.schema';
import {
  agreementsCsv,
  createAgreement,
  getAgreement,
  getAgreementHistory,
  getAgreementMatrix,
  getAgreementPartners,
  listAgreements,
  updateAgreement,
} from './agreements.service';

const tags = ['agreements'];

export const agreementsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('', agreementsPolicy.read, {
    schema: {
      summary: 'The agreements you may see, filtered by type, party (ISO3, EU, ORG:<name>), status and year',
      params: SlugParams,
      querystring: AgreementFilter,
      response: { 200: AgreementList },
    },
    handler: (req) => listAgreements(req.ctx, req.params.slug, req.query),
  });

  api.post('', agreementsPolicy.record, {
    schema: {
      summary:
        'Record an agreement (type, at least two parties, mandate, rounds, signed, in force, suspended, ended dates, linked texts)',
      params: SlugParams,
      body: AgreementBody,
      response: { 201: AgreementView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createAgreement(req.ctx, req.params.slug, req.body)),
  });

  api.get('.csv', agreementsPolicy.read, {
    schema: {
      summary: 'The filtered list of agreements as CSV',
      params: SlugParams,
      querystring: AgreementFilter,
    },
    handler: async (req, reply) => {
      const body = await agreementsCsv(req.ctx, req.params.slug, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.slug}-agreements.csv"`)
        .send(body);
    },
  });

  api.get('/matrix', agreementsPolicy.read, {
    schema: {
      summary:
        'The party × party matrix: for each pair of parties, the agreements they share (optionally one type)',
      params: SlugParams,
      querystring: MatrixQuery,
      response: { 200: AgreementMatrix },
    },
    handler: (req) => getAgreementMatrix(req.ctx, req.params.slug, req.query),
  });

  api.get('/partners', agreementsPolicy.read, {
    schema: {
      summary: "The partners of one party across its agreements (the map of a state's agreements)",
      params: SlugParams,
      querystring: PartnersQuery,
      response: { 200: AgreementPartners },
    },
    handler: (req) => getAgreementPartners(req.ctx, req.params.slug, req.query.party),
  });

  api.get('/:id', agreementsPolicy.read, {
    schema: {
      summary: 'One agreement with its timeline and what you may do with it',
      params: AgreementParams,
      response: { 200: AgreementView },
    },
    handler: (req) => getAgreement(req.ctx, req.params.slug, req.params.id),
  });

  api.put('/:id', agreementsPolicy.record, {
    schema: {
      summary: 'Change an agreement: a new revision (give the revision you changed; a newer one answers 409)',
      params: AgreementParams,
      body: AgreementUpdateBody,
      response: { 200: AgreementView },
    },
    handler: (req) => updateAgreement(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.get('/:id/history', agreementsPolicy.read, {
    schema: {
      summary: 'Every revision of an agreement, oldest first',
      params: AgreementParams,
      response: { 200: AgreementHistory },
    },
    handler: (req) => getAgreementHistory(req.ctx, req.params.slug, req.params.id),
  });
};
