/**
 * Kosovo under one code: XKX is kept (Eurostat, Frontex and the shipped country-codes table use it); XKK, which
 * the registry package also knows, is mapped to XKX wherever figures come in: CSV imports (checked in SQL),
 * XLSX/SDMX/JSON rows (checked in code), and the reporter column.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';

describe.each(testDatabases())('one code for Kosovo [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const citizenships = (submissionId: number) =>
    t.db.query<{ citizenship: string }>(
      sql`SELECT DISTINCT citizenship FROM observations WHERE submission_id = ${submissionId} ORDER BY 1`,
    );

  it('has only XKX in the database', async () => {
    const rows = await t.db.query<{ iso3: string }>(
      sql`SELECT iso3 FROM countries WHERE iso3 IN ('XKK', 'XKX')`,
    );
    expect(rows.map((r) => r.iso3)).toEqual(['XKX']);
  });

  it('stores XKK from a CSV import as XKX', async () => {
    const csv = [
      IBC_HEADER,
      'IBC,ITA,2024-01,CMR,SEA,XKK,_T,_T,7,,',
      'IBC,ITA,2024-01,CMR,SEA,xkx,_T,_T,3,,',
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=kosovo.csv`,
      headers: { 'content-type': 'text/csv', 'x-passage-csrf': '1', cookie: w.cookies.providerIta },
      payload: csv,
    });
    // Both rows name the same figure once mapped: the import says so (one code, no double counting).
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toMatchObject([{ row: 3, message: expect.stringMatching(/row 2/) }]);
    const single = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=kosovo.csv`,
      headers: { 'content-type': 'text/csv', 'x-passage-csrf': '1', cookie: w.cookies.providerIta },
      payload: [
        IBC_HEADER,
        'IBC,ITA,2024-01,CMR,SEA,XKK,_T,_T,7,,',
        'IBC,ITA,2024-01,CMR,SEA,TUN,_T,_T,3,,',
      ].join('\n'),
    });
    expect(single.statusCode, single.body).toBe(201);
    expect((await citizenships(single.json().submissionId)).map((r) => r.citizenship)).toEqual([
      'TUN',
      'XKX',
    ]);
  });

  it('stores XKK from a JSON submission as XKX', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions`,
      headers: { 'x-passage-csrf': '1', cookie: w.cookies.providerIta },
      payload: {
        reporter: 'ITA',
        observations: [
          { indicator: 'RET_DEC', period: '2024-02', breakdowns: { citizenship: 'XKK' }, value: 5 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await citizenships(res.json().id)).map((r) => r.citizenship)).toEqual(['XKX']);
  });
});
