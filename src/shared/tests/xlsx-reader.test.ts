import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, buildZip } from '../../../test/zip-builder';
import { readUploadLimits } from '../../domain/upload-limits';
import { readXlsxFile, readXlsxUpload, XlsxRejected } from '../xlsx-reader';

const opts = { limits: readUploadLimits({}), fileName: 'book.xlsx' };
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passage-xlsx-reader-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: Buffer) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(path, file);
  const rows = [];
  for await (const r of readXlsxFile(path, opts)) rows.push(r);
  return rows;
}

/** How main read a workbook (ExcelJS's streaming reader and the importer's cellText), to compare with. */
async function rowsByExcelJs(file: Buffer) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const out: { row: number; sheet: string; values: string[]; formulaColumns: number[] }[] = [];
  for await (const ws of reader) {
    // ExcelJS's WorksheetReader has a name that its type declarations leave out.
    const sheet = (ws as unknown as { name: string }).name;
    for await (const row of ws) {
      const values: string[] = [];
      const formulaColumns: number[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const v = cell.value;
        if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
          formulaColumns.push(col - 1);
        values[col - 1] = oldCellText(v);
      });
      for (let i = 0; i < values.length; i++) values[i] ??= '';
      out.push({ row: row.number, sheet, values, formulaColumns });
    }
    break;
  }
  return out;
}

function oldCellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const ym = `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}`;
    return v.getUTCDate() === 1 ? ym : v.toISOString().slice(0, 10);
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  if ('result' in v) return String(v.result ?? '');
  return String(v);
}

async function excelJsWorkbook(useSharedStrings: boolean): Promise<Buffer> {
  const rows: ExcelJS.CellValue[][] = [
    ['indicator', 'period', 'value', 'flags', 'comment'],
    ['IBC', new Date(Date.UTC(2024, 2, 1)), 12, '', 'a & b <c> "d"'],
    [
      'RET_DEC',
      '2024-04',
      -3.25,
      'provisional',
      { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] },
    ],
    ['ASY', new Date(Date.UTC(2024, 4, 17)), 1e15, true, null],
    ['FAC', '2024-05', { formula: '1+2', result: 3 }, false, 'Ünïcødé ☺'],
    [null, null, null, null, null],
    ['IBC', '', 0, '', '  spaced  '],
  ];
  if (useSharedStrings) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    for (const r of rows) ws.addRow(r);
    wb.addWorksheet('codes').addRow(['not', 'read']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('data');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('readXlsxFile', () => {
  it.each([
    ['shared strings (Workbook.xlsx.writeBuffer)', true],
    ['inline strings (the streaming writer)', false],
  ])('reads workbooks as main did: %s', async (_name, shared) => {
    const file = await excelJsWorkbook(shared);
    const mine = await rowsOf(file);
    const old = await rowsByExcelJs(file);
    // One difference, on purpose: ExcelJS kept only the last run of an inline rich text ("text").
    if (!shared) old[2]!.values[4] = 'rich text';
    expect(mine).toEqual(old);
    expect(mine[1]!.values).toEqual(['IBC', '2024-03', '12', '', 'a & b <c> "d"']);
    expect(mine[2]!.values[4]).toBe('rich text');
    expect(mine[3]!.values.slice(1, 4)).toEqual(['2024-05-17', '1000000000000000', 'true']);
    expect(mine[4]!.formulaColumns).toEqual([2]);
  });

  it('reads the first sheet in workbook order, dates of custom formats, and the 1904 date system', async () => {
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet = (text: string) =>
      `<worksheet xmlns="${main}"><sheetData><row r="3"><c r="B3" s="1"><v>45351</v></c><c r="C3" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
    const file = await buildZip([
      {
        name: 'xl/workbook.xml',
        data: `<workbook xmlns="${main}" xmlns:r="${rel}"><workbookPr date1904="1"/><sheets><sheet name="Second" sheetId="2" r:id="rId2"/><sheet name="First" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
      },
      {
        name: 'xl/styles.xml',
        data: `<styleSheet xmlns="${main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
      },
      { name: 'xl/worksheets/sheet1.xml', data: sheet('one') },
      { name: 'xl/worksheets/sheet2.xml', data: sheet('two') },
    ]);
    // 45351 in the 1904 system is 2028-03-01 (in the 1900 system, 2024-02-29).
    expect(await rowsOf(file)).toEqual([
      { row: 3, sheet: 'Second', values: ['', '2028-03', 'two'], formulaColumns: [] },
    ]);
  });

  it('refuses what is not a plain workbook: not a zip, no workbook part, a VBA project', async () => {
    await expect(rowsOf(Buffer.from('not a zip'))).rejects.toThrow(XlsxRejected);
    await expect(rowsOf(await buildZip([{ name: 'word/document.xml', data: '<x/>' }]))).rejects.toThrow(
      /no workbook part/,
    );
    const vba = await buildXlsx({
      sheetData: '',
      extraEntries: [{ name: 'xl/vbaProject.bin', data: Buffer.from([1, 2, 3]) }],
    });
    await expect(rowsOf(vba)).rejects.toThrow(/macros/);
  });

  it('removes its temp file when the reader stops early', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'passage-xlsx-spool-test-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = spool;
    try {
      const file = await excelJsWorkbook(true);
      for await (const r of readXlsxUpload(Readable.from([file]), opts)) {
        expect(readdirSync(spool)).toHaveLength(1);
        expect(r.row).toBe(1);
        break;
      }
      expect(readdirSync(spool)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(spool, { recursive: true, force: true });
    }
  });
});
