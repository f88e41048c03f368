/**
 * Issue 13, item 11: a refused upload must not leave its unread body on a keep-alive connection. A real server
 * (listen on port 0) and a real keep-alive client (one socket) send an upload that is refused early, then a
 * second request, which must be answered (on main it waited ~73 s for the socket to time out).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';

interface Answer {
  status: number;
  body: string;
}

describe('exchange: refused uploads on a keep-alive connection', () => {
  let t: TestApp;
  let w: ExchangeWorld;
  let port = 0;
  let agent: http.Agent;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    w = await makeExchangeWorld(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port; // a TCP server: address() is an AddressInfo
  });
  afterAll(() => t?.close());
  afterEach(() => {
    agent?.destroy();
    vi.unstubAllEnvs();
  });

  /** One request on the shared agent; `chunks` are written one by one (no Content-Length: chunked). */
  function send(method: string, path: string, headers: Record<string, string>, chunks: Buffer[] = []) {
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      // Fails the test well before the ~73 s socket time-out the bug caused.
      req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${path}: no answer within 20 s`)));
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  }

  /** A CSV of about 4 MiB: far more than the socket buffers hold, so the server must read or drop it. */
  const bigCsv = (header: string) => [
    Buffer.from(`${header}\n`),
    ...Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024, 'IBC,ITA,2024-01,CMR,SEA,_T,_T,_T,1,,\n')),
  ];
  const csvHeaders = (cookie?: string) => ({
    'content-type': 'text/csv',
    'x-passage-csrf': '1',
    ...(cookie && { cookie }),
  });

  // One socket per agent: the next request waits for the refused upload's socket (the bug: for ~73 s). Node's
  // client sometimes drops a socket whose answer came before its body was sent, so the next request may also
  // come on a fresh socket; either way it must be answered.
  async function expectNextRequestAnswered() {
    const next = await send('GET', '/api/health', {});
    expect(next.status).toBe(200);
  }

  it('answers the next request on a one-socket keep-alive agent after a file refused on its header row', async () => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(
      'POST',
      `/api/dialogues/${w.slug}/imports`,
      csvHeaders(w.cookies.providerIta),
      bigCsv('colour,size'),
    );
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).code).toBe('IMPORT_REJECTED');
    await expectNextRequestAnswered();
  });

  it('…after a file refused half-way for its size (413, sent without Content-Length)', async () => {
    vi.stubEnv('PASSAGE_IMPORT_MAX_BYTES', String(1024 * 1024));
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(
      'POST',
      `/api/dialogues/${w.slug}/imports`,
      csvHeaders(w.cookies.providerIta),
      bigCsv(IBC_HEADER),
    );
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).code).toBe('FILE_TOO_LARGE');
    await expectNextRequestAnswered();
  });

  it('…after an upload refused before reading (anonymous 401, another state 403)', async () => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const anonymous = await send(
      'POST',
      `/api/dialogues/${w.slug}/imports`,
      csvHeaders(),
      bigCsv(IBC_HEADER),
    );
    expect(anonymous.status).toBe(401);
    await expectNextRequestAnswered();
    const otherState = await send(
      'POST',
      `/api/dialogues/${w.slug}/imports?reporter=GRC`,
      csvHeaders(w.cookies.providerIta),
      bigCsv(IBC_HEADER),
    );
    expect(otherState.status).toBe(403);
    await expectNextRequestAnswered();
  });
});
