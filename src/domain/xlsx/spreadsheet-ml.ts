/**
 * What the importer needs from the parts of an XLSX workbook, read from XmlScanner events one part at a time:
 * the sheets in workbook order and the part of each (workbook.xml and its relationships), which cell styles are
 * dates (styles.xml), the shared strings (sharedStrings.xml) and the rows of a sheet, cell by cell. Every
 * collector counts what it keeps against the XLSX limits (src/domain/upload-limits.ts) and stops with
 * XlsxLimitHit the moment one is passed, so memory stays bounded by the limits, not by the file. Cell values
 * are turned into text as ExcelJS did before (numbers as JavaScript prints them, dates as YYYY-MM on the first
 * of a month, booleans as true/false), so files read the same. Pure: events in, rows out.
 */
import type { UploadLimitId, XlsxLimits } from '../upload-limits';
import type { XmlEvent } from './xml-scanner';

export class XlsxFormatError extends Error {}

/** A limit of the workbook's content was passed (the reader turns it into UploadLimitExceeded). */
export class XlsxLimitHit extends Error {
  constructor(
    readonly id: UploadLimitId,
    readonly limit: number,
  ) {
    super(`limit ${id} (${limit}) passed`);
  }
}

export interface XlsxRow {
  /** Row number in the sheet (1-based). */
  row: number;
  /** Cell texts by 0-based column; '' where there is none. */
  values: string[];
  /** 0-based columns holding a formula. */
  formulaColumns: number[];
}

// ---------- workbook.xml, relationships ----------

export interface SheetRef {
  name: string;
  relationshipId: string;
}

export class WorkbookCollector {
  readonly sheets: SheetRef[] = [];
  isDate1904 = false;
  on(e: XmlEvent): void {
    if (e.type !== 'open') return;
    if (e.name === 'sheet' && e.attrs.id !== undefined && this.sheets.length < 10_000)
      this.sheets.push({
        name: e.attrs.name ?? `Sheet${this.sheets.length + 1}`,
        relationshipId: e.attrs.id,
      });
    else if (e.name === 'workbookPr')
      this.isDate1904 = e.attrs.date1904 === '1' || e.attrs.date1904 === 'true';
  }
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

export class RelationshipsCollector {
  readonly list: Relationship[] = [];
  on(e: XmlEvent): void {
    if (e.type === 'open' && e.name === 'Relationship' && this.list.length < 10_000)
      this.list.push({ id: e.attrs.Id ?? '', type: e.attrs.Type ?? '', target: e.attrs.Target ?? '' });
  }
}

/** The package path a relationship target of `fromPart` points to ("worksheets/sheet1.xml" of xl/workbook.xml). */
export function resolvePartPath(fromPart: string, target: string): string {
  const base = target.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') base.pop();
    else if (seg !== '.' && seg !== '') base.push(seg);
  }
  return base.join('/');
}

// ---------- styles.xml ----------

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, and the East Asian date formats). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a format code shows a date (as ExcelJS decides: date letters outside quotes and brackets). */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

export class StylesCollector {
  private readonly customFormats = new Map<number, string>();
  private readonly cellFormats: number[] = [];
  private isInCellXfs = false;
  constructor(private readonly limits: XlsxLimits) {}
  on(e: XmlEvent): void {
    if (e.type === 'close') {
      if (e.name === 'cellXfs') this.isInCellXfs = false;
      return;
    }
    if (e.type !== 'open') return;
    if (e.name === 'numFmt') {
      if (this.customFormats.size >= this.limits.maxStyles)
        throw new XlsxLimitHit('xlsxStyles', this.limits.maxStyles);
      this.customFormats.set(Number(e.attrs.numFmtId), e.attrs.formatCode ?? '');
    } else if (e.name === 'cellXfs') this.isInCellXfs = !e.isSelfClosing;
    else if (e.name === 'xf' && this.isInCellXfs) {
      if (this.cellFormats.length >= this.limits.maxStyles)
        throw new XlsxLimitHit('xlsxStyles', this.limits.maxStyles);
      this.cellFormats.push(Number(e.attrs.numFmtId ?? 0));
    }
  }
  /** The cell style indexes (`s` of a cell) that format a number as a date. */
  dateStyles(): ReadonlySet<number> {
    const dates = new Set<number>();
    this.cellFormats.forEach((id, i) => {
      const custom = this.customFormats.get(id);
      if (custom !== undefined ? isDateFormatCode(custom) : BUILTIN_DATE_FORMATS.has(id)) dates.add(i);
    });
    return dates;
  }
}

// ---------- sharedStrings.xml ----------

/** The shared strings, in order; counted and capped (their number and their characters in all). */
export class SharedStringsCollector {
  readonly strings: string[] = [];
  private current: string | null = null;
  private isInText = false;
  private phoneticDepth = 0;
  private chars = 0;
  constructor(private readonly limits: XlsxLimits) {}
  on(e: XmlEvent): void {
    if (e.type === 'open') {
      if (e.name === 'sst') this.checkDeclaredCount(e.attrs.uniqueCount);
      else if (e.name === 'si') {
        this.current = '';
        if (e.isSelfClosing) this.finish();
      } else if (e.name === 'rPh') this.phoneticDepth += e.isSelfClosing ? 0 : 1;
      else if (e.name === 't' && this.current !== null && this.phoneticDepth === 0)
        this.isInText = !e.isSelfClosing;
    } else if (e.type === 'close') {
      if (e.name === 't') this.isInText = false;
      else if (e.name === 'rPh') this.phoneticDepth = Math.max(0, this.phoneticDepth - 1);
      else if (e.name === 'si') this.finish();
    } else if (this.isInText && this.current !== null) {
      this.chars += e.text.length;
      if (this.chars > this.limits.maxSharedStringChars)
        throw new XlsxLimitHit('xlsxSharedStringChars', this.limits.maxSharedStringChars);
      if (this.current.length + e.text.length > this.limits.maxCellChars)
        throw new XlsxLimitHit('xlsxCellChars', this.limits.maxCellChars);
      this.current += e.text;
    }
  }
  /** A file that says up front it has too many strings is refused before they are read. */
  private checkDeclaredCount(uniqueCount: string | undefined) {
    if (uniqueCount !== undefined && Number(uniqueCount) > this.limits.maxSharedStrings)
      throw new XlsxLimitHit('xlsxSharedStrings', this.limits.maxSharedStrings);
  }
  private finish() {
    if (this.current === null) return;
    if (this.strings.length >= this.limits.maxSharedStrings)
      throw new XlsxLimitHit('xlsxSharedStrings', this.limits.maxSharedStrings);
    this.strings.push(this.current);
    this.current = null;
    this.isInText = false;
  }
}

// ---------- a worksheet ----------

interface CellState {
  column: number;
  type: string;
  style: number;
  hasFormula: boolean;
  value: string | null;
  inline: string | null;
}

export interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: ReadonlySet<number>;
  isDate1904: boolean;
}

/** Rows of a worksheet from its events; `on` returns a row when one is complete. Counts rows, cells, columns. */
export class SheetRowReader {
  private isInData = false;
  private row: XlsxRow | null = null;
  private rowChars = 0;
  private lastRow = 0;
  private nextColumn = 0;
  private cell: CellState | null = null;
  private collecting: 'value' | 'inline' | null = null;
  private phoneticDepth = 0;
  private rows = 0;
  private cells = 0;

  constructor(
    private readonly ctx: SheetContext,
    private readonly limits: XlsxLimits,
  ) {}

  on(e: XmlEvent): XlsxRow | undefined {
    if (e.type === 'text') {
      this.text(e.text);
      return undefined;
    }
    if (e.type === 'open') {
      this.open(e.name, e.attrs);
      return e.isSelfClosing ? this.close(e.name) : undefined;
    }
    return this.close(e.name);
  }

  private open(name: string, attrs: Record<string, string>) {
    if (name === 'sheetData') this.isInData = true;
    else if (!this.isInData) return;
    else if (name === 'row') this.openRow(attrs.r);
    else if (name === 'c' && this.row) this.openCell(attrs);
    else if (!this.cell) return;
    else if (name === 'f') this.cell.hasFormula = true;
    else if (name === 'v') {
      this.cell.value = '';
      this.collecting = 'value';
    } else if (name === 'is') this.cell.inline = '';
    else if (name === 'rPh') this.phoneticDepth++;
    else if (name === 't' && this.cell.inline !== null && this.phoneticDepth === 0)
      this.collecting = 'inline';
  }

  private close(name: string): XlsxRow | undefined {
    if (name === 'sheetData') this.isInData = false;
    else if (name === 'v' || name === 't') this.collecting = null;
    else if (name === 'rPh') this.phoneticDepth = Math.max(0, this.phoneticDepth - 1);
    else if (name === 'c') this.closeCell();
    else if (name === 'row') return this.closeRow();
    return undefined;
  }

  private text(t: string) {
    const cell = this.cell;
    if (!cell || !this.collecting) return;
    const held = (this.collecting === 'value' ? cell.value : cell.inline) ?? '';
    if (held.length + t.length > this.limits.maxCellChars)
      throw new XlsxLimitHit('xlsxCellChars', this.limits.maxCellChars);
    if (this.collecting === 'value') cell.value = held + t;
    else cell.inline = held + t;
  }

  private openRow(r: string | undefined) {
    const n = r === undefined ? this.lastRow + 1 : Number(r);
    if (!Number.isInteger(n) || n < 1) throw new XlsxFormatError(`a row has the invalid number "${r}"`);
    if (++this.rows > this.limits.maxRows) throw new XlsxLimitHit('xlsxRows', this.limits.maxRows);
    this.row = { row: n, values: [], formulaColumns: [] };
    this.rowChars = 0;
    this.nextColumn = 0;
  }

  private openCell(attrs: Record<string, string>) {
    const column = attrs.r === undefined ? this.nextColumn : columnOfReference(attrs.r);
    if (column >= this.limits.maxColumns) throw new XlsxLimitHit('xlsxColumns', this.limits.maxColumns);
    if (++this.cells > this.limits.maxCells) throw new XlsxLimitHit('xlsxCells', this.limits.maxCells);
    this.cell = {
      column,
      type: attrs.t ?? 'n',
      style: Number(attrs.s ?? 0),
      hasFormula: false,
      value: null,
      inline: null,
    };
    this.phoneticDepth = 0;
  }

  private closeCell() {
    const cell = this.cell;
    const row = this.row;
    this.cell = null;
    this.collecting = null;
    if (!cell || !row) return;
    const text = cellText(cell, this.ctx);
    if (text !== '' || cell.hasFormula) {
      this.rowChars += text.length;
      if (this.rowChars > this.limits.maxRowChars)
        throw new XlsxLimitHit('xlsxRowChars', this.limits.maxRowChars);
      row.values[cell.column] = text;
      if (cell.hasFormula) row.formulaColumns.push(cell.column);
    }
    this.nextColumn = cell.column + 1;
  }

  private closeRow(): XlsxRow | undefined {
    const row = this.row;
    this.row = null;
    if (!row) return undefined;
    for (let i = 0; i < row.values.length; i++) row.values[i] ??= '';
    this.lastRow = row.row;
    return row;
  }
}

/** 0-based column of a cell reference: "A1" → 0, "AB12" → 27. */
export function columnOfReference(ref: string): number {
  const m = /^([A-Za-z]{1,3})\d*$/.exec(ref);
  if (!m) throw new XlsxFormatError(`a cell has the invalid reference "${ref.slice(0, 20)}"`);
  let n = 0;
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellText(c: CellState, ctx: SheetContext): string {
  const v = c.value;
  switch (c.type) {
    case 's': {
      const i = Number(v);
      return Number.isInteger(i) ? (ctx.sharedStrings[i] ?? '') : '';
    }
    case 'inlineStr':
      return c.inline ?? v ?? '';
    case 'str':
    case 'e':
      return v ?? '';
    case 'b':
      return v === null || v === '' ? '' : Number(v) !== 0 ? 'true' : 'false';
    case 'd': {
      if (!v) return '';
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? v : dateText(d);
    }
    default: {
      if (v === null || v.trim() === '') return '';
      const n = Number.parseFloat(v);
      if (Number.isNaN(n)) return v;
      return ctx.dateStyles.has(c.style) ? dateText(excelToDate(n, ctx.isDate1904)) : String(n);
    }
  }
}

/** Excel's serial day number as a date (the 1900 or 1904 system). */
export function excelToDate(serial: number, isDate1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (isDate1904 ? 1462 : 0)) * 86_400_000));
}

/** A date as the importer reads it: YYYY-MM on the first of a month (a month typed into Excel), else YYYY-MM-DD. */
function dateText(d: Date): string {
  const ym = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return d.getUTCDate() === 1 ? ym : d.toISOString().slice(0, 10);
}
