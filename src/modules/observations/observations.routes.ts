/**
 * Figures of a dialogue, mounted at /api/dialogues/:slug: file imports into a new draft submission, published
 * observations (current or as of a date; JSON or a download), the history of one figure, the SDMX structure and
 * import templates. HTTP only: the use cases are in observations.import.ts, .export.ts and .service.ts.
 */
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../shared/errors';
import { routesOf } from '../../shared/routes';
import {
  type Download,
  downloadTemplate,
  exportObservations,
  exportSdmxStructure,
  readObservations,
} from './observations.export';
import { listSubmissionGrants, setSubmissionGrant } from './observations.grants';
import { FileTooLarge, maxImportBytes } from './observations.import';
import { observationsPolicy } from './observations.policy';
import { importUpload } from './observations.saved-mapping';
import {
  FigureQuery,
  type ImportFormat,
  ImportQuery,
  ImportResultView,
  ObservationQuery,
  ObservationView,
  SdmxStructureQuery,
  SlugParams,
  SubmissionGrantBody,
  SubmissionGrantList,
  SubmissionGrantParams,
  SubmissionGrantView,
  TemplateParams,
  TemplateQuery,
} from './observations.schema';
import { figureHistory } from './observations.service';

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

const tags = ['observations'];

/** Observations of a dialogue: mounted at /api/dialogues/:slug. */
export const observationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  // File uploads arrive as the raw request body and are streamed to the importer (no buffering).
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  api.post('/imports', observationsPolicy.import, {
    schema: {
      summary: 'Upload a CSV, SDMX-CSV or XLSX file of observations into a new draft submission',
      description:
        'Send the file as the request body (Content-Type text/csv, application/vnd.sdmx.data+csv or the XLSX type). ' +
        'All or nothing: any bad row rejects the whole file with every error (file, sheet, row, column, field). ' +
        'A CSV, XLSX or SDMX-CSV whose header is not the template (for SDMX-CSV: not Passage’s structure) but fits ' +
        'an import mapping saved for the dialogue (the caller’s state’s first, then the dialogue’s) goes through ' +
        'that mapping: the answer names it (`mapping`) and lists one draft submission per reporter (`submissions`).',
      params: SlugParams,
      querystring: ImportQuery,
      response: { 201: ImportResultView },
    },
    handler: async (req, reply) => {
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
      const result = await importUpload(req.ctx, {
        slug: req.params.slug,
        format: req.query.format ?? formatOf(req.headers['content-type'], req.query.fileName),
        stream,
        fileName: req.query.fileName,
        reporter: req.query.reporter,
        maxBytes: limit,
      });
      return reply.code(201).send(result);
    },
  });

  api.get('/observations', observationsPolicy.read, {
    schema: {
      summary:
        'Published observations, current or as published on a date (asOf); JSON, CSV, XLSX or SDMX-CSV',
      params: SlugParams,
      querystring: ObservationQuery,
      response: { 200: z.array(ObservationView) },
    },
    handler: async (req, reply) => {
      const q = req.query as ObservationQuery;
      if (q.format === 'json') return readObservations(req.ctx, req.params.slug, q);
      return sendDownload(reply, await exportObservations(req.ctx, req.params.slug, q, q.format));
    },
  });

  api.get('/figures/history', observationsPolicy.history, {
    schema: {
      summary: 'Every revision of one figure: value, who, when, why',
      params: SlugParams,
      querystring: FigureQuery,
      response: { 200: z.array(ObservationView) },
    },
    handler: (req) => figureHistory(req.ctx, req.params.slug, req.query as FigureQuery),
  });

  api.get('/sdmx/structure', observationsPolicy.read, {
    schema: {
      summary: 'SDMX structure of the observations: data structure definition (DSD), dataflow and codelists',
      description:
        'format=sdmx-ml (default): SDMX-ML 2.1 structure message (XML); format=sdmx-json: SDMX-JSON 1.0 structure message. ' +
        'The dataflow is the one named by the SDMX-CSV exports; indicators and routes are those the caller may see.',
      params: SlugParams,
      querystring: SdmxStructureQuery,
    },
    handler: async (req, reply) =>
      sendDownload(reply, await exportSdmxStructure(req.ctx, req.params.slug, req.query.format)),
  });

  api.get('/submission-grants', observationsPolicy.grants, {
    schema: {
      summary: 'Observer organisations allowed to submit figures on behalf of member states, and for which',
      params: SlugParams,
      response: { 200: SubmissionGrantList },
    },
    handler: (req) => listSubmissionGrants(req.ctx, req.params.slug),
  });

  api.put('/submission-grants/:orgId', observationsPolicy.grants, {
    schema: {
      summary:
        'Set the member states an observer organisation may submit figures for (an empty list ends it)',
      description:
        'Its data providers then import, fill and submit those states’ drafts as the states’ own providers do, ' +
        'one file with several of those states too. The organisation must be an observer organisation of the dialogue.',
      params: SubmissionGrantParams,
      body: SubmissionGrantBody,
      response: { 200: SubmissionGrantView },
    },
    handler: (req) => setSubmissionGrant(req.ctx, req.params.slug, req.params.orgId, req.body.reporters),
  });

  api.get('/templates/:indicator', observationsPolicy.template, {
    schema: {
      summary: 'Import template (CSV or XLSX) for an indicator and reporter',
      params: TemplateParams,
      querystring: TemplateQuery,
    },
    handler: async (req, reply) =>
      sendDownload(reply, await downloadTemplate(req.ctx, req.params.slug, req.params.indicator, req.query)),
  });
};
