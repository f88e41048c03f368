/**
 * Webhooks and internal addresses (issue 13, item 3), against real HTTP servers on loopback that count every
 * connection they receive:
 * - without the allow-list, each spelling of a loopback address (and `localhost`) is refused when subscribing
 *   (400 naming body.url) and, for subscriptions that got in before the rule (or whose DNS changed since), when
 *   delivering: nothing reaches the server, and the delivery list shows a generic error only;
 * - with the allow-list the webhook is delivered, signed;
 * - a redirect from an allowed receiver to an internal one is not followed;
 * - only roles that integrate systems add webhooks (a viewer gets 403).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sql from 'sql-template-tag';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { processDueDeliveries, verifyWebhookSignature, WEBHOOK_REFUSED } from '../alerts.deliver';
import { type AlertsWorld, makeAlertsWorld } from './alerts-world';

interface Receiver {
  server: Server;
  port: number;
  /** TCP connections accepted (a refused request must not even connect). */
  connections: number;
  requests: { url: string; body: string; isSignatureValid: boolean }[];
}

const SECRET = 'outbound-secret-0123456789';
const mail = { smtpUrl: undefined, from: 'x@passage.test', publicUrl: 'https://passage.test' };

/** An HTTP server on `host` answering `respond` (default 200), counting connections and requests. */
async function startReceiver(
  host: string,
  respond: (res: import('node:http').ServerResponse) => void = (res) => res.end(),
): Promise<Receiver> {
  const r: Receiver = { server: createServer(), port: 0, connections: 0, requests: [] };
  r.server.on('connection', () => {
    r.connections++;
  });
  r.server.on('request', (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const headers = {
        timestamp: req.headers['x-passage-timestamp'] as string | undefined,
        signature: req.headers['x-passage-signature'] as string | undefined,
      };
      const isSignatureValid = verifyWebhookSignature(
        SECRET,
        headers,
        body,
        Number(headers.timestamp) * 1000,
      );
      r.requests.push({ url: req.url ?? '', body, isSignatureValid });
      respond(res);
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, host, resolve));
  r.port = (r.server.address() as AddressInfo).port;
  return r;
}

const stop = (r: Receiver | undefined) =>
  new Promise<void>((resolve) => (r ? r.server.close(() => resolve()) : resolve()));

/** Every way of writing "this machine" that the URL parser or DNS turns into a loopback address. */
const loopbackSpellings = (port: number) => [
  `http://127.0.0.1:${port}/hook`,
  `http://[::1]:${port}/hook`,
  `http://0x7f000001:${port}/hook`,
  `http://2130706433:${port}/hook`,
  `http://127.1:${port}/hook`,
  `http://017700000001:${port}/hook`,
  `http://[::ffff:127.0.0.1]:${port}/hook`,
  `http://0.0.0.0:${port}/hook`,
  `http://[::]:${port}/hook`,
  `http://localhost:${port}/hook`,
];

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

describe.each(testDatabases())('webhooks and internal addresses [%s]', (kind) => {
  let t: TestApp;
  let w: AlertsWorld;
  /** Listens on every loopback address (IPv4 and IPv6): any spelling above would land here. */
  let internal: Receiver;
  const saved = {
    PASSAGE_OUTBOUND_HTTP: process.env.PASSAGE_OUTBOUND_HTTP,
    PASSAGE_OUTBOUND_ALLOW: process.env.PASSAGE_OUTBOUND_ALLOW,
  };

  const fireAlert = async (name: string) => {
    const rule = await w.api(w.cookies.analyst, 'POST', '/alerts/rules', {
      name,
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'threshold', above: 1500 },
    });
    const r = await w.api(w.cookies.analyst, 'POST', `/alerts/rules/${rule.json().id}/evaluate`, {});
    expect(r.json().created).toBe(1);
    return r.json().alertIds[0] as number;
  };
  const webhookRows = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM alert_subscriptions WHERE dialogue_id = ${w.dialogueId} AND channel = 'webhook'`,
      )
    )[0]!.n;
  const deliveriesOf = (alertId: number) =>
    t.db.query<{ status: string; last_error: string | null; webhook_url: string }>(
      sql`SELECT d.status, d.last_error, s.webhook_url FROM alert_deliveries d
        JOIN alert_subscriptions s ON s.id = d.subscription_id WHERE d.alert_id = ${alertId} ORDER BY d.id`,
    );

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeAlertsWorld(t);
    internal = await startReceiver('::');
  });
  afterEach(async () => {
    setEnv(saved);
    // Each test starts without webhooks or pending retries of an earlier one.
    await t.db.query(sql`UPDATE alert_subscriptions SET is_active = false WHERE channel = 'webhook'`);
    await t.db.query(sql`UPDATE alert_deliveries SET status = 'failed' WHERE status = 'pending'`);
  });
  afterAll(async () => {
    setEnv(saved);
    await stop(internal);
    await t?.close();
  });

  it('refuses every spelling of a loopback address when subscribing: 400 on body.url, nothing written or sent', async () => {
    // http is allowed here, so what is refused is the address, not the scheme.
    setEnv({ PASSAGE_OUTBOUND_HTTP: 'on', PASSAGE_OUTBOUND_ALLOW: undefined });
    const before = await webhookRows();
    for (const url of loopbackSpellings(internal.port)) {
      const res = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
        channel: 'webhook',
        url,
        secret: SECRET,
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors, url).toEqual([
        { field: 'body.url', message: expect.stringContaining('must resolve to a public internet address') },
      ]);
      // The answer never says what the host resolved to.
      expect(res.body, url).not.toMatch(/127\.0\.0\.1|loopback|::1/);
    }
    expect(await webhookRows()).toBe(before);
    expect(internal.connections).toBe(0);
    // https only by default.
    setEnv({ PASSAGE_OUTBOUND_HTTP: undefined });
    const plain = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
      channel: 'webhook',
      url: 'http://example.org/hook',
      secret: SECRET,
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().errors[0]).toEqual({ field: 'body.url', message: 'must be an https:// URL' });
  });

  it('refuses them again when delivering (subscriptions from before the rule, or DNS that changed): nothing is sent, the error is generic', async () => {
    setEnv({ PASSAGE_OUTBOUND_HTTP: 'on', PASSAGE_OUTBOUND_ALLOW: undefined });
    const urls = [...loopbackSpellings(internal.port), `https://127.0.0.1:${internal.port}/hook`];
    for (const url of urls)
      await t.db.query(sql`INSERT INTO alert_subscriptions (user_id, dialogue_id, channel, scope, webhook_url, webhook_secret)
        VALUES (${w.users.analyst.id}, ${w.dialogueId}, 'webhook', 'own', ${url}, ${SECRET})`);
    const alertId = await fireAlert('Internal hooks');
    const run = await processDueDeliveries(t.db, { mail });
    expect(run.sent).toBe(0);
    expect(internal.connections).toBe(0);
    const rows = await deliveriesOf(alertId);
    expect(rows.map((r) => r.webhook_url).sort()).toEqual([...urls].sort());
    for (const r of rows)
      expect(r, r.webhook_url).toMatchObject({ status: 'pending', last_error: WEBHOOK_REFUSED });
    // What the secretariat and the subscriber see: no port, address or socket error.
    for (const cookie of [w.cookies.admin, w.cookies.analyst]) {
      const list = (await w.api(cookie, 'GET', '/alerts/deliveries')).json() as {
        lastError: string | null;
      }[];
      const errors = list.map((d) => d.lastError ?? '').join('\n');
      expect(errors).toContain(WEBHOOK_REFUSED);
      expect(errors).not.toMatch(/ECONN|EHOSTUNREACH|ETIMEDOUT|127\.0\.0\.1|::1|loopback|port/i);
    }
  });

  it('a closed port and an open one look alike apart from the HTTP answer (no socket errors shown)', async () => {
    setEnv({ PASSAGE_OUTBOUND_HTTP: 'on', PASSAGE_OUTBOUND_ALLOW: '127.0.0.1' });
    const closed = await startReceiver('127.0.0.1');
    await stop(closed);
    await t.db.query(sql`INSERT INTO alert_subscriptions (user_id, dialogue_id, channel, scope, webhook_url, webhook_secret)
      VALUES (${w.users.analyst.id}, ${w.dialogueId}, 'webhook', 'own', ${`http://127.0.0.1:${closed.port}/hook`}, ${SECRET})`);
    const alertId = await fireAlert('Closed port');
    await processDueDeliveries(t.db, { mail });
    const [row] = await deliveriesOf(alertId);
    expect(row?.last_error).toBe('The webhook could not be reached (no connection or no answer in time)');
  });

  it('with the allow-list, the webhook is delivered and signed', async () => {
    setEnv({ PASSAGE_OUTBOUND_HTTP: 'on', PASSAGE_OUTBOUND_ALLOW: '127.0.0.0/8' });
    const receiver = await startReceiver('127.0.0.1');
    try {
      for (const url of [`http://127.0.0.1:${receiver.port}/a`, `http://localhost:${receiver.port}/b`]) {
        const sub = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
          channel: 'webhook',
          scope: 'own',
          url,
          secret: SECRET,
        });
        expect(sub.statusCode, sub.body).toBe(201);
      }
      const alertId = await fireAlert('Allowed hook');
      const run = await processDueDeliveries(t.db, { mail });
      expect(run.sent).toBe(2);
      expect(receiver.requests.map((r) => r.url).sort()).toEqual(['/a', '/b']);
      expect(receiver.requests.every((r) => r.isSignatureValid)).toBe(true);
      expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'alert', alert: { id: alertId } });
      expect((await deliveriesOf(alertId)).map((d) => d.status)).toEqual(['sent', 'sent']);
    } finally {
      await stop(receiver);
    }
  });

  it('a redirect from an allowed receiver to an internal one is not followed', async () => {
    const hidden = await startReceiver('127.0.0.2');
    const bouncer = await startReceiver('127.0.0.1', (res) => {
      res.statusCode = 302;
      res.setHeader('location', `http://127.0.0.2:${hidden.port}/internal`);
      res.end();
    });
    try {
      setEnv({ PASSAGE_OUTBOUND_HTTP: 'on', PASSAGE_OUTBOUND_ALLOW: '127.0.0.1/32' });
      const sub = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
        channel: 'webhook',
        url: `http://127.0.0.1:${bouncer.port}/hook`,
        secret: SECRET,
      });
      expect(sub.statusCode, sub.body).toBe(201);
      const alertId = await fireAlert('Bouncing hook');
      expect((await processDueDeliveries(t.db, { mail })).sent).toBe(0);
      expect(bouncer.requests).toHaveLength(1);
      expect(hidden.connections).toBe(0);
      expect((await deliveriesOf(alertId))[0]).toMatchObject({
        status: 'pending',
        last_error: 'The webhook answered HTTP 302 (redirects are not followed)',
      });
      // Subscribing to the internal one directly is refused too.
      const direct = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
        channel: 'webhook',
        url: `http://127.0.0.2:${hidden.port}/internal`,
        secret: SECRET,
      });
      expect(direct.statusCode).toBe(400);
      expect(hidden.connections).toBe(0);
    } finally {
      await stop(bouncer);
      await stop(hidden);
    }
  });

  it('only the secretariat and analysts add webhooks: a viewer gets 403, an outsider 404; e-mail stays open to all', async () => {
    setEnv({ PASSAGE_OUTBOUND_HTTP: undefined, PASSAGE_OUTBOUND_ALLOW: undefined });
    const body = { channel: 'webhook', url: 'https://hooks.example.org/passage', secret: SECRET };
    const before = await webhookRows();
    const viewer = await w.api(w.cookies.viewer, 'POST', '/alerts/subscriptions', body);
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().code).toBe('FORBIDDEN');
    expect((await w.api(w.cookies.outsider, 'POST', '/alerts/subscriptions', body)).statusCode).toBe(404);
    expect(await webhookRows()).toBe(before);
    const email = await w.api(w.cookies.viewer, 'POST', '/alerts/subscriptions', { channel: 'email' });
    expect(email.statusCode).toBe(201);
  });
});
