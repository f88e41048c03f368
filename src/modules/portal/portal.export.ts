/**
 * The portal's CSV and XLSX downloads: one row per public figure of an indicator, a withheld figure with an
 * empty value (never 0) and its SDMX statuses, and the "data as published on" line in the file.
 */
import ExcelJS from 'exceljs';
import { toSafeCsv } from '../../domain/csv-safe';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import type { PublicTable } from '../sdmx/sdmx.service';

export interface DownloadFile {
  contentType: string;
  fileName: string;
  body: string | Buffer;
}

/** Orders the rows as the text of their cells joined, compared as String.prototype.localeCompare does. */
const ROW_ORDER = new Intl.Collator();

/**
 * The header and rows of an indicator's public figures, ordered by reporter, month and breakdowns: only the
 * indicator's rows, made into arrays straight from the public table's columns (the file is that big anyway).
 */
export function downloadRows(t: PublicTable, indicator: string): (string | number | null)[][] {
  const header = ['indicator', 'reporter', 'period', ...DIMENSIONS, 'value', 'obs_status', 'conf_status'];
  const f = t.figures;
  const rows = f
    .rowsWhere({ indicator })
    .map((i) => [
      f.codeAt(i, 'indicator'),
      f.codeAt(i, 'reporter'),
      f.codeAt(i, 'period'),
      ...DIMENSIONS.map((d) => f.codeAt(i, d)),
      f.value(i),
      f.obsStatus(i),
      f.confStatus(i),
    ]);
  // Each row's sort text once (not once per comparison); the same order as comparing the joined texts.
  const texts = rows.map((r) => r.join('|'));
  const order = rows.map((_, k) => k).sort((a, b) => ROW_ORDER.compare(texts[a]!, texts[b]!));
  return [header, ...order.map((k) => rows[k]!)];
}

export async function renderDownload(
  t: PublicTable,
  indicator: string,
  format: 'csv' | 'xlsx',
  base: string,
): Promise<DownloadFile> {
  const rows = downloadRows(t, indicator);
  const asOf = t.lastPublished ? t.lastPublished.toISOString() : '';
  if (format === 'csv')
    return { contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, body: toSafeCsv(rows) };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  for (const r of rows) ws.addRow(r);
  const about = wb.addWorksheet('about');
  about.addRow(['data as published on', asOf]);
  about.addRow(['disclosure threshold', t.threshold]);
  about.addRow(['conf_status', 'F free; C withheld (small count or confidential); D withheld (secondary)']);
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
