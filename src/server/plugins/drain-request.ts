/**
 * After the answer to a request whose body was not read to the end (an upload refused on its header row, its
 * size or its rights), reads and discards the rest, so the client can finish sending and the next request on
 * the same keep-alive connection is answered at once instead of waiting for the socket to time out (~73 s).
 * Node.js does this itself only for bodies nobody started reading; a streamed import stops half-way. A client
 * that keeps sending more than `maxBytes` after the answer has its connection closed instead.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const drainRequestPlugin = fp(async (app: FastifyInstance, opts: { maxBytes: number }) => {
  app.addHook('onResponse', async (req) => drainUnread(req.raw, opts.maxBytes));
});

export function drainUnread(raw: IncomingMessage, maxBytes: number): void {
  if (raw.complete || raw.destroyed) return;
  raw.unpipe();
  // A reader that stopped half-way may have left a 'readable' listener (an async iterator does); while one is
  // there, resume() does not make the stream flow.
  raw.removeAllListeners('readable');
  let bytes = 0;
  raw.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) raw.destroy();
  });
  raw.on('error', () => {}); // a client that hangs up meanwhile is no error of ours
  raw.resume();
}
