/**
 * Calendars, reminders and the analytics' "expected" follow membership history (members module, migration
 * 0019): a state that joined in March 2024 is not late for January or February, a state that left is not
 * chased for the months after it left (and a state that left and came back not for the gap), and the
 * analytics count for an old month who was a member then — not who is a member today.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { makeOrganisation, makeUser } from '../../../../test/factories';
import { enqueue } from '../../../jobs/queue';
import { runJobsNow } from '../../../jobs/worker';
import { REMINDERS_JOB } from '../../reminders/reminders.jobs';

describe.each(testDatabases())('membership history in calendars and analytics [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  let admin = '';
  let providerMlt = '';

  const members = (path: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${w.dialogueId}/members/${path}`,
      headers: { cookie: admin, 'x-passage-csrf': '1' },
      payload: payload as Record<string, unknown>,
    });
  const remind = async (asOf: string) => {
    await enqueue(t.db, REMINDERS_JOB, { asOf, dialogueId: w.dialogueId });
    const run = (await runJobsNow(t.db, jobHandlers())).find((o) => o.name === REMINDERS_JOB);
    expect(run?.ok, run?.error).toBe(true);
  };
  const figure = (reporter: string, period: string, value: number) =>
    [
      IBC_HEADER,
      `IBC,${reporter},${period},EMR,_T,SYR,_T,_T,${value},,`,
      `IBC,${reporter},${period},EMR,_T,_T,_T,_T,${value},,`,
    ].join('\n');

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t); // ITA, GRC, TUR, members since 2000
    s = exchangeSteps(t, w);
    const { secretariatOrgId } = (
      await t.db.query<{ secretariatOrgId: number }>(
        sql`SELECT secretariat_org_id AS "secretariatOrgId" FROM dialogues WHERE id = ${w.dialogueId}`,
      )
    )[0]!;
    const a = await makeUser(t.db, {
      orgId: secretariatOrgId,
      roles: [{ dialogueId: w.dialogueId, role: 'admin' }],
    });
    admin = await loginCookie(t.app, a.email, a.password);

    // Malta joins on 10 March 2024.
    const joined = await members('states', { country: 'MLT', joinedOn: '2024-03-10' });
    expect(joined.statusCode, joined.body).toBe(201);
    const mlt = await makeOrganisation(t.db, { country: 'MLT' });
    const p = await makeUser(t.db, {
      orgId: mlt.id,
      roles: [{ dialogueId: w.dialogueId, role: 'data_provider' }],
    });
    providerMlt = await loginCookie(t.app, p.email, p.password);

    const calendar = await s.api('PUT', '/definitions/calendar', w.cookies.manager, {
      entries: ['ITA', 'GRC', 'TUR', 'MLT'].map((reporter) => ({
        reporter,
        indicator: 'IBC',
        from: '2024-01',
        deadlineDay: 15,
        expectedRevision: 0,
      })),
    });
    expect(calendar.statusCode, calendar.body).toBe(200);

    // January from Italy and Greece, April from Malta, all published on time or not (dates do not matter here).
    await s.publish(await s.upload(figure('ITA', '2024-01', 10)));
    await s.publish(
      await s.upload(figure('GRC', '2024-01', 20), w.cookies.providerGrc),
      w.cookies.providerGrc,
    );
    await s.publish(await s.upload(figure('MLT', '2024-04', 30), providerMlt), providerMlt);

    // Greece leaves on 20 February 2024; Turkey leaves on 31 January and comes back on 1 April.
    for (const [country, leftOn] of [
      ['GRC', '2024-02-20'],
      ['TUR', '2024-01-31'],
    ] as const) {
      const left = await members(`states/${country}/remove`, { leftOn, reason: 'test' });
      expect(left.statusCode, left.body).toBe(200);
    }
    const back = await members('states', { country: 'TUR', joinedOn: '2024-04-01' });
    expect(back.statusCode, back.body).toBe(201);
    const tur = await makeOrganisation(t.db, { country: 'TUR' });
    await makeUser(t.db, { orgId: tur.id, roles: [{ dialogueId: w.dialogueId, role: 'data_provider' }] });
    await runJobsNow(t.db, jobHandlers());
  });
  afterAll(() => t?.close());

  it('lists as overdue only the months each state was a member in', async () => {
    const res = await s.api('GET', '/definitions/overdue?asOf=2024-06-01&since=2024-01', w.cookies.manager);
    expect(res.statusCode, res.body).toBe(200);
    const by = (r: string) =>
      res
        .json()
        .items.filter((i: { reporter: string }) => i.reporter === r)
        .map((i: { period: string }) => i.period);
    expect(by('ITA')).toEqual(['2024-02', '2024-03', '2024-04']);
    expect(by('MLT')).toEqual(['2024-03']); // joined in March: not late for January or February
    expect(by('GRC')).toEqual(['2024-02']); // left in February: not late after it
    expect(by('TUR')).toEqual(['2024-01', '2024-04']); // not for the months it was away
  });

  it('does not count months before joining or after leaving in the reporting rates', async () => {
    const res = await s.api(
      'GET',
      '/definitions/reporting-rates?asOf=2024-06-01&from=2024-01&to=2024-04',
      w.cookies.manager,
    );
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    const status = (r: string) =>
      v.cells
        .filter((c: { reporter: string }) => c.reporter === r)
        .map((c: { period: string; status: string }) => `${c.period} ${c.status}`);
    expect(status('MLT')).toEqual([
      '2024-01 not_expected',
      '2024-02 not_expected',
      '2024-03 missing',
      '2024-04 late', // received in the test's present, long after the deadline
    ]);
    expect(status('GRC')).toEqual([
      '2024-01 late',
      '2024-02 missing',
      '2024-03 not_expected',
      '2024-04 not_expected',
    ]);
    const mlt = v.byReporter.find((r: { reporter: string }) => r.reporter === 'MLT');
    expect(mlt).toMatchObject({ expected: 2, received: 1, reportingRate: 50 });
  });

  it('reminds only states that were members in the month', async () => {
    await remind('2024-03-10'); // February, due 15 March: Italy only (Malta joined in March, Turkey was away)
    await remind('2024-04-10'); // March: Italy and Malta (Turkey still away)
    await remind('2024-05-10'); // April: Italy and Turkey (back); Malta has reported April
    const res = await s.api('GET', '/reminders?since=2000-01-01', w.cookies.manager);
    expect(res.statusCode, res.body).toBe(200);
    const sent = res
      .json()
      .items.map((i: { reporter: string; period: string }) => `${i.period} ${i.reporter}`)
      .sort();
    expect(sent).toEqual(['2024-02 ITA', '2024-03 ITA', '2024-03 MLT', '2024-04 ITA', '2024-04 TUR']);
  });

  it('counts as expected in an old month the states that were members then', async () => {
    const res = await s.api(
      'GET',
      '/analytics/series?indicator=IBC&route=EMR&from=2024-01&to=2024-04',
      w.cookies.manager,
    );
    expect(res.statusCode, res.body).toBe(200);
    const points = res
      .json()
      .points.map((p: { period: string; reported: number; expected: number }) => [
        p.period,
        p.reported,
        p.expected,
      ]);
    // January: Italy and Greece were the members on the route (Malta, a member today, was not yet).
    // April: Italy and Malta (Greece had left).
    expect(points).toEqual([
      ['2024-01', 2, 2],
      ['2024-02', 0, 2],
      ['2024-03', 0, 2],
      ['2024-04', 1, 2],
    ]);
  });

  it('refuses the overdue list to a member state and a bad range', async () => {
    expect((await s.api('GET', '/definitions/overdue', w.cookies.providerIta)).statusCode).toBe(403);
    const bad = await s.api('GET', '/definitions/overdue?asOf=2024-06-01&since=2025-01', w.cookies.manager);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.since');
  });
});
