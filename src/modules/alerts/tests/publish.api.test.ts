/** Publication → job 'alerts.evaluate' → alert: the evaluation the exchange triggers when it publishes. */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { runJobsNow } from '../../../jobs/worker';
import { ALERTS_EVALUATE_JOB, runAlertsEvaluateJob } from '../alerts.jobs';
import { notificationsApi } from './alerts-world';

describe.each(testDatabases())('alerts on publication [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST', path: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: sessionHeaders(cookie),
      ...(payload ? { payload } : {}),
    });

  it('publishing enqueues the evaluation of the published months; the job raises the alert once', async () => {
    const rule = await api('POST', '/alerts/rules', w.cookies.analystIta, {
      name: 'CMR above 400',
      indicator: 'IBC',
      route: 'CMR',
      definition: { kind: 'threshold', above: 400 },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { ...sessionHeaders(w.cookies.providerIta), 'content-type': 'text/csv' },
      payload: [IBC_HEADER, 'IBC,ITA,2021-05,CMR,_T,_T,_T,_T,500,,'].join('\n'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const id = upload.json().submissionId as number;
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    expect(
      (await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, { warningComments })).statusCode,
    ).toBe(200);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager, {})).statusCode).toBe(200);
    const published = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, {});
    expect(published.statusCode, published.body).toBe(200);

    const jobs = await t.db.query<{ name: string; payload: { dialogueId: number; periods?: string[] } }>(
      sql`SELECT name, payload FROM jobs WHERE name IN ('alerts.evaluate', 'reports.monthly') AND status = 'queued' ORDER BY id`,
    );
    expect(jobs).toEqual([
      { name: 'alerts.evaluate', payload: { dialogueId: w.dialogueId, periods: ['2021-05'] } },
      { name: 'reports.monthly', payload: { dialogueId: w.dialogueId } },
    ]);
    const outcomes = await runJobsNow(t.db, { [ALERTS_EVALUATE_JOB]: runAlertsEvaluateJob });
    expect(outcomes).toEqual([expect.objectContaining({ name: 'alerts.evaluate', ok: true })]);
    // The same event again (a re-run of the job): no second alert.
    const again = await runAlertsEvaluateJob(t.db, { dialogueId: w.dialogueId, periods: ['2021-05'] });
    expect(again.created).toBe(0);
    const feed = await api('GET', '/alerts', w.cookies.analystIta);
    expect(feed.json()).toEqual([
      expect.objectContaining({
        rule: expect.objectContaining({ name: 'CMR above 400' }),
        period: '2021-05',
        value: 500,
      }),
    ]);
    const bell = await notificationsApi(t, w.cookies.analystIta, 'GET', '/unread-count');
    expect(bell.json()).toEqual({ unread: 1 });
    // Members of other dialogues see nothing.
    expect((await api('GET', '/alerts', w.cookies.outsider)).statusCode).toBe(404);
  });
});
