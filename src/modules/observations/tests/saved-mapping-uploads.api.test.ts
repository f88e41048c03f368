/**
 * Plain uploads (`POST /imports`) of XLSX and SDMX-CSV files in a state's own layout go through the saved
 * mapping their header fits, as CSV ones do (issue 22, "applied automatically when the same header comes
 * back"; observations.saved-mapping.ts), on both databases: the answer names the mapping and the stored
 * figures are the file's; another state's provider does not get that state's mapping (the template importer's
 * errors, nothing written); a header that no longer fits gets the template's errors, nothing written.
 */
import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { countObservations, type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import type { ImportMapping } from '../../../domain/import-mapping';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SDMX = 'application/vnd.sdmx.data+csv';

/** Italy's monthly workbook: one row per citizenship, one column per month, no totals. */
const XLSX_HEADER = ['Nationality', '2024M05', '2024M06'];
const xlsxMapping: ImportMapping = {
  header: XLSX_HEADER,
  columns: [
    { kind: 'field', field: 'citizenship' },
    { kind: 'period', period: '2024-05' },
    { kind: 'period', period: '2024-06' },
  ],
  fixed: { indicator: 'ASY' },
  codes: {},
};

/** A Eurostat-style SDMX-CSV (its own dimension names, ISO-2 codes): not Passage's DSD. */
const SDMX_HEADER = [
  'DATAFLOW',
  'LAST UPDATE',
  'freq',
  'citizen',
  'geo',
  'TIME_PERIOD',
  'OBS_VALUE',
  'OBS_FLAG',
];
const sdmxMapping: ImportMapping = {
  header: SDMX_HEADER,
  columns: [
    { kind: 'ignore' },
    { kind: 'ignore' },
    { kind: 'ignore' },
    { kind: 'field', field: 'citizenship' },
    { kind: 'field', field: 'reporter' },
    { kind: 'field', field: 'period' },
    { kind: 'field', field: 'value' },
    { kind: 'ignore' },
  ],
  fixed: { indicator: 'ASY' },
  codes: {},
};
const sdmxFile = (header = SDMX_HEADER) =>
  [
    header.join(','),
    'ESTAT:MIGR_ASYAPPCTZM(1.0),01/12/24 23:00:00,M,SY,IT,2024-07,40,',
    'ESTAT:MIGR_ASYAPPCTZM(1.0),01/12/24 23:00:00,M,AF,IT,2024-07,25,',
    'ESTAT:MIGR_ASYAPPCTZM(1.0),01/12/24 23:00:00,M,SY,IT,2024-08,41,p',
  ].join('\n');

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('asylum');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDatabases())('saved mappings applied to XLSX and SDMX-CSV uploads [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    await t.db.query(sql`UPDATE indicators SET additive_breakdowns = '{citizenship}'
      WHERE dialogue_id = ${w.dialogueId} AND code = 'ASY'`);
    for (const [name, mapping] of [
      ['ita-monthly', xlsxMapping],
      ['ita-eurostat', sdmxMapping],
    ] as const) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/dialogues/${w.slug}/import-mappings/${name}`,
        headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1' },
        payload: { reporter: 'ITA', mapping },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  const upload = (file: Buffer | string, type: string, fileName: string, cookie = w.cookies.providerIta) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=${fileName}`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': type },
      payload: file,
    });
  const stored = (submissionId: number) =>
    t.db.query<{ period: string; citizenship: string; value: number; derived: boolean }>(sql`SELECT
        to_char(period, 'YYYY-MM') AS period, citizenship, value::float8 AS value, derived
      FROM observations WHERE submission_id = ${submissionId} ORDER BY 1, 2`);

  it('imports an XLSX whose header fits the state’s saved mapping through it, naming the mapping', async () => {
    const file = await workbook([XLSX_HEADER, ['Syria', 12, 14], ['Afghanistan', 3, '']]);
    const res = await upload(file, XLSX, 'may-june.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mapping: 'ita-monthly', reporter: 'ITA', observations: 5 });
    expect(res.json().submissions).toEqual([
      { submissionId: res.json().submissionId, reporter: 'ITA', observations: 5, derivedTotals: 2 },
    ]);
    expect(await stored(res.json().submissionId)).toEqual([
      { period: '2024-05', citizenship: 'AFG', value: 3, derived: false },
      { period: '2024-05', citizenship: 'SYR', value: 12, derived: false },
      { period: '2024-05', citizenship: '_T', value: 15, derived: true },
      { period: '2024-06', citizenship: 'SYR', value: 14, derived: false },
      { period: '2024-06', citizenship: '_T', value: 14, derived: true },
    ]);
    const [sub] = await t.db.query<{ file_name: string; source: string }>(
      sql`SELECT file_name, source FROM submissions WHERE id = ${res.json().submissionId}`,
    );
    expect(sub).toEqual({ file_name: 'may-june.xlsx', source: 'xlsx' });
  });

  it('still imports a template XLSX as a template', async () => {
    const file = await workbook([
      ['indicator', 'reporter', 'period', 'citizenship', 'value'],
      ['RET_DEC', 'ITA', '2024-05', '_T', 9],
    ]);
    const res = await upload(file, XLSX, 'template.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mapping).toBeUndefined();
    expect(res.json()).toMatchObject({ reporter: 'ITA', observations: 1 });
  });

  it('does not give another state’s provider that state’s XLSX mapping: the template’s errors, nothing written', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const file = await workbook([XLSX_HEADER, ['Syria', 1, 2]]);
    const res = await upload(file, XLSX, 'grc.xlsx', w.cookies.providerGrc);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({
        file: 'grc.xlsx',
        sheet: 'asylum',
        column: 'A',
        code: 'HEADER_COLUMN_UNKNOWN',
      }),
    );
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('refuses an XLSX whose header no longer fits the mapping with the template’s errors, writing nothing', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const file = await workbook([
      ['Country of citizenship', '2024M07'],
      ['Syria', 5],
    ]);
    const res = await upload(file, XLSX, 'july.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({
        row: 1,
        column: 'A',
        field: 'Country of citizenship',
        code: 'HEADER_COLUMN_UNKNOWN',
      }),
    );
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('imports an SDMX-CSV in another structure through the saved mapping its header fits', async () => {
    const res = await upload(sdmxFile(), SDMX, 'migr_asyappctzm.sdmx.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mapping: 'ita-eurostat', reporter: 'ITA', observations: 5 });
    expect(await stored(res.json().submissionId)).toEqual([
      { period: '2024-07', citizenship: 'AFG', value: 25, derived: false },
      { period: '2024-07', citizenship: 'SYR', value: 40, derived: false },
      { period: '2024-07', citizenship: '_T', value: 65, derived: true },
      { period: '2024-08', citizenship: 'SYR', value: 41, derived: false },
      { period: '2024-08', citizenship: '_T', value: 41, derived: true },
    ]);
  });

  it('does not give another state’s provider that mapping for an SDMX-CSV: the SDMX header’s errors', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const res = await upload(sdmxFile(), SDMX, 'grc.sdmx.csv', w.cookies.providerGrc);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { code?: string }) => e.code)).toContain('SDMX_HEADER_COLUMN_UNKNOWN');
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('refuses an SDMX-CSV whose header no longer fits with the SDMX header’s errors, writing nothing', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const header = SDMX_HEADER.map((h) => (h === 'geo' ? 'GEO_AREA' : h));
    const res = await upload(sdmxFile(header), SDMX, 'renamed.sdmx.csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ field: 'GEO_AREA', code: 'SDMX_HEADER_COLUMN_UNKNOWN' }),
    );
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });
});
