/**
 * Sending an SDMX answer, for the 2.1 and the 3.0 routes alike (HTTP only): ETag with 304 on If-None-Match,
 * Vary, Cache-Control (public for anonymous callers, private otherwise) and, for data, Last-Modified.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SdmxResponse } from './sdmx.service';

export function sendSdmx(req: FastifyRequest, reply: FastifyReply, r: SdmxResponse) {
  reply
    .header('etag', r.etag)
    .header('vary', 'Accept, Authorization, Cookie')
    .header('cache-control', r.isPublic ? 'public, max-age=300' : 'private, no-cache');
  if (r.lastModified) reply.header('last-modified', r.lastModified.toUTCString());
  const match = req.headers['if-none-match'];
  if (match?.split(',').some((t) => t.trim() === r.etag || t.trim() === `W/${r.etag}`))
    return reply.code(304).send();
  return reply.type(r.contentType).send(r.body);
}
