/**
 * Attachments of notices and the dialogue's inbound e-mail address, under /api/dialogues/:slug/notices. HTTP
 * only (notices.attachments.ts, notices.inbound.ts). A file is sent as the raw request body (its name and the
 * notice's expected revision in the query string), read up to PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES; a download
 * carries the original name and the type found from its bytes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { maxAttachmentBytes } from '../../domain/notices/attachment-format';
import { sendFile } from '../../shared/file-reply';
import { readBoundedBody } from '../../shared/raw-body';
import { routesOf } from '../../shared/routes';
import {
  addNoticeAttachment,
  attachmentTooLarge,
  downloadNoticeAttachment,
  listNoticeAttachments,
} from './notices.attachments';
import {
  AttachmentParams,
  AttachmentUploadQuery,
  InboundAddressView,
  NoticeAttachmentList,
} from './notices.attachments.schema';
import { getInboundAddress } from './notices.inbound';
import { noticesPolicy } from './notices.policy';
import { NoticeParams, SlugParams } from './notices.schema';

const tags = ['notices'];

export const noticeAttachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The file arrives as the raw request body, whatever type the client names; readBoundedBody bounds it and
  // the service finds the type from the bytes.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  const api = routesOf(app, tags);

  api.get('/inbound-address', noticesPolicy.create, {
    schema: {
      summary:
        'The e-mail address of this dialogue: a message from you to it becomes a draft notice (null when the installation receives no e-mail)',
      params: SlugParams,
      response: { 200: InboundAddressView },
    },
    handler: (req) => getInboundAddress(req.ctx, req.params.slug),
  });

  api.get('/:id/attachments', noticesPolicy.read, {
    schema: {
      summary: "A notice's attachments (whoever sees the notice), and whether you may add one",
      params: NoticeParams,
      response: { 200: NoticeAttachmentList },
    },
    handler: (req) => listNoticeAttachments(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/:id/attachments', noticesPolicy.change, {
    schema: {
      summary:
        'Attach a file (PDF, DOCX, PNG or JPEG as the request body; fileName and expectedRevision in the query): a new revision of the notice (the notifying side)',
      params: NoticeParams,
      querystring: AttachmentUploadQuery,
      response: { 201: NoticeAttachmentList },
    },
    handler: async (req, reply) => {
      const limit = maxAttachmentBytes();
      const bytes = await readBoundedBody(req.body, req.headers['content-length'], limit, () =>
        attachmentTooLarge(req.query.fileName, limit),
      );
      return reply
        .code(201)
        .send(await addNoticeAttachment(req.ctx, req.params.slug, req.params.id, req.query, bytes));
    },
  });

  api.get('/:id/attachments/:attachmentId', noticesPolicy.read, {
    schema: {
      summary: 'Download an attachment with its original file name (whoever sees the notice)',
      params: AttachmentParams,
    },
    handler: async (req, reply) => {
      const f = await downloadNoticeAttachment(
        req.ctx,
        req.params.slug,
        req.params.id,
        req.params.attachmentId,
      );
      return sendFile(reply, f);
    },
  });
};
