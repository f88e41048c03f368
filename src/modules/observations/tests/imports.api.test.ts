import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import {
  countObservations,
  type ExchangeWorld,
  IBC_HEADER,
  makeExchangeWorld,
} from '../../../../test/exchange-world';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsxBuffer(
  rows: (string | number | { formula: string })[][],
  sheet = 'data',
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDatabases())('exchange: imports [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());
  afterEach(() => vi.unstubAllEnvs());

  const upload = (body: string | Buffer, opts: { cookie?: string; type?: string; query?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports${opts.query ? `?${opts.query}` : ''}`,
      headers: {
        'content-type': opts.type ?? CSV,
        'x-passage-csrf': '1',
        ...(opts.cookie && { cookie: opts.cookie }),
      },
      payload: body,
    });

  const good = [
    IBC_HEADER,
    'IBC,ITA,2024-01,CMR,SEA,_T,_T,_T,100,,',
    'IBC,ITA,2024-01,CMR,SEA,TUN,_T,_T,60,,',
    'IBC,ITA,2024-01,CMR,SEA,BGD,_T,_T,40,provisional,first estimate',
    'RET_DEC,,2024-01,,,SYR,,,12,,',
  ].join('\n');

  it("imports a CSV into a new draft submission for the provider's own state", async () => {
    const res = await upload(good, { cookie: w.cookies.providerIta, query: 'fileName=jan.csv' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ reporter: 'ITA', observations: 4 });
    const sub = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submissions/${res.json().submissionId}`,
      headers: { cookie: w.cookies.providerIta },
    });
    expect(sub.json()).toMatchObject({
      status: 'draft',
      source: 'csv',
      fileName: 'jan.csv',
      observationCount: 4,
    });
    expect(sub.json().abilities).toMatchObject({ edit: true, submit: true, validate: false, publish: false });
    const obs = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submissions/${res.json().submissionId}/observations`,
      headers: { cookie: w.cookies.providerIta },
    });
    const bgd = obs
      .json()
      .find((o: { breakdowns: { citizenship: string } }) => o.breakdowns.citizenship === 'BGD');
    expect(bgd).toMatchObject({
      value: 40,
      flags: ['provisional'],
      comment: 'first estimate',
      status: 'draft',
      revision: 1,
    });
  });

  it('lets a data manager import for any member state, and reads ; separated files', async () => {
    const res = await upload(good.replaceAll(',', ';').replaceAll('ITA', 'GRC'), {
      cookie: w.cookies.manager,
      query: 'reporter=GRC',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().reporter).toBe('GRC');
  });

  it('refuses other states, other roles (403), non-members (404) and anonymous callers (401)', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    expect((await upload(good, { cookie: w.cookies.providerIta, query: 'reporter=GRC' })).statusCode).toBe(
      403,
    );
    expect((await upload(good, { cookie: w.cookies.analystIta })).statusCode).toBe(403);
    expect((await upload(good, { cookie: w.cookies.outsider })).statusCode).toBe(404);
    expect((await upload(good)).statusCode).toBe(401);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('needs the observations:write scope when the caller uses an API token', async () => {
    const token = async (scopes: string[]) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/tokens',
          headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1' },
          payload: { name: 'upload', dialogueId: w.dialogueId, scopes, expiresInDays: 30 },
        })
      ).json().secret as string;
    const send = (secret: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/imports?fileName=token.csv`,
        headers: { 'content-type': CSV, authorization: `Bearer ${secret}` },
        payload: [IBC_HEADER, 'IBC,ITA,2018-02,CMR,SEA,_T,_T,_T,5,,'].join('\n'),
      });
    const before = await countObservations(t.db, w.dialogueId);
    const denied = await send(await token(['observations:read']));
    expect(denied.statusCode).toBe(403);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
    const allowed = await send(await token(['observations:write']));
    expect(allowed.statusCode, allowed.body).toBe(201);
  });

  it('rejects a file with bad rows as a whole: every error with row, column and field; nothing written', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const bad = [
      IBC_HEADER,
      'IBC,ITA,2024-02,CMR,SEA,_T,_T,_T,100,,',
      'IBC,ITA,2024-02,CMR,SEA,TUN,_T,_T,sixty,,',
      'IBC,ITA,2024-13,CMR,SEA,BGD,_T,_T,40,,',
      'IBC,ITA,2024-02,CMR,SEA,XYZ,_T,_T,40,,',
      'IBC,FRA,2024-02,NOPE,SEA,EGY,_T,_T,40,,',
      'IBC,ITA,2099-01,CMR,SEA,EGY,_T,_T,40,,',
      'IBC,ITA,2024-02,CMR,SEA,_T,_T,_T,100,,',
      'ZZZ,ITA,2024-02,CMR,SEA,_T,_T,_T,1,,',
    ].join('\n');
    const res = await upload(bad, { cookie: w.cookies.providerIta, query: 'fileName=feb.csv' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('IMPORT_REJECTED');
    expect(body.detail).toMatch(/nothing was written/);
    const errs = body.errors.map((e: { row: number; column?: string; field: string }) => [
      e.row,
      e.column,
      e.field,
    ]);
    expect(errs).toEqual([
      [3, 'I', 'value'],
      [4, 'C', 'period'],
      [5, 'F', 'citizenship'],
      [6, 'B', 'reporter'],
      [6, 'D', 'route'],
      [7, 'C', 'period'],
      [9, 'A', 'indicator'],
    ]);
    expect(body.errors[0]).toMatchObject({ file: 'feb.csv', message: 'expected a number, found "sixty"' });
    expect(body.errors[5].message).toMatch(/in the future/);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('reports duplicate keys, within a batch and across batches', async () => {
    const lines = [IBC_HEADER];
    for (let y = 1990; y < 2020; y++)
      for (let m = 1; m <= 12; m++)
        for (const c of [
          'SYR',
          'AFG',
          'TUN',
          'EGY',
          'BGD',
          'MAR',
          'DZA',
          'IRQ',
          'PAK',
          'ERI',
          'SDN',
          'NGA',
          'GIN',
          'CIV',
        ])
          lines.push(`IBC,ITA,${y}-${String(m).padStart(2, '0')},CMR,SEA,${c},_T,_T,1,,`);
    lines.push('IBC,ITA,1990-01,CMR,SEA,SYR,_T,_T,2,,'); // same key as row 2, > 5000 rows later
    lines.push('IBC,ITA,2019-12,CMR,SEA,CIV,_T,_T,2,,'); // same key as the row just before the previous one
    const before = await countObservations(t.db, w.dialogueId);
    const res = await upload(lines.join('\n'), { cookie: w.cookies.providerIta });
    expect(res.statusCode).toBe(400);
    const errs = res.json().errors.sort((a: { row: number }, b: { row: number }) => a.row - b.row);
    expect(errs.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [lines.length - 1, 'key'],
      [lines.length, 'key'],
    ]);
    expect(errs[0].message).toMatch(/duplicate key/);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('requires the breakdown columns an indicator needs', async () => {
    const res = await upload('indicator,period,value\nIBC,2024-01,5\nIBC,2024-02,6', {
      cookie: w.cookies.providerIta,
    });
    expect(res.statusCode).toBe(400);
    const messages = res.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toContain('the file has no column "route", required for indicator IBC');
    // reported once, not once per row
    expect(messages.filter((m: string) => m.includes('"route"'))).toHaveLength(1);
  });

  it('rejects unknown header columns and empty files', async () => {
    const res = await upload('indicator,period,value,colour\nIBC,2024-01,5,red', {
      cookie: w.cookies.providerIta,
    });
    expect(res.json().errors[0]).toMatchObject({ row: 1, column: 'D', field: 'colour' });
    const empty = await upload('', { cookie: w.cookies.providerIta });
    expect(empty.statusCode).toBe(400);
    const headerOnly = await upload(`${IBC_HEADER}\n`, { cookie: w.cookies.providerIta });
    expect(headerOnly.json().errors[0].message).toBe('the file has no data rows');
  });

  it('rejects broken encodings and says which row', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(
        `${IBC_HEADER}\nIBC,ITA,2024-01,CMR,SEA,_T,_T,_T,1,,ok\nIBC,ITA,2024-01,CMR,SEA,SYR,_T,_T,1,,r`,
      ),
      Buffer.from([0xe9, 0x73, 0x75, 0x6d, 0xe9]), // "résumé" in Latin-1
      Buffer.from('\n'),
    ]);
    const res = await upload(latin1, { cookie: w.cookies.providerIta });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ row: 3, column: 'K', field: 'comment' });
    expect(res.json().errors[0].message).toMatch(/not valid UTF-8/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(IBC_HEADER, 'utf16le')]);
    expect((await upload(utf16, { cookie: w.cookies.providerIta })).json().errors[0].message).toMatch(
      /UTF-16/,
    );
  });

  it('rejects a file over the size limit with 413 and writes nothing', async () => {
    vi.stubEnv('PASSAGE_IMPORT_MAX_BYTES', '200');
    const before = await countObservations(t.db, w.dialogueId);
    const res = await upload(good.repeat(3), { cookie: w.cookies.providerIta });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'FILE_TOO_LARGE', limitBytes: 200 });
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('rejects a malformed CSV (unclosed quote) with its line', async () => {
    const res = await upload(`${IBC_HEADER}\nIBC,ITA,2024-01,CMR,SEA,_T,_T,_T,1,,"never closed\n`, {
      cookie: w.cookies.providerIta,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toMatch(/CSV cannot be read/);
  });

  it('reads cells with spaces around them, lower-case country codes and blank lines', async () => {
    const csv = [
      IBC_HEADER,
      '',
      ' IBC , ita ,2019-04, CMR,SEA, tun ,_T,_T, 12 ,,  padded  ',
      'IBC,ITA,2019-04,CMR,SEA,EGY,_T,_T,3,PROVISIONAL;estimated,',
      '',
      ',,,,,,,,,,',
    ].join('\r\n');
    const res = await upload(csv, { cookie: w.cookies.providerIta });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().observations).toBe(2);
    const obs = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submissions/${res.json().submissionId}/observations`,
      headers: { cookie: w.cookies.providerIta },
    });
    const byCitizenship = Object.fromEntries(
      obs.json().map((o: { breakdowns: { citizenship: string } }) => [o.breakdowns.citizenship, o]),
    );
    expect(byCitizenship.TUN).toMatchObject({ value: 12, comment: 'padded', flags: [] });
    expect(byCitizenship.EGY).toMatchObject({ value: 3, flags: ['provisional', 'estimated'] });
  });

  it('names the row of a CSV row with too many cells, and counts blank lines in row numbers', async () => {
    const res = await upload([IBC_HEADER, '', 'IBC,ITA,2019-05,CMR,SEA,TUN,_T,_T,1,,,extra'].join('\n'), {
      cookie: w.cookies.providerIta,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ row: 3, field: 'file' });
    expect(res.json().errors[0].message).toMatch(/more cells than the header/);
  });

  it("rejects months outside the reporter's reporting calendar, once per indicator and month", async () => {
    const cal = await makeExchangeWorld(t);
    const [ibc] = await t.db.query<{ id: number }>(
      sql`SELECT id FROM indicators WHERE dialogue_id = ${cal.dialogueId} AND code = 'IBC'`,
    );
    await t.db.query(sql`INSERT INTO reporting_calendars (dialogue_id, reporter_iso3, indicator_id, from_period, to_period)
      VALUES (${cal.dialogueId}, 'ITA', ${ibc!.id}, '2020-01-01', '2020-12-01')`);
    const send = (lines: string[]) =>
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${cal.slug}/imports`,
        headers: { 'content-type': CSV, 'x-passage-csrf': '1', cookie: cal.cookies.providerIta },
        payload: [IBC_HEADER, ...lines].join('\n'),
      });
    const inside = await send(['IBC,ITA,2020-03,CMR,SEA,_T,_T,_T,5,,']);
    expect(inside.statusCode, inside.body).toBe(201);
    const outside = await send([
      'IBC,ITA,2020-04,CMR,SEA,_T,_T,_T,5,,',
      'IBC,ITA,2021-03,CMR,SEA,_T,_T,_T,5,,',
      'IBC,ITA,2021-03,CMR,SEA,TUN,_T,_T,5,,',
    ]);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors).toHaveLength(1);
    expect(outside.json().errors[0]).toMatchObject({ row: 3, column: 'C', field: 'period' });
    expect(outside.json().errors[0].message).toMatch(/2 figures of IBC for 2021-03/);
  });

  it('imports SDMX-CSV', async () => {
    const sdmx = [
      'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,CITIZENSHIP,OBS_VALUE,OBS_STATUS',
      'PASSAGE:DF_X(1.0),RET_DEC,ITA,2022-M05,SYR,7,E',
      'PASSAGE:DF_X(1.0),RET_DEC,ITA,2022-05,AFG,3,A',
    ].join('\n');
    const res = await upload(sdmx, { cookie: w.cookies.providerIta, type: 'application/vnd.sdmx.data+csv' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().observations).toBe(2);
  });

  it('imports XLSX, and rejects formulas and macro-enabled workbooks', async () => {
    const header = IBC_HEADER.split(',');
    const ok = await xlsxBuffer([
      header,
      ['IBC', 'ITA', '2023-06', 'EMR', 'LAND', 'AFG', '_T', '_T', 9, '', ''],
    ]);
    const res = await upload(ok, { cookie: w.cookies.providerIta, type: XLSX, query: 'fileName=june.xlsx' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().observations).toBe(1);

    const withFormula = await xlsxBuffer([
      header,
      ['IBC', 'ITA', '2023-07', 'EMR', 'LAND', 'AFG', '_T', '_T', { formula: '4+5' }, '', ''],
    ]);
    const f = await upload(withFormula, {
      cookie: w.cookies.providerIta,
      type: XLSX,
      query: 'fileName=july.xlsx',
    });
    expect(f.statusCode).toBe(400);
    expect(f.json().errors[0]).toMatchObject({ file: 'july.xlsx', sheet: 'data', row: 2, column: 'I' });
    expect(f.json().errors[0].message).toMatch(/formulas are not accepted/);

    const xlsm = await upload(ok, {
      cookie: w.cookies.providerIta,
      type: XLSX,
      query: 'fileName=macro.xlsm',
    });
    expect(xlsm.statusCode).toBe(400);
    expect(xlsm.json().errors[0].message).toMatch(/macro-enabled/);
    // A workbook carrying a VBA project, whatever its name.
    const withVba = Buffer.concat([ok.subarray(0, 30), Buffer.from('xl/vbaProject.bin'), ok.subarray(30)]);
    const vba = await upload(withVba, {
      cookie: w.cookies.providerIta,
      type: XLSX,
      query: 'fileName=x.xlsx',
    });
    expect(vba.statusCode).toBe(400);
    expect(vba.json().errors[0].message).toMatch(/macros/);

    const garbage = await upload(Buffer.from('this is not a zip file at all'), {
      cookie: w.cookies.providerIta,
      type: XLSX,
    });
    expect(garbage.statusCode).toBe(400);
  });

  it('downloads import templates per indicator and reporter, which import back', async () => {
    const csv = await t.app.inject({
      url: `/api/dialogues/${w.slug}/templates/RET_DEC?period=2021-01`,
      headers: { cookie: w.cookies.providerIta },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(`template-${w.slug}-RET_DEC-ITA.csv`);
    expect(csv.body.split('\n')[0]).toBe('indicator,reporter,period,citizenship,value,flags,comment');
    const filled = csv.body.replace('RET_DEC,ITA,2021-01,_T,,,', 'RET_DEC,ITA,2021-01,_T,15,,');
    expect((await upload(filled, { cookie: w.cookies.providerIta })).statusCode).toBe(201);

    const xlsx = await t.app.inject({
      url: `/api/dialogues/${w.slug}/templates/IBC?format=xlsx&reporter=ITA`,
      headers: { cookie: w.cookies.providerIta },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['data', 'codes']);
    expect((wb.getWorksheet('data')!.getRow(1).values as string[]).slice(1)).toEqual([
      'indicator',
      'reporter',
      'period',
      'route',
      'border_type',
      'citizenship',
      'sex',
      'age_group',
      'value',
      'flags',
      'comment',
    ]);
    const missing = await t.app.inject({
      url: `/api/dialogues/${w.slug}/templates/NOPE`,
      headers: { cookie: w.cookies.providerIta },
    });
    expect(missing.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/dialogues/${w.slug}/templates/IBC` })).statusCode).toBe(401);
  });
});
