/**
 * Reporting rate and on-time rate per member state × indicator × month, from the reporting calendar and the
 * dates figures were first submitted: JSON for members, CSV and XLSX exports, refusals and bad input.
 */
import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';

describe.each(testDatabases())('reporting rates [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  const q = '/definitions/reporting-rates?from=2024-01&to=2024-03&asOf=2024-04-20';

  /** A submission of one month, submitted (and published if asked) on a given day. */
  const bring = async (
    reporter: 'ITA' | 'GRC',
    period: string,
    submittedOn: string,
    isPublished: boolean,
  ) => {
    const cookie = reporter === 'ITA' ? w.cookies.providerIta : w.cookies.providerGrc;
    const id = await s.upload(
      [IBC_HEADER, `IBC,${reporter},${period},EMR,SEA,SYR,_T,_T,40,,`].join('\n'),
      cookie,
    );
    if (isPublished) await s.publish(id, cookie);
    else await s.submit(id, cookie);
    await t.db.query(
      sql`UPDATE submissions SET submitted_at = ${`${submittedOn}T12:00:00Z`}::timestamptz WHERE id = ${id}`,
    );
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    s = exchangeSteps(t, w);
    const calendar = await s.api('PUT', '/definitions/calendar', w.cookies.manager, {
      entries: [
        { reporter: 'ITA', indicator: 'IBC', from: '2024-01', deadlineDay: 15, expectedRevision: 0 },
        { reporter: 'GRC', indicator: 'IBC', from: '2024-01', deadlineDay: 10, expectedRevision: 0 },
      ],
    });
    expect(calendar.statusCode, calendar.body).toBe(200);
    await bring('ITA', '2024-01', '2024-02-10', true); // on time (due 02-15)
    await bring('ITA', '2024-02', '2024-03-20', true); // late (due 03-15); March never comes
    await bring('GRC', '2024-01', '2024-02-10', true); // on time, on the deadline day (due 02-10)
    await bring('GRC', '2024-03', '2024-04-09', false); // submitted on time, not yet published
    await s.upload([IBC_HEADER, 'IBC,GRC,2024-02,EMR,SEA,SYR,_T,_T,40,,'].join('\n'), w.cookies.providerGrc); // a draft: not received
  });
  afterAll(() => t?.close());

  it('gives every member the rates per state × indicator, state and month', async () => {
    const res = await s.api('GET', q, w.cookies.analystIta);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.periods).toEqual(['2024-01', '2024-02', '2024-03']);
    const row = (r: string) => v.rows.find((x: { reporter: string }) => x.reporter === r);
    expect(row('ITA')).toMatchObject({
      expected: 3,
      received: 2,
      onTime: 1,
      late: 1,
      missing: 1,
      reportingRate: 66.7,
      onTimeRate: 33.3,
    });
    expect(row('GRC')).toMatchObject({
      expected: 3,
      received: 2,
      onTime: 2,
      missing: 1,
      reportingRate: 66.7,
      onTimeRate: 66.7,
    });
    expect(
      v.cells.find(
        (c: { reporter: string; period: string }) => c.reporter === 'GRC' && c.period === '2024-03',
      ),
    ).toMatchObject({
      status: 'on_time',
      deadline: '2024-04-10',
      receivedOn: '2024-04-09',
    });
    expect(v.byMonth.map((m: { period: string; received: number }) => [m.period, m.received])).toEqual([
      ['2024-01', 2],
      ['2024-02', 1],
      ['2024-03', 1],
    ]);
    expect(v.total).toMatchObject({
      expected: 6,
      received: 4,
      onTime: 3,
      reportingRate: 66.7,
      onTimeRate: 50,
    });
    // Turkey is a member state without calendar entries: it is expected nothing.
    expect(v.rows.some((r: { reporter: string }) => r.reporter === 'TUR')).toBe(false);
    // On an earlier day March was not yet due: pending, in no rate.
    const early = (
      await s.api('GET', `${q.replace('2024-04-20', '2024-04-05')}&reporter=ITA`, w.cookies.providerIta)
    ).json();
    expect(early.rows[0]).toMatchObject({ expected: 2, pending: 1, reportingRate: 100, onTimeRate: 50 });
  });

  it('exports the table as CSV and XLSX', async () => {
    const csv = await s.api('GET', `${q}&format=csv`, w.cookies.manager);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('reporting-rates-2024-01-2024-03.csv');
    expect(csv.body.trim().split('\n')).toEqual([
      'reporter,indicator,expected,received,on_time,late,missing,pending,reporting_rate_pct,on_time_rate_pct',
      'GRC,IBC,3,2,2,0,1,0,66.7,66.7',
      'ITA,IBC,3,2,1,1,1,0,66.7,33.3',
    ]);
    const xlsx = await s.api('GET', `${q}&format=xlsx`, w.cookies.manager);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('data')!.getRow(3).getCell(10).value).toBe(33.3);
  });

  it('refuses non-members and bad ranges', async () => {
    expect((await s.api('GET', q)).statusCode).toBe(401);
    expect((await s.api('GET', q, w.cookies.outsider)).statusCode).toBe(404);
    const backwards = await s.api(
      'GET',
      '/definitions/reporting-rates?from=2024-05&to=2024-01',
      w.cookies.manager,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('querystring.to');
    const long = await s.api(
      'GET',
      '/definitions/reporting-rates?from=2015-01&to=2024-01',
      w.cookies.manager,
    );
    expect(long.json().errors[0]).toMatchObject({ field: 'querystring.from' });
    expect(
      (await s.api('GET', '/definitions/reporting-rates?reporter=Italy', w.cookies.manager)).statusCode,
    ).toBe(400);
  });
});
