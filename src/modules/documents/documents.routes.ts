/**
 * The document library of a dialogue, under /api/dialogues/:slug/documents. HTTP only
 * (documents.service.ts). A file is sent as the raw request body (its metadata in the query string), read
 * up to PASSAGE_DOCUMENT_MAX_BYTES; a download carries the original name and content type.
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CONTENT_TYPES } from '../../domain/documents/file-format';
import { AppError, Invalid } from '../../shared/errors';
import { sendFile } from '../../shared/file-reply';
import { documentsPolicy } from './documents.policy';
import {
  DocumentList,
  DocumentListQuery,
  DocumentParams,
  DocumentUploadQuery,
  DocumentView,
  FileQuery,
  RevisionUploadQuery,
  SlugParams,
} from './documents.schema';
import {
  addDocumentVersion,
  downloadDocument,
  getDocument,
  listLibrary,
  maxDocumentBytes,
  uploadDocument,
} from './documents.service';

const UPLOAD_TYPES = [
  ...new Set([...Object.values(CONTENT_TYPES), 'text/plain', 'application/octet-stream']),
];

function tooLarge(limit: number): AppError {
  return new AppError('FILE_TOO_LARGE', 413, `The file is larger than the upload limit of ${limit} bytes`, {
    limitBytes: limit,
  });
}

/** The whole body, refused past the limit (by Content-Length first, then by counting). */
async function readBody(body: unknown, contentLength: string | undefined): Promise<Buffer> {
  const stream = body as Readable | undefined;
  if (!stream || typeof stream.pipe !== 'function')
    throw new Invalid([
      {
        field: 'body',
        message: `send the file as the request body with its Content-Type (${CONTENT_TYPES.pdf}, … or application/octet-stream)`,
      },
    ]);
  const limit = maxDocumentBytes();
  if (Number(contentLength ?? 0) > limit) {
    stream.resume();
    throw tooLarge(limit);
  }
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) {
      stream.resume();
      throw tooLarge(limit);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

const tags = ['documents'];

export const documentsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The file arrives as the raw request body; readBody bounds it.
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'The library of the dialogue: declarations, reports, meeting documents … you may read',
        params: SlugParams,
        querystring: DocumentListQuery,
        response: { 200: DocumentList },
      },
      config: { access: documentsPolicy.read },
    },
    (req) => listLibrary(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary:
          'Upload a document (PDF, DOCX, XLSX, ODT or plain text as the request body; title, kind, language, date, classification in the query): its text is extracted for search',
        params: SlugParams,
        querystring: DocumentUploadQuery,
        response: { 201: DocumentView },
      },
      config: { access: documentsPolicy.upload },
    },
    async (req, reply) => {
      const bytes = await readBody(req.body, req.headers['content-length']);
      return reply.code(201).send(await uploadDocument(req.ctx, req.params.slug, req.query, bytes));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One document: its versions, its language versions and the start of its text',
        params: DocumentParams,
        response: { 200: DocumentView },
      },
      config: { access: documentsPolicy.read },
    },
    (req) => getDocument(req.ctx, req.params.slug, req.params.id),
  );

  app.post(
    '/:id/revisions',
    {
      schema: {
        tags,
        summary: 'Upload a new version of a document (the earlier versions are kept)',
        params: DocumentParams,
        querystring: RevisionUploadQuery,
        response: { 201: DocumentView },
      },
      config: { access: documentsPolicy.upload },
    },
    async (req, reply) => {
      const bytes = await readBody(req.body, req.headers['content-length']);
      return reply
        .code(201)
        .send(await addDocumentVersion(req.ctx, req.params.slug, req.params.id, req.query, bytes));
    },
  );

  app.get(
    '/:id/file',
    {
      schema: {
        tags,
        summary: 'Download the current version of a document (or ?revision=n) with its original file name',
        params: DocumentParams,
        querystring: FileQuery,
      },
      config: { access: documentsPolicy.read },
    },
    async (req, reply) => {
      const f = await downloadDocument(req.ctx, req.params.slug, req.params.id, req.query.revision);
      return sendFile(reply, f);
    },
  );
};
