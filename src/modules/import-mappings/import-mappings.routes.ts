/**
 * Import mappings, under /api/dialogues/:slug/import-mappings: the saved mappings, the mapping step's
 * proposal for an uploaded file, and imports (or dry runs) through a saved mapping. HTTP only
 * (import-mappings.service.ts).
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Invalid } from '../../shared/errors';
import { routesOf } from '../../shared/routes';
import { FileTooLarge, maxImportBytes } from '../observations/observations.import';
import { importMappingsPolicy } from './import-mappings.policy';
import {
  MappedImportQuery,
  MappedImportView,
  MappingDetail,
  MappingList,
  MappingParams,
  MappingView,
  ProposalView,
  ProposeQuery,
  SaveMappingBody,
  SlugParams,
} from './import-mappings.schema';
import {
  getImportMapping,
  importThroughMapping,
  listImportMappings,
  proposeImportMapping,
  saveImportMapping,
} from './import-mappings.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.sdmx.data+csv',
  XLSX_TYPE,
  'application/octet-stream',
];

function formatOf(
  contentType: string | undefined,
  fileName: string | undefined,
): 'csv' | 'sdmx-csv' | 'xlsx' {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith(XLSX_TYPE) || /\.xlsx$/i.test(fileName ?? '')) return 'xlsx';
  if (ct.includes('sdmx')) return 'sdmx-csv';
  return 'csv';
}

/** The request body as the uploaded file's stream, within the upload limit. */
function uploadOf(body: unknown, contentLength: string | undefined): Readable {
  const limit = maxImportBytes();
  const stream = body as Readable | undefined; // the content-type parser below hands the raw request stream over
  if (!stream || typeof stream.pipe !== 'function')
    throw new Invalid([
      {
        field: 'body',
        message: `send the file as the request body with Content-Type ${UPLOAD_TYPES[0]} or ${XLSX_TYPE}`,
      },
    ]);
  if (Number(contentLength ?? 0) > limit) {
    stream.resume();
    throw new FileTooLarge(limit);
  }
  return stream;
}

const tags = ['import-mappings'];

export const importMappingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  api.get('/', importMappingsPolicy.read, {
    schema: {
      summary: 'The saved import mappings you may use (for the dialogue, or for your state)',
      params: SlugParams,
      response: { 200: MappingList },
    },
    handler: (req) => listImportMappings(req.ctx, req.params.slug),
  });

  api.post('/propose', importMappingsPolicy.read, {
    schema: {
      summary:
        'The mapping step: upload a file (CSV, SDMX-CSV, XLSX) and get a proposed mapping of its columns, the labels to confirm and a preview; nothing is written',
      params: SlugParams,
      querystring: ProposeQuery,
      response: { 200: ProposalView },
    },
    handler: (req) =>
      proposeImportMapping(req.ctx, req.params.slug, {
        format: req.query.format ?? formatOf(req.headers['content-type'], req.query.fileName),
        stream: uploadOf(req.body, req.headers['content-length']),
        fileName: req.query.fileName,
        maxBytes: maxImportBytes(),
      }),
  });

  api.get('/:name', importMappingsPolicy.read, {
    schema: {
      summary: 'One saved import mapping with every revision',
      params: MappingParams,
      response: { 200: MappingDetail },
    },
    handler: (req) => getImportMapping(req.ctx, req.params.slug, req.params.name),
  });

  api.put('/:name', importMappingsPolicy.use, {
    schema: {
      summary: 'Save an import mapping under a name (a new one, or a new revision of the one by that name)',
      params: MappingParams,
      body: SaveMappingBody,
      response: { 200: MappingView, 201: MappingView },
    },
    handler: async (req, reply) => {
      const r = await saveImportMapping(req.ctx, req.params.slug, req.params.name, req.body);
      return reply.code(r.created ? 201 : 200).send(r.view);
    },
  });

  api.post('/:name/imports', importMappingsPolicy.use, {
    schema: {
      summary:
        'Import a file through a saved mapping: one draft submission per reporter, all or nothing (dryRun=true: check only, with a preview)',
      description:
        'Send the file as the request body. A file with several reporters is for the secretariat; historical=true (secretariat) loads past years outside the reporting calendar.',
      params: MappingParams,
      querystring: MappedImportQuery,
      response: { 200: MappedImportView, 201: MappedImportView },
    },
    handler: async (req, reply) => {
      const r = await importThroughMapping(req.ctx, req.params.slug, req.params.name, {
        format: req.query.format ?? formatOf(req.headers['content-type'], req.query.fileName),
        stream: uploadOf(req.body, req.headers['content-length']),
        fileName: req.query.fileName,
        reporter: req.query.reporter,
        dryRun: req.query.dryRun,
        historical: req.query.historical,
        maxBytes: maxImportBytes(),
      });
      return reply.code(r.dryRun ? 200 : 201).send(r);
    },
  });
};
