/**
 * Import mappings through the API on both databases: saving (revisions, who may), the mapping step's
 * proposal, imports through a mapping (wide tables, several reporters all-or-nothing, derived or required
 * totals, historical loads, dry runs) and the bad inputs the issue lists (nothing written).
 */
import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { countObservations, type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import type { ImportMapping } from '../../../domain/import-mapping';

const CSV = 'text/csv';

/** ASY by citizenship, wide by month, several reporters: the secretariat's kind of file. */
const WIDE_HEADER = ['Reporting country', 'Citizenship', '2024M01', '2024M02'];
const wideMapping: ImportMapping = {
  header: WIDE_HEADER,
  columns: [
    { kind: 'field', field: 'reporter' },
    { kind: 'field', field: 'citizenship' },
    { kind: 'period', period: '2024-01' },
    { kind: 'period', period: '2024-02' },
  ],
  fixed: { indicator: 'ASY' },
  codes: { citizenship: { Atlantis: 'UNK' } },
};
const wideFile = [
  WIDE_HEADER.join(','),
  'Italy,Syria,10,20',
  'Italy,Afghanistan,5,',
  'Greece,DR Congo,7,8',
  'Greece,Atlantis,1,1',
].join('\n');

describe.each(testDatabases())('import mappings [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    // ASY's citizenship breakdown adds up to its total (a definition of the dialogue).
    await t.db.query(sql`UPDATE indicators SET additive_breakdowns = '{citizenship}'
      WHERE dialogue_id = ${w.dialogueId} AND code = 'ASY'`);
  });
  afterAll(() => t?.close());

  const base = () => `/api/dialogues/${w.slug}/import-mappings`;
  const save = (name: string, body: unknown, cookie = w.cookies.manager) =>
    t.app.inject({
      method: 'PUT',
      url: `${base()}/${encodeURIComponent(name)}`,
      headers: { cookie, 'x-passage-csrf': '1' },
      payload: body as Record<string, unknown>,
    });
  const send = (path: string, file: string, cookie = w.cookies.manager) =>
    t.app.inject({
      method: 'POST',
      url: `${base()}${path}`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': CSV },
      payload: file,
    });
  const asyCount = async () =>
    (
      await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM observations o
        JOIN indicators i ON i.id = o.indicator_id WHERE o.dialogue_id = ${w.dialogueId} AND i.code = 'ASY'`)
    )[0]!.n;

  it('saves a mapping, and a second save as a new revision with the first kept', async () => {
    const first = await save('monthly wide', { mapping: wideMapping });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ name: 'monthly wide', reporter: null, revision: 1 });
    const second = await save('monthly wide', {
      mapping: { ...wideMapping, codes: { citizenship: { Atlantis: 'UNK', 'EU-27': null } } },
      expectedRevision: 1,
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().revision).toBe(2);
    const stale = await save('monthly wide', { mapping: wideMapping, expectedRevision: 1 });
    expect(stale.statusCode).toBe(409);
    const got = await t.app.inject({
      method: 'GET',
      url: `${base()}/monthly%20wide`,
      headers: { cookie: w.cookies.manager },
    });
    expect(got.statusCode).toBe(200);
    expect(got.json().revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(got.json().revisions[1].mapping.codes).toEqual({ citizenship: { Atlantis: 'UNK' } });
    const list = await t.app.inject({
      method: 'GET',
      url: base(),
      headers: { cookie: w.cookies.providerIta },
    });
    expect(list.json().items.map((m: { name: string }) => m.name)).toContain('monthly wide');
  });

  it('lets a provider save only for their own state; others are refused', async () => {
    expect(
      (await save('ita', { reporter: 'ITA', mapping: wideMapping }, w.cookies.providerIta)).statusCode,
    ).toBe(201);
    expect((await save('wide-for-all', { mapping: wideMapping }, w.cookies.providerIta)).statusCode).toBe(
      403,
    );
    expect(
      (await save('grc', { reporter: 'GRC', mapping: wideMapping }, w.cookies.providerIta)).statusCode,
    ).toBe(403);
    expect((await save('x', { mapping: wideMapping }, w.cookies.analystIta)).statusCode).toBe(403);
    expect((await save('x', { mapping: wideMapping }, w.cookies.outsider)).statusCode).toBe(404);
    // GRC's provider does not see ITA's mapping.
    const list = await t.app.inject({
      method: 'GET',
      url: base(),
      headers: { cookie: w.cookies.providerGrc },
    });
    expect(list.json().items.map((m: { name: string }) => m.name)).not.toContain('ita');
    const one = await t.app.inject({
      method: 'GET',
      url: `${base()}/ita`,
      headers: { cookie: w.cookies.providerGrc },
    });
    expect(one.statusCode).toBe(404);
  });

  it('refuses a mapping with two columns on one field, or a required field unassigned, naming them', async () => {
    const two = await save('bad', {
      mapping: {
        ...wideMapping,
        columns: [
          wideMapping.columns[0],
          { kind: 'field', field: 'reporter' },
          ...wideMapping.columns.slice(2),
        ],
      },
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors[0]).toMatchObject({
      column: 'B',
      field: 'mapping.reporter',
      message:
        'columns A ("Reporting country") and B ("Citizenship") are both mapped to the field "reporter"',
    });
    const none = await save('bad', { mapping: { ...wideMapping, fixed: {} } });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].message).toContain('no column is mapped to the field "indicator"');
    const label = await save('bad', {
      mapping: { ...wideMapping, codes: { citizenship: { 'DR Congo': 'COD', 'dr congo': 'COG' } } },
    });
    expect(label.statusCode).toBe(400);
    expect(label.json().errors[0].message).toContain('is mapped to two codes');
    const shape = await save('bad', {
      mapping: { header: ['a'], columns: [{ kind: 'nonsense' }], fixed: {}, codes: {} },
    });
    expect(shape.statusCode).toBe(400);
    const got = await t.app.inject({
      method: 'GET',
      url: `${base()}/bad`,
      headers: { cookie: w.cookies.manager },
    });
    expect(got.statusCode).toBe(404);
  });

  it('words the mapping errors in the caller’s language, with a stable code', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `${base()}/bad`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1', 'accept-language': 'fr' },
      payload: { mapping: { ...wideMapping, fixed: {} } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      code: 'MAPPING_FIELD_UNASSIGNED',
      field: 'mapping.indicator',
      message:
        'aucune colonne n’est associée au champ « indicator » (associez une colonne ou fixez l’indicateur pour tout le fichier)',
    });
    const ru = await t.app.inject({
      method: 'POST',
      url: `${base()}/monthly%20wide/imports?dryRun=true`,
      headers: {
        cookie: w.cookies.manager,
        'x-passage-csrf': '1',
        'content-type': CSV,
        'accept-language': 'ru',
      },
      payload: ['Country,Citizenship,2024M03', 'Italy,Syria,1'].join('\n'),
    });
    expect(ru.json().errors[0].message).toBe(
      'столбца «Country» нет в сохранённом сопоставлении «monthly wide»: заголовок больше не совпадает (сопоставьте файл заново)',
    );
  });

  it('proposes a mapping for a wide file, lists the labels to confirm and finds the saved mapping that fits', async () => {
    const res = await send('/propose?fileName=wide.csv', wideFile);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.layout).toBe('wide-period');
    expect(p.mapping.columns).toEqual([
      { kind: 'field', field: 'reporter' },
      { kind: 'field', field: 'citizenship' },
      { kind: 'period', period: '2024-01' },
      { kind: 'period', period: '2024-02' },
    ]);
    expect(p.problems).toEqual([
      expect.objectContaining({
        field: 'citizenship',
        label: 'Atlantis',
        kind: 'unknown',
        firstRow: 5,
        column: 'B',
      }),
    ]);
    expect(p.preview[0]).toMatchObject({
      reporter: 'ITA',
      citizenship: 'SYR',
      period: '2024-01',
      value: '10',
    });
    expect(p.savedMatch?.name).toBe('monthly wide');
    expect((await send('/propose', wideFile, w.cookies.analystIta)).statusCode).toBe(403);
    expect((await send('/propose', wideFile, w.cookies.outsider)).statusCode).toBe(404);
  });

  it('a dry run checks the whole file and shows the first figures, writing nothing', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const res = await send('/monthly%20wide/imports?dryRun=true&fileName=wide.csv', wideFile);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, mapping: 'monthly wide' });
    expect(res.json().submissions).toEqual([
      { reporter: 'ITA', submissionId: null, observations: 5, derivedTotals: 2 },
      { reporter: 'GRC', submissionId: null, observations: 6, derivedTotals: 2 },
    ]);
    expect(res.json().preview.length).toBe(7);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('imports one file with several reporters as one draft per reporter, deriving the missing totals', async () => {
    const res = await send('/monthly%20wide/imports?fileName=wide.csv', wideFile);
    expect(res.statusCode, res.body).toBe(201);
    const subs = res.json().submissions as { reporter: string; submissionId: number }[];
    expect(subs.map((s) => s.reporter)).toEqual(['ITA', 'GRC']);
    const totals = await t.db.query<{
      reporter: string;
      period: string;
      value: number;
      comment: string;
      derived: boolean;
    }>(sql`SELECT
        o.reporter_iso3 AS reporter, to_char(o.period, 'YYYY-MM') AS period, o.value::float8 AS value, o.comment,
        o.derived
      FROM observations o WHERE o.submission_id = ANY(${subs.map((s) => s.submissionId)}::int[]) AND o.citizenship = '_T'
      ORDER BY 1 DESC, 2`);
    expect(totals.map((r) => [r.reporter, r.period, r.value])).toEqual([
      ['ITA', '2024-01', 15],
      ['ITA', '2024-02', 20],
      ['GRC', '2024-01', 8],
      ['GRC', '2024-02', 9],
    ]);
    expect(totals.every((r) => r.derived)).toBe(true);
    expect(totals[0]!.comment).toBe('derived total: the sum of 2 parts by citizenship');
    const [parts] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM observations
      WHERE submission_id = ANY(${subs.map((s) => s.submissionId)}::int[]) AND citizenship <> '_T' AND derived`);
    expect(parts!.n).toBe(0);
    const [sub] = await t.db.query<{ status: string; reporter_iso3: string }>(
      sql`SELECT status, reporter_iso3 FROM submissions WHERE id = ${subs[1]!.submissionId}`,
    );
    expect(sub).toEqual({ status: 'draft', reporter_iso3: 'GRC' });
  });

  it('is all or nothing across reporters: a bad row of one state writes nothing for the other', async () => {
    const before = await asyCount();
    const res = await send(
      '/monthly%20wide/imports',
      [WIDE_HEADER.join(','), 'Italy,Syria,10,20', 'Greece,Syria,abc,1', 'Narnia,Syria,1,1'].join('\n'),
    );
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { row: number; column?: string; field: string; message: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ row: 4, column: 'A', field: 'reporter' }));
    expect(errors.find((e) => e.field === 'reporter')!.message).toContain(
      '"Narnia" is not a known reporter label',
    );
    expect(await asyCount()).toBe(before);
  });

  it('refuses a file with several reporters from a data provider, naming the other state', async () => {
    expect(
      (await save('prov', { reporter: 'ITA', mapping: wideMapping }, w.cookies.providerIta)).statusCode,
    ).toBe(201);
    const before = await asyCount();
    const res = await send('/prov/imports', wideFile, w.cookies.providerIta);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toContain('you may not submit figures for GRC');
    expect(await asyCount()).toBe(before);
  });

  it('refuses the parts without a total where the dialogue requires reported totals', async () => {
    await t.db.query(sql`UPDATE dialogues SET reported_totals_required = true WHERE id = ${w.dialogueId}`);
    try {
      const res = await send('/monthly%20wide/imports?dryRun=true', wideFile);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ row: 2, field: 'citizenship' });
      expect(res.json().errors[0].message).toBe(
        '2 groups of ASY figures of ITA by citizenship have no total (_T), and this dialogue requires reported totals (the first on this row)',
      );
    } finally {
      await t.db.query(sql`UPDATE dialogues SET reported_totals_required = false WHERE id = ${w.dialogueId}`);
    }
  });

  it('refuses a file whose header no longer matches the saved mapping', async () => {
    const res = await send(
      '/monthly%20wide/imports?fileName=next.csv',
      ['Country,Citizenship,2024M03', 'Italy,Syria,1'].join('\n'),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ file: 'next.csv', row: 1, column: 'A', field: 'header' });
    expect(res.json().errors.map((e: { message: string }) => e.message)).toContain(
      'the column "Reporting country" of the saved mapping "monthly wide" is missing from the file: the header no longer matches it',
    );
  });

  it('applies a saved wide mapping to next month’s file (one more month column)', async () => {
    const res = await send(
      '/monthly%20wide/imports?dryRun=true',
      ['Reporting country,Citizenship,2024M02,2024M03', 'Italy,Syria,1,2'].join('\n'),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().preview.map((c: { period: string }) => c.period)).toEqual(['2024-02', '2024-03']);
  });

  it('reads an XLSX workbook through the same mapping (sheet named in the preview’s errors)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('monthly');
    ws.addRow(WIDE_HEADER);
    ws.addRow(['Italy', 'Syria', 3, 4]);
    ws.addRow(['Greece', 'Nowhere land', 1, 2]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await t.app.inject({
      method: 'POST',
      url: `${base()}/monthly%20wide/imports?dryRun=true&fileName=monthly.xlsx`,
      headers: {
        cookie: w.cookies.manager,
        'x-passage-csrf': '1',
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: file,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        file: 'monthly.xlsx',
        sheet: 'monthly',
        row: 3,
        column: 'B',
        field: 'citizenship',
        code: 'LABEL_UNKNOWN',
      }),
    ]);
  });

  it('refuses an unreadable period label, naming the column', async () => {
    const long: ImportMapping = {
      header: ['when', 'n'],
      columns: [
        { kind: 'field', field: 'period' },
        { kind: 'field', field: 'value' },
      ],
      fixed: { indicator: 'RET_DEC' },
      codes: {},
    };
    expect((await save('long', { reporter: 'ITA', mapping: long })).statusCode).toBe(201);
    const res = await send('/long/imports', ['when,n', '2024-01,5', 'spring 2024,6'].join('\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'A',
        field: 'period',
        message: '"spring 2024" cannot be read as a month (e.g. 2015-01, 2015M01, Jan 2015)',
      }),
    ]);
  });

  it('loads past years outside the reporting calendar as a historical load: secretariat only, audited', async () => {
    const [asy] = await t.db.query<{ id: number }>(
      sql`SELECT id FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'RET_DEC'`,
    );
    await t.db.query(sql`INSERT INTO reporting_calendars (dialogue_id, reporter_iso3, indicator_id, from_period)
      VALUES (${w.dialogueId}, 'ITA', ${asy!.id}, '2024-01-01')`);
    const file = ['when,n', '2015-01,5', '2015-02,6'].join('\n');
    const plain = await send('/long/imports', file);
    expect(plain.statusCode).toBe(400);
    expect(plain.json().errors[0].message).toContain('is before ITA reports RET_DEC');
    const byProvider = await send('/ita/imports?historical=true', file, w.cookies.providerIta);
    expect(byProvider.statusCode).toBe(403);
    const res = await send('/long/imports?historical=true', file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ historical: true, observations: 2 });
    const id = res.json().submissions[0].submissionId;
    const [sub] = await t.db.query<{ historical_load: boolean }>(
      sql`SELECT historical_load FROM submissions WHERE id = ${id}`,
    );
    expect(sub!.historical_load).toBe(true);
    const audit = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE target_type = 'submission' AND target_id = ${String(id)}`,
    );
    expect(audit.map((a) => a.action)).toContain('submission.import.historical');
  });

  it('applies a fitting saved mapping to a plain upload (POST /imports); other callers get the template’s errors', async () => {
    const upload = (file: string, cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/imports?fileName=march.csv`,
        headers: { cookie, 'x-passage-csrf': '1', 'content-type': CSV },
        payload: file,
      });
    const file = ['when,n', '2024-03,7'].join('\n');
    const before = await countObservations(t.db, w.dialogueId);
    // GRC's provider may not use ITA's mappings: the template importer names the unknown columns.
    const grc = await upload(file, w.cookies.providerGrc);
    expect(grc.statusCode).toBe(400);
    expect(grc.json().errors.map((e: { code?: string }) => e.code)).toContain('HEADER_COLUMN_UNKNOWN');
    // A header no saved mapping fits: the template's errors too.
    const none = await upload(['colour,n', 'red,1'].join('\n'), w.cookies.providerIta);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'colour', code: 'HEADER_COLUMN_UNKNOWN' });
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);

    const res = await upload(file, w.cookies.providerIta);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mapping: 'long', reporter: 'ITA', observations: 1 });
    expect(res.json().submissions).toHaveLength(1);
    const [sub] = await t.db.query<{ file_name: string; reporter_iso3: string }>(
      sql`SELECT file_name, reporter_iso3 FROM submissions WHERE id = ${res.json().submissionId}`,
    );
    expect(sub).toMatchObject({ file_name: 'march.csv', reporter_iso3: 'ITA' });
    expect(await countObservations(t.db, w.dialogueId)).toBe(before + 1);
  });

  it('flags a derived total in the API, the CSV export and keeps it in the dashboards once published', async () => {
    const file = [WIDE_HEADER.slice(0, 3).join(','), 'Türkiye,Syria,4', 'Türkiye,Iraq,6'].join('\n');
    // Past months: a historical load, outside the reporting calendar an earlier test gave the dialogue.
    const res = await send(
      '/monthly%20wide/imports?historical=true&fileName=tur.csv',
      file.replace('2024M01', '2023M05'),
    );
    expect(res.statusCode, res.body).toBe(201);
    const [sub] = res.json().submissions as { submissionId: number; derivedTotals: number }[];
    expect(sub!.derivedTotals).toBe(1);
    const api = (method: 'GET' | 'POST', path: string, cookie = w.cookies.manager) =>
      t.app.inject({
        method,
        url: `/api/dialogues/${w.slug}${path}`,
        headers: { cookie, 'x-passage-csrf': '1' },
        ...(method === 'POST' && { payload: {} }),
      });
    const figures = (await api('GET', `/submissions/${sub!.submissionId}/observations`)).json() as {
      breakdowns: { citizenship: string };
      value: number;
      derived: boolean;
    }[];
    expect(figures.map((f) => [f.breakdowns.citizenship, Number(f.value), f.derived]).sort()).toEqual([
      ['IRQ', 6, false],
      ['SYR', 4, false],
      ['_T', 10, true],
    ]);
    for (const step of ['submit', 'validate', 'publish']) {
      const r = await api('POST', `/submissions/${sub!.submissionId}/${step}`);
      expect(r.statusCode, `${step}: ${r.body}`).toBe(200);
    }
    const csv = await api('GET', '/observations?indicator=ASY&reporter=TUR&format=csv', w.cookies.analystIta);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]!.split(',').at(-1)).toBe('derived');
    expect(
      lines
        .slice(1)
        .map((l) => [l.split(',')[5], l.split(',').at(-1)])
        .sort(),
    ).toEqual([
      ['IRQ', 'false'],
      ['SYR', 'false'],
      ['_T', 'true'],
    ]);
    const json = (
      await api('GET', '/observations?indicator=ASY&reporter=TUR&citizenship=_T', w.cookies.analystIta)
    ).json();
    expect(json).toMatchObject([{ value: 10, derived: true }]);
    const series = await api(
      'GET',
      '/analytics/series?indicator=ASY&route=_T&reporter=TUR&from=2023-05&to=2023-05',
      w.cookies.analystIta,
    );
    expect(series.statusCode, series.body).toBe(200);
    expect(series.json().points).toMatchObject([{ period: '2023-05', value: 10 }]);
  });
});
