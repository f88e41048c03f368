/**
 * E-mail and webhook deliveries against real servers started here: an SMTP server (smtp-server) receives the
 * mail; a local HTTP server receives the webhook and checks its signature; a failing endpoint is retried.
 * The webhook receiver is on loopback, so this file allow-lists 127.0.0.1 over plain http, as an operator
 * would for an internal receiver (outbound.api.test.ts tests the refusals).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import type { MailConfig } from '../../../shared/config';
import { MAX_ATTEMPTS, processDueDeliveries, retryDelayMs, verifyWebhookSignature } from '../alerts.deliver';
import { type AlertsWorld, makeAlertsWorld } from './alerts-world';

interface Mail {
  from: string;
  to: string[];
  data: string;
}

async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        data += chunk;
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, mails };
}

interface Hook {
  headers: Record<string, string | undefined>;
  body: string;
  isSignatureValid: boolean;
}

/** A webhook receiver: answers the statuses in `script` in turn (then 200), checking every signature. */
async function startWebhook(
  secret: string,
  script: number[],
): Promise<{ server: Server; url: string; hooks: Hook[] }> {
  const hooks: Hook[] = [];
  const server = createServer((req, res) => {
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
      hooks.push({
        headers: { ...headers, delivery: req.headers['x-passage-delivery'] as string | undefined },
        body,
        isSignatureValid: verifyWebhookSignature(secret, headers, body, Number(headers.timestamp) * 1000),
      });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hooks };
}

function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe.each(testDatabases())('alert deliveries [%s]', (kind) => {
  let t: TestApp;
  let w: AlertsWorld;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mail: MailConfig;
  /** A fresh rule of the analyst that fires once on 2024-12. */
  const fireRule = async (name: string) => {
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
  const deliveriesOf = (alertId: number) =>
    t.db.query<{
      id: number;
      channel: string;
      status: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: Date;
    }>(
      sql`SELECT id, channel, status, attempts, last_error, next_attempt_at FROM alert_deliveries WHERE alert_id = ${alertId} ORDER BY id`,
    );

  const savedEnv = { http: process.env.PASSAGE_OUTBOUND_HTTP, allow: process.env.PASSAGE_OUTBOUND_ALLOW };
  beforeAll(async () => {
    process.env.PASSAGE_OUTBOUND_HTTP = 'on';
    process.env.PASSAGE_OUTBOUND_ALLOW = '127.0.0.1';
    t = await createTestApp(kind);
    w = await makeAlertsWorld(t);
    smtp = await startSmtp();
    mail = {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Passage <alerts@passage.test>',
      publicUrl: 'https://passage.test',
    };
  });
  afterAll(async () => {
    restoreEnv('PASSAGE_OUTBOUND_HTTP', savedEnv.http);
    restoreEnv('PASSAGE_OUTBOUND_ALLOW', savedEnv.allow);
    await new Promise<void>((resolve) => smtp?.server.close(() => resolve()));
    await t?.close();
  });

  it('e-mails the alert to a subscriber through a real SMTP server, in their language', async () => {
    await t.db.query(sql`UPDATE users SET locale = 'fr' WHERE id = ${w.users.analyst.id}`);
    const sub = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
      channel: 'email',
      scope: 'own',
    });
    expect(sub.statusCode, sub.body).toBe(201);
    expect(sub.json()).toMatchObject({ channel: 'email', target: w.users.analyst.email });
    const alertId = await fireRule('Mail rule');
    expect(await deliveriesOf(alertId)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'pending' }),
    ]);
    const run = await processDueDeliveries(t.db, { mail });
    expect(run.sent).toBeGreaterThanOrEqual(1);
    const got = smtp.mails.find((m) => m.data.includes(`X-Passage-Alert: ${alertId}`));
    expect(got?.to).toEqual([w.users.analyst.email.toLowerCase()]);
    expect(got?.from).toBe('alerts@passage.test');
    expect(got?.data).toMatch(
      /Subject: =\?UTF-8\?Q\?\[Passage\]_Alerte_=3A_Mail_rule_\(2024-12\)\?=|Subject: \[Passage\] Alerte/,
    );
    expect(got?.data).toContain('https://passage.test/d/');
    expect(await deliveriesOf(alertId)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 1, last_error: null }),
    ]);
    for (const s of (await w.api(w.cookies.analyst, 'GET', '/alerts/subscriptions')).json() as {
      id: number;
    }[]) {
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/dialogues/${w.slug}/alerts/subscriptions/${s.id}`,
        headers: sessionHeaders(w.cookies.analyst),
      });
      expect(del.statusCode).toBe(204);
    }
  });

  it('posts a signed webhook; a failing endpoint is retried with backoff, then delivered', async () => {
    const secret = 'webhook-secret-0123456789';
    const hook = await startWebhook(secret, [500]);
    try {
      const sub = await w.api(w.cookies.manager, 'POST', '/alerts/subscriptions', {
        channel: 'webhook',
        scope: 'all',
        url: hook.url,
        secret,
      });
      expect(sub.statusCode, sub.body).toBe(201);
      expect(JSON.stringify(sub.json())).not.toContain(secret);
      const alertId = await fireRule('Webhook rule');
      const now = new Date();
      const first = await processDueDeliveries(t.db, { mail, now });
      expect(first.retried).toBe(1);
      const [failed] = await deliveriesOf(alertId);
      expect(failed).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: 'The webhook answered HTTP 500',
      });
      expect(new Date(failed!.next_attempt_at).getTime()).toBe(now.getTime() + retryDelayMs(1));
      // Not due yet: nothing is sent.
      expect((await processDueDeliveries(t.db, { mail, now: new Date(now.getTime() + 1000) })).sent).toBe(0);
      const second = await processDueDeliveries(t.db, {
        mail,
        now: new Date(now.getTime() + retryDelayMs(1) + 1),
      });
      expect(second.sent).toBe(1);
      expect(await deliveriesOf(alertId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
      expect(hook.hooks).toHaveLength(2);
      expect(hook.hooks.every((h) => h.isSignatureValid)).toBe(true);
      const payload = JSON.parse(hook.hooks[1]!.body);
      expect(payload).toMatchObject({
        type: 'alert',
        alert: { id: alertId, kind: 'threshold', value: 2000, period: '2024-12' },
      });
      // A tampered body or an old timestamp does not verify.
      const h = hook.hooks[1]!;
      const sig = { timestamp: h.headers.timestamp, signature: h.headers.signature };
      expect(
        verifyWebhookSignature(secret, sig, h.body.replace('2000', '2001'), Number(sig.timestamp) * 1000),
      ).toBe(false);
      expect(verifyWebhookSignature(secret, sig, h.body, (Number(sig.timestamp) + 3600) * 1000)).toBe(false);
      expect(verifyWebhookSignature('wrong-secret-xxxxxxxx', sig, h.body, Number(sig.timestamp) * 1000)).toBe(
        false,
      );
    } finally {
      await new Promise<void>((resolve) => hook.server.close(() => resolve()));
      await t.db.query(
        sql`UPDATE alert_subscriptions SET is_active = false WHERE user_id = ${w.users.manager.id}`,
      );
    }
  });

  it('misconfigured SMTP: the error is recorded and shown to the secretariat; the alert is kept; gives up after the last attempt', async () => {
    const sub = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
      channel: 'email',
      scope: 'own',
    });
    expect(sub.statusCode).toBe(201);
    const alertId = await fireRule('Broken mail');
    const broken: MailConfig = { smtpUrl: undefined, from: 'x@y', publicUrl: undefined };
    let at = Date.now();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await processDueDeliveries(t.db, { mail: broken, now: new Date(at) });
      at += retryDelayMs(i) + 1;
    }
    const [d] = await deliveriesOf(alertId);
    expect(d).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      last_error: 'SMTP is not configured: set PASSAGE_SMTP_URL',
    });
    // The alert is still in the feed.
    const feed = await w.api(w.cookies.analyst, 'GET', '/alerts');
    expect((feed.json() as { id: number }[]).map((a) => a.id)).toContain(alertId);
    // The admin sees the error; the analyst sees their own deliveries; the viewer none of these.
    const admin = await w.api(w.cookies.admin, 'GET', '/alerts/deliveries?status=failed');
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          alertId,
          status: 'failed',
          lastError: expect.stringContaining('SMTP is not configured'),
        }),
      ]),
    );
    const own = await w.api(w.cookies.analyst, 'GET', '/alerts/deliveries');
    expect((own.json() as { user: { id: number } }[]).every((x) => x.user.id === w.users.analyst.id)).toBe(
      true,
    );
    const viewer = await w.api(w.cookies.viewer, 'GET', '/alerts/deliveries?status=failed');
    expect(viewer.json()).toEqual([]);
    expect((await w.api(w.cookies.outsider, 'GET', '/alerts/deliveries')).statusCode).toBe(404);
  });

  it('only subscribers who may see the alert get it; scope own only covers one’s own rules', async () => {
    const sub = await w.api(w.cookies.manager, 'POST', '/alerts/subscriptions', {
      channel: 'in_app',
      scope: 'own',
    });
    expect(sub.statusCode).toBe(201);
    const allSub = await w.api(w.cookies.admin, 'POST', '/alerts/subscriptions', {
      channel: 'in_app',
      scope: 'all',
    });
    expect(allSub.statusCode).toBe(201);
    const alertId = await fireRule('Scope rule');
    const recipients = await t.db.query<{ user_id: number }>(
      sql`SELECT user_id FROM notifications WHERE alert_id = ${alertId} ORDER BY user_id`,
    );
    expect(recipients.map((r) => r.user_id).sort()).toEqual([w.users.analyst.id, w.users.admin.id].sort());
  });
});
