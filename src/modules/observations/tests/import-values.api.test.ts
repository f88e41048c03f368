/**
 * Issue 13, items 17 (part) and 9 (imported files). A figure is a number of bounded size (at most 2^53 − 1 in
 * absolute value, at most 20 decimals: src/domain/observations/value-range.ts), by every way in: CSV, SDMX-CSV,
 * XLSX, JSON submissions and single-figure edits; main accepted a 1,000-digit value. A cell holding the NUL
 * character is a row error with its row and column (main: one file-level COPY error, or a 500 from JSON).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import {
  countObservations,
  type ExchangeWorld,
  IBC_HEADER,
  makeExchangeWorld,
} from '../../../../test/exchange-world';
import { buildXlsx } from '../../../../test/zip-builder';

const HUGE = '9'.repeat(1000);
const OUT_OF_RANGE = /is out of range: a figure is at most 9,007,199,254,740,991 in absolute value/;

describe.each(testDatabases())('exchange: bounded values and NUL in imported cells [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const upload = (body: string | Buffer, type = 'text/csv', fileName = 'f.csv') =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=${fileName}`,
      headers: { ...sessionHeaders(w.cookies.providerIta), 'content-type': type },
      payload: body,
    });
  const csv = (...rows: string[]) => [IBC_HEADER, ...rows].join('\n');

  it('rejects a 1,000-digit value in a CSV, SDMX-CSV or XLSX file with its row and column; nothing written', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const fromCsv = await upload(
      csv('IBC,ITA,2024-01,CMR,SEA,_T,_T,_T,5,,', `IBC,ITA,2024-01,CMR,SEA,TUN,_T,_T,${HUGE},,`),
    );
    expect(fromCsv.statusCode).toBe(400);
    expect(fromCsv.json().code).toBe('IMPORT_REJECTED');
    expect(fromCsv.json().errors).toEqual([
      expect.objectContaining({
        file: 'f.csv',
        row: 3,
        column: 'I',
        field: 'value',
        message: expect.stringMatching(OUT_OF_RANGE),
      }),
    ]);

    const sdmx = [
      'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,CITIZENSHIP,OBS_VALUE',
      `PASSAGE:DF_X(1.0),RET_DEC,ITA,2022-05,SYR,${HUGE}`,
    ].join('\n');
    const fromSdmx = await upload(sdmx, 'application/vnd.sdmx.data+csv', 'f.sdmx.csv');
    expect(fromSdmx.statusCode).toBe(400);
    expect(fromSdmx.json().errors[0]).toMatchObject({ row: 2, column: 'F', field: 'value' });
    expect(fromSdmx.json().errors[0].message).toMatch(OUT_OF_RANGE);

    const xlsx = await buildXlsx({
      sheetData:
        '<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr"><is><t>period</t></is></c><c r="C1" t="inlineStr"><is><t>citizenship</t></is></c><c r="D1" t="inlineStr"><is><t>value</t></is></c></row>' +
        `<row r="2"><c r="A2" t="inlineStr"><is><t>RET_DEC</t></is></c><c r="B2" t="inlineStr"><is><t>2022-06</t></is></c><c r="C2" t="inlineStr"><is><t>SYR</t></is></c><c r="D2" t="inlineStr"><is><t>${HUGE}</t></is></c></row>`,
    });
    const fromXlsx = await upload(
      xlsx,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'f.xlsx',
    );
    expect(fromXlsx.statusCode).toBe(400);
    expect(fromXlsx.json().errors[0]).toMatchObject({ sheet: 'data', row: 2, column: 'D', field: 'value' });
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('draws the line at 2^53 − 1 and 20 decimals, and accepts what is within', async () => {
    const edge = await upload(
      csv(
        'IBC,ITA,2019-01,CMR,SEA,_T,_T,_T,9007199254740992,,',
        'IBC,ITA,2019-01,CMR,SEA,TUN,_T,_T,-9007199254740992,,',
        'IBC,ITA,2019-01,CMR,SEA,EGY,_T,_T,0.000000000000000000001,,',
      ),
    );
    expect(edge.statusCode).toBe(400);
    expect(edge.json().errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [2, 'value'],
      [3, 'value'],
      [4, 'value'],
    ]);
    const within = await upload(
      csv(
        'IBC,ITA,2019-02,CMR,SEA,_T,_T,_T,9007199254740991,,',
        'IBC,ITA,2019-02,CMR,SEA,TUN,_T,_T,-9007199254740991,,',
        'IBC,ITA,2019-02,CMR,SEA,EGY,_T,_T,0.00000000000000000001,,',
      ),
    );
    expect(within.statusCode, within.body).toBe(201);
    expect(within.json().observations).toBe(3);
  });

  it('rejects out-of-range values in the JSON figure API (submissions and single-figure edits)', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const json = (method: 'POST' | 'PUT', path: string, payload: object) =>
      t.app.inject({
        method,
        url: `/api/dialogues/${w.slug}${path}`,
        headers: sessionHeaders(w.cookies.providerIta),
        payload,
      });
    for (const value of [HUGE, 1e20, -1e16]) {
      const res = await json('POST', '/submissions', {
        observations: [
          { indicator: 'RET_DEC', period: '2021-01', breakdowns: { citizenship: 'SYR' }, value },
        ],
      });
      expect(res.statusCode, String(value)).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'body.observations[0].value' });
      expect(res.json().errors[0].message).toMatch(OUT_OF_RANGE);
    }
    const draft = await json('POST', '/submissions', {});
    expect(draft.statusCode).toBe(201);
    const edit = await json('PUT', `/submissions/${draft.json().id}/figures`, {
      indicator: 'RET_DEC',
      period: '2021-01',
      breakdowns: { citizenship: 'SYR' },
      value: 1e17,
      expectedRevision: 0,
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().errors[0]).toMatchObject({ field: 'body.value' });
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('names the row and column of a cell holding the NUL character (CSV and SDMX-CSV)', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const fromCsv = await upload(
      csv('IBC,ITA,2024-01,CMR,SEA,_T,_T,_T,5,,ok', 'IBC,ITA,2024-01,CMR,SEA,TUN,_T,_T,6,,a\u0000b'),
    );
    expect(fromCsv.statusCode).toBe(400);
    expect(fromCsv.json().errors).toEqual([
      {
        file: 'f.csv',
        row: 3,
        column: 'K',
        field: 'comment',
        message: 'must not contain the NUL character (U+0000)',
        code: 'ROW_TEXT_NUL',
        params: {},
      },
    ]);
    const sdmx = [
      'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,CITIZENSHIP,OBS_VALUE,COMMENT',
      'PASSAGE:DF_X(1.0),RET_DEC,ITA,2022-05,SY\u0000R,7,',
    ].join('\n');
    const fromSdmx = await upload(sdmx, 'application/vnd.sdmx.data+csv', 'f.sdmx.csv');
    expect(fromSdmx.statusCode).toBe(400);
    expect(fromSdmx.json().errors[0]).toMatchObject({ row: 2, column: 'E', field: 'citizenship' });
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });
});
