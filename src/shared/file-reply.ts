import type { FastifyReply } from 'fastify';

/** A stored file to send: its type (found from its bytes when stored), its Content-Disposition, its bytes. */
export interface FileDownload {
  contentType: string;
  disposition: string;
  body: Buffer;
}

/**
 * Sends a stored file (a library document, a notice's or a practice's attachment) with its type, its original
 * name, and nosniff so that a browser never reads it as another type than the one found from its bytes.
 */
export function sendFile(reply: FastifyReply, f: FileDownload): FastifyReply {
  return reply
    .type(f.contentType)
    .header('content-disposition', f.disposition)
    .header('x-content-type-options', 'nosniff')
    .send(f.body);
}
