import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../shared/errors';
import {
  type Download,
  downloadTemplate,
  exportObservations,
  exportSdmxStructure,
  readObservations,
} from '../observations/observations.export';
import { FileTooLarge, importObservations, maxImportBytes } from '../observations/observations.import';
import {
  DecisionBody,
  DiffQuery,
  DiffView,
  FigureEditBody,
  FigureQuery,
  FigureRemoveBody,
  FindingView,
  type ImportFormat,
  ImportQuery,
  ImportResultView,
  ObservationQuery,
  ObservationView,
  ReturnBody,
  RuleCreateBody,
  RuleList,
  RuleParams,
  RuleUpdateBody,
  RuleView,
  SlugParams,
  SubmissionCreateBody,
  SubmissionDetail,
  SubmissionListQuery,
  SubmissionParams,
  SubmissionView,
  SubmitBody,
  TemplateParams,
  TemplateQuery,
} from './submissions.schema';
import {
  checkSubmission,
  createRule,
  createSubmission,
  diffSubmission,
  editFigure,
  figureHistory,
  getSubmission,
  listRules,
  listSubmissionObservations,
  listSubmissions,
  publishSubmission,
  removeFigure,
  returnSubmission,
  submitSubmission,
  updateRule,
  validateSubmission,
} from './submissions.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.sdmx.data+csv',
  XLSX_TYPE,
  'application/vnd.ms-excel',
  'application/vnd.ms-excel.sheet.macroenabled.12',
  'application/octet-stream',
];

function formatOf(contentType: string | undefined, fileName: string | undefined): ImportFormat {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith(XLSX_TYPE) || ct.includes('ms-excel') || /\.xls[xmb]?$/i.test(fileName ?? ''))
    return 'xlsx';
  if (ct.includes('sdmx')) return 'sdmx-csv';
  return 'csv';
}

function sendDownload(reply: FastifyReply, d: Download) {
  return reply
    .type(d.contentType)
    .header('content-disposition', `attachment; filename="${d.fileName}"`)
    .send(d.body);
}

const tags = ['exchange'];

/** Statistics exchange of a dialogue: mounted at /api/dialogues/:slug. */
export const exchangeRoutes: FastifyPluginAsyncZod = async (app) => {
  // File uploads arrive as the raw request body and are streamed to the importer (no buffering).
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Upload a CSV, SDMX-CSV or XLSX file of observations into a new draft submission',
        description:
          'Send the file as the request body (Content-Type text/csv, application/vnd.sdmx.data+csv or the XLSX type). ' +
          'All or nothing: any bad row rejects the whole file with every error (file, sheet, row, column, field).',
        params: SlugParams,
        querystring: ImportQuery,
        response: { 201: ImportResultView },
      },
      config: { access: 'user' },
    },
    async (req, reply) => {
      const limit = maxImportBytes();
      const stream = req.body as Readable | undefined;
      if (!stream || typeof (stream as Readable).pipe !== 'function') {
        throw new Invalid([
          {
            field: 'body',
            message: `send the file as the request body with Content-Type ${UPLOAD_TYPES[0]} or ${XLSX_TYPE}`,
          },
        ]);
      }
      if (Number(req.headers['content-length'] ?? 0) > limit) {
        stream.resume();
        throw new FileTooLarge(limit);
      }
      const result = await importObservations(req.ctx, {
        slug: req.params.slug,
        format: req.query.format ?? formatOf(req.headers['content-type'], req.query.fileName),
        stream,
        fileName: req.query.fileName,
        reporter: req.query.reporter,
        maxBytes: limit,
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/submissions',
    {
      schema: {
        tags,
        summary: "Submissions the caller may see (own state's, or all for the secretariat)",
        params: SlugParams,
        querystring: SubmissionListQuery,
        response: { 200: z.array(SubmissionView) },
      },
      config: { access: 'user' },
    },
    (req) => listSubmissions(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/submissions',
    {
      schema: {
        tags,
        summary: 'Create a draft submission, empty or with observations as JSON',
        params: SlugParams,
        body: SubmissionCreateBody,
        response: { 201: SubmissionDetail },
      },
      config: { access: 'user' },
    },
    async (req, reply) => reply.code(201).send(await createSubmission(req.ctx, req.params.slug, req.body)),
  );

  app.get(
    '/submissions/:id',
    {
      schema: {
        tags,
        summary: 'A submission with its comments and findings',
        params: SubmissionParams,
        response: { 200: SubmissionDetail },
      },
      config: { access: 'user' },
    },
    (req) => getSubmission(req.ctx, req.params.slug, req.params.id),
  );

  app.get(
    '/submissions/:id/observations',
    {
      schema: {
        tags,
        summary: "A submission's current figures",
        params: SubmissionParams,
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(10_000).default(1000),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: z.array(ObservationView) },
      },
      config: { access: 'user' },
    },
    (req) => listSubmissionObservations(req.ctx, req.params.slug, req.params.id, req.query),
  );

  app.get(
    '/submissions/:id/findings',
    {
      schema: {
        tags,
        summary:
          'Run the validation rules on the submission now (errors block submitting; warnings need a comment)',
        params: SubmissionParams,
        response: { 200: z.array(FindingView) },
      },
      config: { access: 'user' },
    },
    (req) => checkSubmission(req.ctx, req.params.slug, req.params.id),
  );

  app.get(
    '/submissions/:id/diff',
    {
      schema: {
        tags,
        summary: 'Each figure against the current published value and the same month last year',
        params: SubmissionParams,
        querystring: DiffQuery,
        response: { 200: DiffView },
      },
      config: { access: 'user' },
    },
    (req) =>
      diffSubmission(req.ctx, req.params.slug, req.params.id, {
        onlyChanged: req.query.onlyChanged === 'true',
        limit: req.query.limit,
        offset: req.query.offset,
      }),
  );

  app.put(
    '/submissions/:id/figures',
    {
      schema: {
        tags,
        summary:
          'Set one figure of a draft or returned submission (optimistic concurrency: expectedRevision)',
        description:
          'If the figure changed since the caller read it, 409 CONFLICT with the current version in `current`.',
        params: SubmissionParams,
        body: FigureEditBody,
        response: { 200: ObservationView },
      },
      config: { access: 'user' },
    },
    (req) => editFigure(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.delete(
    '/submissions/:id/figures',
    {
      schema: {
        tags,
        summary:
          'Take one figure out of a draft or returned submission (optimistic concurrency: expectedRevision)',
        description:
          'The pending revision is kept in the figure history as superseded. 409 CONFLICT if the figure changed since the caller read it.',
        params: SubmissionParams,
        body: FigureRemoveBody,
        response: {
          200: z.object({ removed: z.literal(true), observationCount: z.number(), nextRevision: z.number() }),
        },
      },
      config: { access: 'user' },
    },
    (req) => removeFigure(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.post(
    '/submissions/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit for review: rules run; errors block, each warning needs a comment (warningComments)',
        params: SubmissionParams,
        body: SubmitBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: 'user' },
    },
    (req) => submitSubmission(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.post(
    '/submissions/:id/validate',
    {
      schema: {
        tags,
        summary: 'Validate a submitted submission (data manager)',
        params: SubmissionParams,
        body: DecisionBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: 'user' },
    },
    (req) => validateSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  );

  app.post(
    '/submissions/:id/return',
    {
      schema: {
        tags,
        summary: 'Return a submission to its reporter with a comment (data manager)',
        params: SubmissionParams,
        body: ReturnBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: 'user' },
    },
    (req) => returnSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  );

  app.post(
    '/submissions/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish a validated submission: its figures become the current published revisions (data manager)',
        params: SubmissionParams,
        body: DecisionBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: 'user' },
    },
    (req) => publishSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  );

  app.get(
    '/observations',
    {
      schema: {
        tags,
        summary:
          'Published observations, current or as published on a date (asOf); JSON, CSV, XLSX or SDMX-CSV',
        params: SlugParams,
        querystring: ObservationQuery,
        response: { 200: z.array(ObservationView) },
      },
      config: { access: 'public' },
    },
    async (req, reply) => {
      const q = req.query as ObservationQuery;
      if (q.format === 'json') return readObservations(req.ctx, req.params.slug, q);
      return sendDownload(reply, await exportObservations(req.ctx, req.params.slug, q, q.format));
    },
  );

  app.get(
    '/figures/history',
    {
      schema: {
        tags,
        summary: 'Every revision of one figure: value, who, when, why',
        params: SlugParams,
        querystring: FigureQuery,
        response: { 200: z.array(ObservationView) },
      },
      config: { access: 'public' },
    },
    (req) => figureHistory(req.ctx, req.params.slug, req.query as FigureQuery),
  );

  app.get(
    '/sdmx/structure',
    {
      schema: {
        tags,
        summary:
          'SDMX structure of the observations: data structure definition (DSD), dataflow and codelists',
        description:
          'format=sdmx-ml (default): SDMX-ML 2.1 structure message (XML); format=sdmx-json: SDMX-JSON 1.0 structure message. ' +
          'The dataflow is the one named by the SDMX-CSV exports; indicators and routes are those the caller may see.',
        params: SlugParams,
        querystring: z.object({ format: z.enum(['sdmx-ml', 'sdmx-json']).default('sdmx-ml') }),
      },
      config: { access: 'public' },
    },
    async (req, reply) =>
      sendDownload(reply, await exportSdmxStructure(req.ctx, req.params.slug, req.query.format)),
  );

  app.get(
    '/templates/:indicator',
    {
      schema: {
        tags,
        summary: 'Import template (CSV or XLSX) for an indicator and reporter',
        params: TemplateParams,
        querystring: TemplateQuery,
      },
      config: { access: 'user' },
    },
    async (req, reply) =>
      sendDownload(reply, await downloadTemplate(req.ctx, req.params.slug, req.params.indicator, req.query)),
  );

  app.get(
    '/rules',
    {
      schema: {
        tags,
        summary: 'Validation rules of the dialogue (and the built-in defaults)',
        params: SlugParams,
        response: { 200: RuleList },
      },
      config: { access: 'user' },
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
      config: { access: 'user' },
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
      config: { access: 'user' },
    },
    (req) => updateRule(req.ctx, req.params.slug, req.params.id, req.body),
  );
};
