/**
 * Lock after publication: a published month refuses new figures (file, JSON, single edit, submit, publish)
 * with an error naming it, until the secretariat reopens it with a reason (audited); the change is a new
 * revision, the vintage view shows both, and its publication locks the month again.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';

describe.each(testDatabases())('period locks [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    s = exchangeSteps(t, w);
  });
  afterAll(() => t?.close());

  const row = (period: string, value: number, comment = '') =>
    `IBC,ITA,${period},CMR,SEA,AFG,_T,_T,${value},,${comment}`;
  const csv = (...rows: string[]) => [IBC_HEADER, ...rows].join('\n');
  const importCsv = (body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: body,
    });

  it('locks a published month: files, JSON, single edits and late submissions are refused, naming it', async () => {
    await s.publish(await s.upload(csv(row('2021-06', 50, 'first'))));
    const locks = (await s.api('GET', '/locks?reporter=ITA&period=2021-06', w.cookies.analystIta)).json();
    expect(locks.isLockingPublished).toBe(true);
    expect(locks.locks).toMatchObject([
      {
        reporter: 'ITA',
        indicator: 'IBC',
        period: '2021-06',
        isReopened: false,
        history: [{ action: 'lock' }],
      },
    ]);

    const file = await importCsv(csv(row('2021-06', 65)));
    expect(file.statusCode).toBe(400);
    expect(file.json().code).toBe('IMPORT_REJECTED');
    expect(file.json().errors[0]).toMatchObject({ row: 2, field: 'period' });
    expect(file.json().errors[0].message).toMatch(
      /ITA IBC 2021-06 was published on \d{4}-\d{2}-\d{2} and is locked/,
    );

    const json = await s.api('POST', '/submissions', w.cookies.providerIta, {
      observations: [{ indicator: 'IBC', period: '2021-06', breakdowns: { citizenship: 'SYR' }, value: 3 }],
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors[0]).toMatchObject({ field: 'body.observations[0].period' });
    expect(json.json().errors[0].message).toContain('ask the secretariat to reopen it');

    const draft = await s.upload(csv(row('2021-07', 10)));
    const edit = await s.api('PUT', `/submissions/${draft}/figures`, w.cookies.providerIta, {
      indicator: 'IBC',
      period: '2021-06',
      breakdowns: { route: 'CMR', border_type: 'SEA', citizenship: 'AFG' },
      value: 70,
      expectedRevision: 1,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'PERIOD_LOCKED', errors: [{ field: 'body.period' }] });

    // Two drafts of one month: the first published locks it, the second can no longer be submitted.
    const a = await s.upload(csv(row('2021-08', 20)));
    const b = await s.upload(csv(row('2021-08', 21)));
    await s.publish(a);
    const late = await s.api('POST', `/submissions/${b}/submit`, w.cookies.providerIta, {
      warningComments: {},
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('PERIOD_LOCKED');
    expect(late.json().errors[0].field).toBe('observations[IBC 2021-08]');
    expect((await s.api('GET', `/submissions/${b}`, w.cookies.providerIta)).json().status).toBe('draft');
  });

  it('lets the secretariat reopen a month with a reason; others, bad input and unlocked months are refused', async () => {
    await s.publish(await s.upload(csv(row('2021-09', 30))));
    const body = {
      reporter: 'ITA',
      period: '2021-09',
      indicator: 'IBC',
      reason: 'border police corrected July',
    };
    expect((await s.api('POST', '/locks/reopen', undefined, body)).statusCode).toBe(401);
    expect((await s.api('POST', '/locks/reopen', w.cookies.providerIta, body)).statusCode).toBe(403);
    // A member of another dialogue is not told this one's workings exist.
    expect((await s.api('POST', '/locks/reopen', w.cookies.outsider, body)).statusCode).toBe(404);
    const noReason = await s.api('POST', '/locks/reopen', w.cookies.manager, { ...body, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    const badIndicator = await s.api('POST', '/locks/reopen', w.cookies.manager, {
      ...body,
      indicator: 'NOPE',
    });
    expect(badIndicator.json().errors[0]).toMatchObject({ field: 'body.indicator' });
    const never = await s.api('POST', '/locks/reopen', w.cookies.manager, { ...body, period: '2019-01' });
    expect(never.statusCode).toBe(409);
    expect(never.json()).toMatchObject({ code: 'PERIOD_NOT_LOCKED' });

    const reopened = await s.api('POST', '/locks/reopen', w.cookies.manager, body);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().reopened).toMatchObject([
      { indicator: 'IBC', period: '2021-09', isReopened: true, reopenReason: 'border police corrected July' },
    ]);
    expect((await s.api('POST', '/locks/reopen', w.cookies.manager, body)).json().code).toBe(
      'PERIOD_NOT_LOCKED',
    );
    const [audit] = await t.db.query<{ details: { reason: string; indicators: string[] } }>(
      sql`SELECT details FROM audit_log WHERE action = 'period.reopen' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.details).toMatchObject({ reason: 'border police corrected July', indicators: ['IBC'] });
  });

  it('keeps the change after reopening a revision: the history and the vintages show both, and it locks again', async () => {
    const v1 = await s.upload(csv(row('2022-03', 50, 'first')));
    await s.publish(v1);
    await t.db.query(sql`UPDATE observations SET published_at = now() - interval '7 days',
      recorded_at = now() - interval '7 days' WHERE submission_id = ${v1}`);
    const reopen = await s.api('POST', '/locks/reopen', w.cookies.manager, {
      reporter: 'ITA',
      period: '2022-03',
      reason: 'late reports from Lampedusa',
    });
    expect(reopen.statusCode, reopen.body).toBe(200);
    await s.publish(await s.upload(csv(row('2022-03', 65, 'revised after late reports'))));

    const q = '/observations?indicator=IBC&reporter=ITA&from=2022-03&to=2022-03&citizenship=AFG';
    const now = (await s.api('GET', q, w.cookies.analystIta)).json();
    expect(now.map((o: { value: number; revision: number }) => [o.value, o.revision])).toEqual([[65, 2]]);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const old = (await s.api('GET', `${q}&asOf=${threeDaysAgo}`, w.cookies.analystIta)).json();
    expect(old.map((o: { value: number; revision: number }) => [o.value, o.revision])).toEqual([[50, 1]]);
    const history = (
      await s.api(
        'GET',
        '/figures/history?indicator=IBC&reporter=ITA&period=2022-03&route=CMR&border_type=SEA&citizenship=AFG',
        w.cookies.analystIta,
      )
    ).json();
    expect(history.map((h: { value: number }) => h.value)).toEqual([50, 65]);

    const lock = (await s.api('GET', '/locks?reporter=ITA&period=2022-03', w.cookies.manager)).json()
      .locks[0];
    expect(lock).toMatchObject({ isReopened: false, reopenReason: null });
    expect(lock.history.map((h: { action: string }) => h.action)).toEqual(['lock', 'reopen', 'relock']);
    expect(lock.history[1]).toMatchObject({ reason: 'late reports from Lampedusa' });
    expect((await importCsv(csv(row('2022-03', 70)))).statusCode).toBe(400);
  });

  it('shows locks to members only and accepts figures again when the dialogue switches locking off', async () => {
    expect((await s.api('GET', '/locks')).statusCode).toBe(401);
    expect((await s.api('GET', '/locks', w.cookies.outsider)).statusCode).toBe(404);
    expect((await s.api('GET', '/locks?period=2021-13', w.cookies.manager)).statusCode).toBe(400);
    const { revision, ...settings } = (
      await s.api('GET', '/definitions/calendar-settings', w.cookies.manager)
    ).json();
    const off = await s.api('PUT', '/definitions/calendar-settings', w.cookies.manager, {
      ...settings,
      isLockingPublished: false,
      expectedRevision: revision,
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await importCsv(csv(row('2021-06', 66)))).statusCode).toBe(201);
  });
});
