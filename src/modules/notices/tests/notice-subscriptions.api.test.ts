/**
 * Saved notice filters as subscriptions and the secretariat's uptake dashboard (issue 15): bad input (an
 * unknown type, a webhook that is not http(s) or points to a forbidden address, an unknown route) writes
 * nothing; another user's subscription is a 404; changes are revisions (409 on a stale one). A sent notice
 * reaches the matching subscribers once, never one who may not see it: the bell, an e-mail at once and a
 * daily digest through a real SMTP server, a signed webhook to a real HTTP server. The uptake is the
 * secretariat's (403 to others); nudges go once per period.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { startSmtp, type TestSmtp } from '../../../../test/smtp';
import { runJobsNow } from '../../../jobs/worker';
import { verifyWebhookSignature } from '../../alerts/alerts.deliver';
import { processDueEmails } from '../../messages/messages.deliver';
import { runNoticeDigestJob } from '../notices.subscriptions';
import { MINIMAL_NOTICE, makeNoticesWorld, type NoticesWorld, type Who } from './notices-world';

const ENV_KEYS = [
  'PASSAGE_SMTP_URL',
  'PASSAGE_PUBLIC_URL',
  'PASSAGE_OUTBOUND_HTTP',
  'PASSAGE_OUTBOUND_ALLOW',
];
const SECRET = 'a-webhook-secret-of-the-ministry';

describe.each(testDatabases())('notice subscriptions and uptake [%s]', (kind) => {
  let t: TestApp;
  let w: NoticesWorld;
  let smtp: TestSmtp;
  let hooks: Server;
  let hookUrl = '';
  const received: {
    headers: { timestamp: string | undefined; signature: string | undefined };
    body: string;
  }[] = [];
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const emails = {} as Record<Who, string>;

  beforeAll(async () => {
    smtp = await startSmtp();
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        received.push({
          headers: {
            timestamp: req.headers['x-passage-timestamp']?.toString(),
            signature: req.headers['x-passage-signature']?.toString(),
          },
          body,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`; // TCP: an AddressInfo
    Object.assign(process.env, {
      PASSAGE_SMTP_URL: smtp.url,
      PASSAGE_PUBLIC_URL: 'https://passage.example',
      PASSAGE_OUTBOUND_HTTP: 'on',
      PASSAGE_OUTBOUND_ALLOW: '127.0.0.1',
    });
    t = await createTestApp(kind);
    w = await makeNoticesWorld(t);
    for (const [who, id] of Object.entries(w.users)) {
      const [u] = await t.db.query<{ email: string }>(sql`SELECT email FROM users WHERE id = ${id}`);
      emails[who as Who] = u!.email;
    }
  });
  afterAll(async () => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await t?.close();
    await smtp?.close();
    await new Promise((resolve) => hooks?.close(resolve));
  });

  const subs = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, who: Who, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}/notices/subscriptions${path}`,
      headers: sessionHeaders(w.cookies[who]),
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const subscribe = async (who: Who, body: object) => {
    const res = await subs('POST', '', who, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; revision: number };
  };
  const countSubs = async () =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM notice_subscriptions`))[0]!.n;
  const bellOf = (who: Who, kind: string) =>
    t.db.query<{ payload: { noticeId?: number; subscription?: string } }>(
      sql`SELECT payload FROM notifications WHERE user_id = ${w.users[who]} AND kind = ${kind} ORDER BY id`,
    );
  const drain = async () => {
    await runJobsNow(t.db, jobHandlers());
    await processDueEmails(t.db);
  };

  it('refuses bad input naming the field, and a webhook for a viewer, writing nothing', async () => {
    const before = await countSubs();
    const type = await subs('POST', '', 'analystIta', {
      name: 'Visas',
      filter: { type: 'visas' },
      delivery: 'in_app',
    });
    expect(type.statusCode).toBe(400);
    expect(type.body).toContain('filter.type');
    const ftp = await subs('POST', '', 'analystIta', {
      name: 'Hook',
      delivery: 'webhook',
      webhookUrl: 'ftp://hooks.example/x',
      webhookSecret: SECRET,
    });
    expect(ftp.statusCode).toBe(400);
    expect(ftp.body).toContain('webhookUrl');
    const metadata = await subs('POST', '', 'analystIta', {
      name: 'Hook',
      delivery: 'webhook',
      webhookUrl: 'http://169.254.169.254/latest',
      webhookSecret: SECRET,
    });
    expect(metadata.statusCode).toBe(400);
    expect(metadata.json().errors[0]).toMatchObject({ field: 'body.webhookUrl' });
    const noSecret = await subs('POST', '', 'analystIta', {
      name: 'Hook',
      delivery: 'webhook',
      webhookUrl: hookUrl,
    });
    expect(noSecret.json().errors[0]).toMatchObject({ field: 'body.webhookSecret' });
    const route = await subs('POST', '', 'analystIta', {
      name: 'R',
      filter: { route: 'XYZ' },
      delivery: 'daily',
    });
    expect(route.json().errors[0]).toMatchObject({ field: 'body.filter.route' });
    const viewerHook = await subs('POST', '', 'viewerAut', {
      name: 'Hook',
      delivery: 'webhook',
      webhookUrl: hookUrl,
      webhookSecret: SECRET,
    });
    expect(viewerHook.statusCode).toBe(403);
    expect((await subs('POST', '', 'outsider', { name: 'X', delivery: 'in_app' })).statusCode).toBe(404);
    expect(await countSubs()).toBe(before);
  });

  it("lists and changes one's own subscriptions as revisions; another user's is a 404", async () => {
    const s = await subscribe('analystIta', {
      name: 'Visas',
      filter: { type: 'visa_regime' },
      delivery: 'in_app',
    });
    expect(s.revision).toBe(1);
    const mine = (await subs('GET', '', 'analystIta')).json().items;
    expect(mine.map((x: { id: number }) => x.id)).toEqual([s.id]);
    expect((await subs('GET', '', 'viewerAut')).json().items).toEqual([]);
    expect(
      (await subs('PATCH', `/${s.id}`, 'viewerAut', { name: 'Mine', expectedRevision: 1 })).statusCode,
    ).toBe(404);
    expect((await subs('DELETE', `/${s.id}`, 'viewerAut')).statusCode).toBe(404);
    const stale = await subs('PATCH', `/${s.id}`, 'analystIta', {
      name: 'Visa regimes',
      expectedRevision: 5,
    });
    expect(stale.statusCode).toBe(409);
    const ok = await subs('PATCH', `/${s.id}`, 'analystIta', { name: 'Visa regimes', expectedRevision: 1 });
    expect(ok.json()).toMatchObject({ name: 'Visa regimes', revision: 2, filter: { type: 'visa_regime' } });
    const temp = await subscribe('analystIta', { name: 'Temporary', delivery: 'weekly' });
    expect((await subs('DELETE', `/${temp.id}`, 'analystIta')).statusCode).toBe(204);
    expect((await subs('GET', '', 'analystIta')).json().items).toHaveLength(1);
  });

  it('delivers a sent notice once to the matching subscribers who may see it: bell, e-mail, webhook, digest', async () => {
    await subscribe('viewerAut', { name: 'Greece', filter: { country: 'GRC' }, delivery: 'daily' });
    await subscribe('observer', { name: 'Freedonia', filter: { q: 'freedonia' }, delivery: 'email' });
    await subscribe('analystAut', {
      name: 'Ministry system',
      filter: { type: 'visa_regime' },
      delivery: 'webhook',
      webhookUrl: hookUrl,
      webhookSecret: SECRET,
    });
    await subscribe('manager', { name: 'Borders', filter: { type: 'border_management' }, delivery: 'email' });

    const post = async (body: object) => {
      const res = await w.api('POST', '', 'analystGrc', { ...body, send: true });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number };
    };
    const open = await post(MINIMAL_NOTICE);
    // Restricted to Italy: the Austrian digest and webhook must not carry it.
    const restricted = await post({
      ...MINIMAL_NOTICE,
      title: 'Visa facilitation for Freedonian students',
      classification: 'restricted',
      sharedWithOrgIds: [w.orgs.ita],
    });
    await drain();

    expect((await bellOf('analystIta', 'notice.subscription')).map((n) => n.payload.noticeId)).toEqual([
      open.id,
      restricted.id,
    ]);
    const observerMail = smtp.to(emails.observer);
    expect(observerMail).toHaveLength(1);
    expect(observerMail[0]!.subject).toContain(MINIMAL_NOTICE.title);
    expect(observerMail[0]!.text).toContain(`https://passage.example/d/${w.slug}/notices/${open.id}`);
    expect(smtp.to(emails.manager)).toHaveLength(0);

    expect(received).toHaveLength(1);
    const hook = received[0]!;
    expect(verifyWebhookSignature(SECRET, hook.headers, hook.body)).toBe(true);
    expect(verifyWebhookSignature('another-secret-entirely', hook.headers, hook.body)).toBe(false);
    expect(JSON.parse(hook.body).notice).toMatchObject({
      id: open.id,
      state: 'GRC',
      measureType: 'visa_regime',
    });

    // The third user's daily digest: nothing before the day is over, then the open notice, once.
    expect(smtp.to(emails.viewerAut)).toHaveLength(0);
    expect((await runNoticeDigestJob(t.db, {}, new Date())).digests).toBe(0);
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await runNoticeDigestJob(t.db, {}, tomorrow)).toEqual({ digests: 1, notices: 1 });
    await processDueEmails(t.db);
    const digest = smtp.to(emails.viewerAut);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toContain('1 new notice (Greece)');
    expect(digest[0]!.text).toContain(`https://passage.example/d/${w.slug}/notices/${open.id}`);
    expect(digest[0]!.text).not.toContain(`/notices/${restricted.id}`);
    expect((await runNoticeDigestJob(t.db, {}, new Date(Date.now() + 3 * 86_400_000))).digests).toBe(0);
    // Running the jobs again delivers nothing twice.
    await drain();
    expect(smtp.to(emails.observer)).toHaveLength(1);
    expect(received).toHaveLength(1);
    const listed = (await subs('GET', '', 'viewerAut')).json().items[0];
    expect(listed).toMatchObject({ name: 'Greece', matched: 1 });
    expect(listed.lastDigestAt).not.toBeNull();
  });

  it('shows the uptake to the secretariat only, and nudges the states that never notified once per period', async () => {
    const uptake = (who: Who) =>
      t.app.inject({
        method: 'GET',
        url: `/api/dialogues/${w.slug}/notices/uptake`,
        headers: sessionHeaders(w.cookies[who]),
      });
    expect((await uptake('analystIta')).statusCode).toBe(403);
    expect((await uptake('observer')).statusCode).toBe(403);
    const res = await uptake('manager');
    expect(res.statusCode, res.body).toBe(200);
    const u = res.json();
    const grc = u.states.find((s: { state: string }) => s.state === 'GRC');
    expect(grc.total).toBe(2);
    expect(grc.byQuarter.at(-1)).toBe(2);
    expect(grc.isDue).toBe(false);
    expect(u.neverNotified).toEqual(['AUT', 'ITA']);
    expect(u.acknowledgements).toMatchObject({ acknowledged: 0 });
    expect(u.acknowledgements.expected).toBeGreaterThan(0);
    expect(u.nudgeMonths).toBe(6);

    const nudge = (who: Who) =>
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/notices/uptake/nudges`,
        headers: sessionHeaders(w.cookies[who]),
      });
    expect((await nudge('analystIta')).statusCode).toBe(403);
    const run = await nudge('manager');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().states).toEqual(['AUT', 'ITA']);
    await nudge('manager');
    expect(await bellOf('analystIta', 'notice.nudge')).toHaveLength(1);
    expect(await bellOf('analystAut', 'notice.nudge')).toHaveLength(1);
    expect(await bellOf('analystGrc', 'notice.nudge')).toHaveLength(0);
  });
});
