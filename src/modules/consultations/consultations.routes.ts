/** Draft consultations, under /api/dialogues/:slug/consultations. HTTP only (consultations.service.ts). */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { type Download, matrixDocx, matrixPdf, matrixXlsx, summaryDocx } from './consultations.export';
import { consultationsPolicy } from './consultations.policy';
import {
  CommentBody,
  CommentEditBody,
  CompareQuery,
  CompareView,
  ConsultationCommentParams,
  ConsultationCreateBody,
  ConsultationList,
  ConsultationParams,
  ConsultationView,
  ExportQuery,
  MatrixView,
  ResponseBody,
  SettingsBody,
  SlugParams,
  SplitBody,
  SummaryBody,
  SummaryView,
  VersionBody,
  VersionQuery,
} from './consultations.schema';
import {
  changeSettings,
  commentOnParagraph,
  compareConsultationVersions,
  correctSplit,
  createConsultation,
  editComment,
  getConsultation,
  getMatrix,
  getSummary,
  listConsultations,
  openConsultation,
  publishVersion,
  regenerateSummary,
  respondToComment,
  saveSummary,
} from './consultations.service';

const tags = ['consultations'];

const download = (reply: FastifyReply, f: Download) =>
  reply
    .type(f.contentType)
    .header('content-disposition', `attachment; filename="${f.fileName}"`)
    .send(f.body);

export const consultationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', consultationsPolicy.read, {
    schema: {
      summary:
        'Draft consultations of the dialogue, newest first (drafts not yet opened: the secretariat only)',
      params: SlugParams,
      response: { 200: ConsultationList },
    },
    handler: (req) => listConsultations(req.ctx, req.params.slug),
  });

  api.post('/', consultationsPolicy.manage, {
    schema: {
      summary:
        "Publish a draft for consultation (title, text, deadline, whether delegations see each other's comments, classification): Passage splits it into headings and numbered paragraphs; it stays a draft until opened",
      params: SlugParams,
      body: ConsultationCreateBody,
      response: { 201: ConsultationView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createConsultation(req.ctx, req.params.slug, req.body)),
  });

  api.get('/:id', consultationsPolicy.read, {
    schema: {
      summary:
        'One consultation: the current version split into blocks, the comments you may see, what you may do',
      params: ConsultationParams,
      response: { 200: ConsultationView },
    },
    handler: (req) => getConsultation(req.ctx, req.params.slug, req.params.id),
  });

  api.patch('/:id', consultationsPolicy.manage, {
    schema: {
      summary:
        "Change the deadline or whether delegations see each other's comments (expectedRevision guards against lost updates)",
      params: ConsultationParams,
      body: SettingsBody,
      response: { 200: ConsultationView },
    },
    handler: (req) => changeSettings(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.put('/:id/split', consultationsPolicy.manage, {
    schema: {
      summary:
        'Correct the split of a draft not yet opened (a new split revision); refused when the blocks do not join back to the text',
      params: ConsultationParams,
      body: SplitBody,
      response: { 200: ConsultationView },
    },
    handler: (req) => correctSplit(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/open', consultationsPolicy.manage, {
    schema: {
      summary: 'Open the consultation: delegations comment until the deadline',
      params: ConsultationParams,
      response: { 200: ConsultationView },
    },
    handler: (req) => openConsultation(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/:id/comments', consultationsPolicy.comment, {
    schema: {
      summary:
        'Comment on a paragraph for your delegation: a proposed wording, a comment, support or objection (until the deadline)',
      params: ConsultationParams,
      body: CommentBody,
      response: { 200: ConsultationView },
    },
    handler: (req) => commentOnParagraph(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.patch('/:id/comments/:commentId', consultationsPolicy.comment, {
    schema: {
      summary: "Edit your delegation's comment (a new revision; until the deadline)",
      params: ConsultationCommentParams,
      body: CommentEditBody,
      response: { 200: ConsultationView },
    },
    handler: (req) => editComment(req.ctx, req.params.slug, req.params.id, req.params.commentId, req.body),
  });

  api.post('/:id/comments/:commentId/response', consultationsPolicy.manage, {
    schema: {
      summary: "The secretariat's response to a comment: accepted, partly or not accepted, with a reason",
      params: ConsultationCommentParams,
      body: ResponseBody,
      response: { 200: ConsultationView },
    },
    handler: (req) =>
      respondToComment(req.ctx, req.params.slug, req.params.id, req.params.commentId, req.body),
  });

  api.get('/:id/matrix', consultationsPolicy.read, {
    schema: {
      summary:
        'The consolidated comment matrix of a version (the current by default): paragraph × delegation',
      params: ConsultationParams,
      querystring: VersionQuery,
      response: { 200: MatrixView },
    },
    handler: (req) => getMatrix(req.ctx, req.params.slug, req.params.id, req.query),
  });

  api.get('/:id/matrix.xlsx', consultationsPolicy.read, {
    schema: {
      summary: 'The comment matrix of the current version as XLSX (sheets "matrix" and "comments")',
      params: ConsultationParams,
      querystring: ExportQuery,
    },
    handler: async (req, reply) =>
      download(reply, await matrixXlsx(req.ctx, req.params.slug, req.params.id, req.query.lang)),
  });

  api.get('/:id/matrix.docx', consultationsPolicy.read, {
    schema: {
      summary:
        'The comment matrix of the current version as DOCX (one row per comment, grouped by paragraph)',
      params: ConsultationParams,
      querystring: ExportQuery,
    },
    handler: async (req, reply) =>
      download(reply, await matrixDocx(req.ctx, req.params.slug, req.params.id, req.query.lang)),
  });

  api.get('/:id/matrix.pdf', consultationsPolicy.read, {
    schema: {
      summary: 'The comment matrix of the current version as PDF (the DOCX table, printed A4)',
      params: ConsultationParams,
      querystring: ExportQuery,
    },
    handler: async (req, reply) =>
      download(reply, await matrixPdf(req.ctx, req.params.slug, req.params.id, req.query.lang)),
  });

  api.get('/:id/summary', consultationsPolicy.read, {
    schema: {
      summary:
        'The summary of comments on a version: the newest saved revision, else generated from the comments (revision 0)',
      params: ConsultationParams,
      querystring: VersionQuery,
      response: { 200: SummaryView },
    },
    handler: (req) => getSummary(req.ctx, req.params.slug, req.params.id, req.query),
  });

  api.put('/:id/summary', consultationsPolicy.manage, {
    schema: {
      summary:
        "The secretariat's edit of the summary (a new revision; each point keeps the comments it cites)",
      params: ConsultationParams,
      body: SummaryBody,
      response: { 200: SummaryView },
    },
    handler: (req) => saveSummary(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/summary/generate', consultationsPolicy.manage, {
    schema: {
      summary: 'Generate the summary again from the comments, saved as a new revision',
      params: ConsultationParams,
      response: { 200: SummaryView },
    },
    handler: (req) => regenerateSummary(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/:id/summary.docx', consultationsPolicy.read, {
    schema: {
      summary: 'The summary of comments on the current version as DOCX',
      params: ConsultationParams,
      querystring: ExportQuery,
    },
    handler: async (req, reply) =>
      download(reply, await summaryDocx(req.ctx, req.params.slug, req.params.id, req.query.lang)),
  });

  api.post('/:id/versions', consultationsPolicy.manage, {
    schema: {
      summary: 'Publish a revised draft as a new version (optionally with a new deadline)',
      params: ConsultationParams,
      body: VersionBody,
      response: { 200: ConsultationView },
    },
    handler: (req) => publishVersion(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.get('/:id/compare', consultationsPolicy.read, {
    schema: {
      summary:
        'Two versions side by side (from, to: the previous and the current by default) and how each comment was treated',
      params: ConsultationParams,
      querystring: CompareQuery,
      response: { 200: CompareView },
    },
    handler: (req) => compareConsultationVersions(req.ctx, req.params.slug, req.params.id, req.query),
  });
};
