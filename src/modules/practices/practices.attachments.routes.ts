/**
 * Files of best practices, under /api/dialogues/:slug/practices. HTTP only (practices.attachments.ts). A file
 * is sent as the raw request body (its name and the practice's expected revision in the query string), read up
 * to PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES; a download carries the original name and the type found from its bytes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { maxAttachmentBytes } from '../../domain/notices/attachment-format';
import { sendFile } from '../../shared/file-reply';
import { readBoundedBody } from '../../shared/raw-body';
import { routesOf } from '../../shared/routes';
import { attachmentTooLarge } from '../notices/notices.attachments';
import { addPracticeFile, downloadPracticeFile, listPracticeFiles } from './practices.attachments';
import { practicesPolicy } from './practices.policy';
import {
  PracticeAttachmentList,
  PracticeAttachmentParams,
  PracticeAttachmentUploadQuery,
  PracticeParams,
} from './practices.schema';

const tags = ['practices'];

export const practiceAttachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The file arrives as the raw request body, whatever type the client names; readBoundedBody bounds it and
  // the service finds the type from the bytes.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  const api = routesOf(app, tags);

  api.get('/:id/attachments', practicesPolicy.read, {
    schema: {
      summary: "A practice's files (whoever sees the practice), and whether you may add one",
      params: PracticeParams,
      response: { 200: PracticeAttachmentList },
    },
    handler: (req) => listPracticeFiles(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/:id/attachments', practicesPolicy.write, {
    schema: {
      summary:
        'Attach a file (PDF, DOCX, PNG or JPEG as the request body; fileName and expectedRevision in the query): a new revision of the practice',
      params: PracticeParams,
      querystring: PracticeAttachmentUploadQuery,
      response: { 201: PracticeAttachmentList },
    },
    handler: async (req, reply) => {
      const limit = maxAttachmentBytes();
      const bytes = await readBoundedBody(req.body, req.headers['content-length'], limit, () =>
        attachmentTooLarge(req.query.fileName, limit),
      );
      return reply
        .code(201)
        .send(await addPracticeFile(req.ctx, req.params.slug, req.params.id, req.query, bytes));
    },
  });

  api.get('/:id/attachments/:attachmentId', practicesPolicy.read, {
    schema: {
      summary: 'Download a file of a practice with its original name (whoever sees the practice)',
      params: PracticeAttachmentParams,
    },
    handler: async (req, reply) => {
      const f = await downloadPracticeFile(req.ctx, req.params.slug, req.params.id, req.params.attachmentId);
      return sendFile(reply, f);
    },
  });
};
