/**
 * Typed validation of one row of an observation file (CSV, XLSX or SDMX-CSV after column mapping) against the
 * dialogue's indicators, their breakdowns and the codelists. Pure: the caller gives the codes; every problem
 * comes back as a FieldError with the row, the column and what was expected, so a whole file can be reported.
 */
import type { FieldError } from '../../shared/errors';
import { hasNul, NUL_MESSAGE } from '../../shared/nul-text';
import type { MessageParams } from '../import-mapping/messages';
import { canonicalCountryCode } from './country-codes';
import {
  type Breakdowns,
  DIMENSIONS,
  type Dimension,
  FLAGS,
  type Flag,
  type ObservationInput,
  TOTAL_CODE,
} from './dimensions';
import { type RowMessageCode, rowMessage, UTF8_MESSAGE } from './row-messages';
import { isValueInRange } from './value-range';

/** The longest comment a figure may carry, in every path (JSON, CSV, XLSX, SDMX-CSV). */
export const MAX_COMMENT_LENGTH = 2000;

export const ROW_FIELDS = [
  'indicator',
  'reporter',
  'period',
  ...DIMENSIONS,
  'value',
  'flags',
  'comment',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];

/**
 * The columns of a data export (CSV, XLSX): the fields an import reads, then `derived` (true for a total Passage
 * derived from its parts). An import of an export ignores `derived`: Passage sets it, a file does not.
 */
export const EXPORT_FIELDS = [...ROW_FIELDS, 'derived'] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];
/** The export-only column, read past by mapHeader. */
export const DERIVED_COLUMN = 'derived';
export type RowCells = Partial<Record<RowField, string>>;

const REQUIRED_COLUMNS: readonly RowField[] = ['indicator', 'period', 'value'];

export interface IndicatorInfo {
  breakdowns: readonly string[];
}

export interface RowContext {
  /** Indicators of the dialogue by code. */
  indicators: ReadonlyMap<string, IndicatorInfo>;
  /** Allowed codes per dimension (without `_T`, which is always allowed). */
  codes: Readonly<Record<Dimension, ReadonlySet<string>>>;
  /** The submission's reporter: rows must name it or leave the reporter cell empty. */
  reporter: string;
  /** Latest period that may be reported (the current month); later ones are in the future. */
  latestPeriod: string;
  /** Earliest period accepted. */
  earliestPeriod: string;
}

/** Where the row sits and how its fields are labelled in the file (for error messages). */
export interface RowLocation {
  file?: string | undefined;
  sheet?: string | undefined;
  row: number;
  /** The file's column label of a field, or undefined when the file has no such column. */
  columnOf: (field: RowField) => string | undefined;
}

export type ParsedRow = { ok: true; observation: ObservationInput } | { ok: false; errors: FieldError[] };

const PERIOD_RE = /^(\d{4})-(\d{2})$/;
const NUMBER_RE = /^-?(\d+(\.\d*)?|\.\d+)$/;
const FLAG_SET: ReadonlySet<string> = new Set(FLAGS);
const REPLACEMENT_CHAR = '\uFFFD';

/** Text that cannot be stored as it is: broken encoding (U+FFFD) or the NUL character. */
export function hasBrokenText(v: string): boolean {
  return v.includes(REPLACEMENT_CHAR) || hasNul(v);
}

/** Whether a row error is about broken text (the importer sets such rows aside before the other checks). */
export function isBrokenTextError(e: FieldError): boolean {
  return e.message === UTF8_MESSAGE || e.message === NUL_MESSAGE;
}

/** Normalises a header cell: "Border type" / "BORDER-TYPE" / " border_type " -> "border_type". */
export function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export interface HeaderMapping {
  /** The field of each column, or null for an unknown column. */
  fields: (RowField | null)[];
  errors: FieldError[];
}

/** Maps a header row to fields; unknown, repeated and missing required columns are errors (row 1). */
export function mapHeader(
  cells: readonly string[],
  where: { file?: string; sheet?: string } = {},
): HeaderMapping {
  const known: ReadonlySet<string> = new Set(ROW_FIELDS);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const fields = cells.map((raw, i): RowField | null => {
    const name = normaliseHeader(raw);
    const column = columnLetter(i);
    if (name === '' || name === DERIVED_COLUMN) return null;
    if (!known.has(name)) {
      errors.push({
        ...where,
        row: 1,
        column,
        field: raw.trim(),
        ...rowMessage('HEADER_COLUMN_UNKNOWN', { header: raw.trim(), expected: ROW_FIELDS.join(', ') }),
      });
      return null;
    }
    if (seen.has(name)) {
      errors.push({
        ...where,
        row: 1,
        column,
        field: name,
        ...rowMessage('HEADER_COLUMN_TWICE', { column: name }),
      });
      return null;
    }
    seen.add(name);
    return name as RowField;
  });
  for (const f of REQUIRED_COLUMNS) {
    if (!seen.has(f))
      errors.push({ ...where, row: 1, field: f, ...rowMessage('HEADER_COLUMN_MISSING', { column: f }) });
  }
  return { fields, errors };
}

/** Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Validates one row. Returns the observation, or every problem found in the row. */
export function parseObservationRow(cells: RowCells, ctx: RowContext, at: RowLocation): ParsedRow {
  const errors: FieldError[] = [];
  const fail = (field: RowField, code: RowMessageCode, params: MessageParams = {}) =>
    errors.push({
      ...(at.file !== undefined && { file: at.file }),
      ...(at.sheet !== undefined && { sheet: at.sheet }),
      row: at.row,
      ...(at.columnOf(field) !== undefined && { column: at.columnOf(field) }),
      field,
      ...rowMessage(code, params),
    });
  const cell = (f: RowField) => {
    const v = cells[f];
    if (v === undefined) return '';
    if (v.includes(REPLACEMENT_CHAR)) {
      fail(f, 'ROW_TEXT_BROKEN_UTF8');
      return '';
    }
    if (hasNul(v)) {
      fail(f, 'ROW_TEXT_NUL');
      return '';
    }
    return v.trim();
  };

  const indicatorCode = cell('indicator');
  const indicator = ctx.indicators.get(indicatorCode);
  if (!indicatorCode) fail('indicator', 'ROW_INDICATOR_MISSING');
  else if (!indicator)
    fail('indicator', 'ROW_INDICATOR_UNKNOWN', {
      indicator: indicatorCode,
      expected: [...ctx.indicators.keys()].join(', '),
    });

  const reporter = canonicalCountryCode(cell('reporter').toUpperCase()) || ctx.reporter;
  if (reporter !== ctx.reporter) fail('reporter', 'ROW_REPORTER_OTHER', { reporter, expected: ctx.reporter });

  const period = cell('period');
  const pm = PERIOD_RE.exec(period);
  if (!period) fail('period', 'ROW_PERIOD_MISSING');
  else if (!pm || Number(pm[2]) < 1 || Number(pm[2]) > 12) fail('period', 'ROW_PERIOD_NOT_MONTH', { period });
  else if (period > ctx.latestPeriod)
    fail('period', 'ROW_PERIOD_FUTURE', { period, latest: ctx.latestPeriod });
  else if (period < ctx.earliestPeriod)
    fail('period', 'ROW_PERIOD_TOO_EARLY', { period, earliest: ctx.earliestPeriod });

  const breakdowns = {} as Breakdowns;
  for (const d of DIMENSIONS) {
    const raw = cell(d);
    const code = d === 'citizenship' ? canonicalCountryCode(raw.toUpperCase()) : raw;
    const allowed = indicator?.breakdowns.includes(d) ?? true;
    if (!allowed) {
      if (code !== '' && code !== TOTAL_CODE)
        fail(d, 'ROW_BREAKDOWN_NOT_ALLOWED', { indicator: indicatorCode, dimension: d, total: TOTAL_CODE });
      breakdowns[d] = TOTAL_CODE;
      continue;
    }
    if (code === '') {
      if (indicator && at.columnOf(d) === undefined)
        fail(d, 'ROW_BREAKDOWN_NO_COLUMN', { dimension: d, indicator: indicatorCode });
      else if (indicator) fail(d, 'ROW_BREAKDOWN_MISSING', { total: TOTAL_CODE });
      breakdowns[d] = TOTAL_CODE;
      continue;
    }
    if (code !== TOTAL_CODE && !ctx.codes[d].has(code)) {
      if (d === 'citizenship') fail(d, 'ROW_COUNTRY_CODE_UNKNOWN', { code });
      else fail(d, 'ROW_CODE_UNKNOWN', { code, expected: expectedCodes(ctx.codes[d]) });
    }
    breakdowns[d] = code;
  }

  const flags: Flag[] = [];
  for (const f of cell('flags')
    .split(/[;,\s]+/)
    .filter(Boolean)) {
    const flag = f.toLowerCase();
    if (!FLAG_SET.has(flag)) fail('flags', 'ROW_FLAG_UNKNOWN', { flag: f, expected: FLAGS.join(', ') });
    else if (!flags.includes(flag as Flag)) flags.push(flag as Flag);
  }

  const rawValue = cell('value');
  let value: number | null = null;
  if (rawValue === '') {
    if (!flags.includes('not_available')) fail('value', 'ROW_VALUE_MISSING');
  } else if (!NUMBER_RE.test(rawValue)) {
    fail('value', 'ROW_VALUE_NOT_NUMBER', { value: shorten(rawValue) });
  } else if (!isValueInRange(rawValue)) {
    fail('value', 'ROW_VALUE_OUT_OF_RANGE', { value: shorten(rawValue) });
  } else {
    value = Number(rawValue);
    if (flags.includes('not_available')) fail('value', 'ROW_VALUE_NOT_EMPTY');
  }

  const comment = cell('comment');
  if (comment.length > MAX_COMMENT_LENGTH)
    fail('comment', 'ROW_COMMENT_TOO_LONG', { length: comment.length, max: MAX_COMMENT_LENGTH });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    observation: {
      indicator: indicatorCode,
      reporter,
      period,
      breakdowns,
      value,
      flags,
      comment: comment || null,
    },
  };
}

function shorten(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

/** The codes a breakdown accepts when they are few enough to list; '' otherwise. */
function expectedCodes(codes: ReadonlySet<string>): string {
  return codes.size <= 12 ? [TOTAL_CODE, ...codes].join(', ') : '';
}
