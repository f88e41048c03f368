/**
 * The whole raw body of a request whose content-type parser passed the stream on (uploads, relayed e-mail),
 * refused past a limit: by Content-Length first, then by counting. Refused early, the rest of the body is left
 * to the drain hook (src/server/plugins/drain-request.ts).
 */
import type { Readable } from 'node:stream';
import { Invalid } from './errors';

export async function readBoundedBody(
  body: unknown,
  contentLength: string | undefined,
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  // The content-type parser hands over the request stream itself (checked just below).
  const stream = body as Readable | undefined;
  if (!stream || typeof stream.pipe !== 'function')
    throw new Invalid([{ field: 'body', message: 'send the content as the request body' }]);
  if (Number(contentLength ?? 0) > limit) throw tooLarge();
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw tooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
