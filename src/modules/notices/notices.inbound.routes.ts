/**
 * POST /api/inbound-mail: a mail relay forwards one raw RFC 822 message addressed to a dialogue's notices
 * address (notices+<slug>@<domain>). The credential is the shared secret PASSAGE_INBOUND_MAIL_SECRET in the
 * `X-Passage-Inbound-Secret` header, not a user (API tokens are refused: the relay acts for no one). HTTP only
 * (notices.inbound.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readInboundMailConfig } from '../../domain/notices/inbound-mail';
import { AppError } from '../../shared/errors';
import { readBoundedBody } from '../../shared/raw-body';
import { routesOf } from '../../shared/routes';
import { InboundMailQuery, InboundMailResult } from './notices.attachments.schema';
import { checkRelaySecret, receiveRelayedMail } from './notices.inbound';
import { noticesPolicy } from './notices.policy';

export const inboundMailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  const api = routesOf(app, ['notices']);

  api.post('/', noticesPolicy.inboundMail, {
    schema: {
      summary:
        'A relay forwards a raw e-mail (message/rfc822) to a dialogue address: from a member allowed to post, it becomes their draft notice (secret in X-Passage-Inbound-Secret)',
      querystring: InboundMailQuery,
      response: { 201: InboundMailResult, 200: InboundMailResult },
    },
    handler: async (req, reply) => {
      const config = readInboundMailConfig();
      const given = req.headers['x-passage-inbound-secret'];
      const secret = Array.isArray(given) ? given[0] : given;
      checkRelaySecret(secret, config); // before reading the body: no secret, no upload
      const raw = await readBoundedBody(
        req.body,
        req.headers['content-length'],
        config.maxBytes,
        () =>
          new AppError(
            'FILE_TOO_LARGE',
            413,
            `The message is larger than ${config.maxBytes} bytes (PASSAGE_INBOUND_MAIL_MAX_BYTES)`,
            { limitBytes: config.maxBytes },
          ),
      );
      const r = await receiveRelayedMail(req.ctx, secret, req.query, raw, config);
      return reply.code(r.outcome === 'draft' ? 201 : 200).send(r);
    },
  });
};
