/**
 * Sends one HTTP(S) request to a URL a user gave, under the outbound rule of outbound-url.ts. Built on
 * node:http/https rather than fetch because the rule has to sit where the connection is made:
 *
 * - the host is resolved by our own `lookup`, which refuses the connection unless every address is allowed,
 *   and the socket then connects to exactly the address that was checked (no second DNS query that a
 *   rebinding attacker could answer differently);
 * - when the socket has connected, its remote address is checked once more (belt and braces: IP literals
 *   skip `lookup`, and a future Node change must not bypass the rule silently);
 * - a fresh connection per request (`agent: false`), so no pooled socket to an earlier address is reused;
 * - redirects are never followed (a 3xx is returned like any other status), so a permitted receiver cannot
 *   bounce the request to an internal one; the response body is not read beyond a small cap.
 *
 * Errors are OutboundRefused (the rule said no: nothing was sent) or OutboundUnreachable (DNS, connection,
 * TLS, time-out). Both carry a `detail` for the server log; callers show users only the generic messages.
 */
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import {
  checkOutboundUrl,
  checkResolvedAddresses,
  isAddressAllowed,
  NOT_PUBLIC_MESSAGE,
  type OutboundPolicy,
  OutboundRefused,
  type OutboundTarget,
} from './outbound-url';

/** The request could not be completed (no answer, refused connection, TLS failure, time-out). */
export class OutboundUnreachable extends Error {
  constructor(readonly detail: string) {
    super('could not be reached');
    this.name = 'OutboundUnreachable';
  }
}

export interface OutboundRequest {
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: OutboundPolicy;
}

export interface OutboundResponse {
  status: number;
}

/** A `lookup` for net/tls.connect that resolves as usual and refuses addresses the policy does not allow. */
export function guardedLookup(target: OutboundTarget, policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      try {
        checkResolvedAddresses(
          target,
          addresses.map((a) => a.address),
          policy,
        );
      } catch (e) {
        // The refusal travels through net's callback to the request's 'error' event unchanged.
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      // net.connect asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily), else for one.
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
}

/** Sends the request; resolves with the status once the response headers arrive. */
export function sendOutbound(rawUrl: string, req: OutboundRequest): Promise<OutboundResponse> {
  let target: OutboundTarget;
  try {
    target = checkOutboundUrl(rawUrl, req.policy);
  } catch (e) {
    return Promise.reject(e);
  }
  const { url } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let isSettled = false;
    const settle = (e: Error | null, res?: OutboundResponse) => {
      if (isSettled) return;
      isSettled = true;
      if (e) reject(e);
      else resolve(res!);
    };
    const request = client.request(
      {
        protocol: url.protocol,
        host: target.host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        agent: false,
        lookup: guardedLookup(target, req.policy),
        signal: AbortSignal.timeout(req.timeoutMs),
        maxHeaderSize: 16 * 1024,
      },
      (res: IncomingMessage) => {
        settle(null, { status: res.statusCode ?? 0 });
        // Nothing of the answer is used: read a little (so the server sees a clean exchange), then hang up.
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 64 * 1024) res.destroy();
        });
        res.on('error', () => {});
      },
    );
    request.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (target.isHostAllowListed || isAddressAllowed(remote, req.policy)) return;
        request.destroy(new OutboundRefused(NOT_PUBLIC_MESSAGE, `connected to ${remote}`));
      });
    });
    request.on('error', (e: Error) => {
      // Refusals from our lookup or the connect check arrive here unchanged: nothing was sent.
      if (e instanceof OutboundRefused) return settle(e);
      const detail =
        e.name === 'AbortError' || e.name === 'TimeoutError'
          ? `no answer within ${req.timeoutMs} ms`
          : `${(e as NodeJS.ErrnoException).code ?? e.name}: ${e.message}`;
      settle(new OutboundUnreachable(detail));
    });
    request.end(req.body);
  });
}
