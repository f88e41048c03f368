/**
 * Typed validation of one row of an observation file (CSV, XLSX or SDMX-CSV after column mapping) against the
 * dialogue's indicators, their breakdowns and the codelists. Pure: the caller gives the codes; every problem
 * comes back as a FieldError with the row, the column and what was expected, so a whole file can be reported.
 */
import type { FieldError } from '../../shared/errors';
import { hasNul, NUL_MESSAGE } from '../../shared/nul-text';
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
import { isValueInRange, VALUE_RANGE_MESSAGE } from './value-range';

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
const UTF8_MESSAGE = 'is not valid UTF-8 text (the file has a broken encoding): save it as UTF-8 and retry';

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
    if (name === '') return null;
    if (!known.has(name)) {
      errors.push({
        ...where,
        row: 1,
        column,
        field: raw.trim(),
        message: `unknown column "${raw.trim()}"; expected one of: ${ROW_FIELDS.join(', ')}`,
      });
      return null;
    }
    if (seen.has(name)) {
      errors.push({ ...where, row: 1, column, field: name, message: `column "${name}" appears twice` });
      return null;
    }
    seen.add(name);
    return name as RowField;
  });
  for (const f of REQUIRED_COLUMNS) {
    if (!seen.has(f)) errors.push({ ...where, row: 1, field: f, message: `the file has no column "${f}"` });
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
  const fail = (field: RowField, message: string) =>
    errors.push({
      ...(at.file !== undefined && { file: at.file }),
      ...(at.sheet !== undefined && { sheet: at.sheet }),
      row: at.row,
      ...(at.columnOf(field) !== undefined && { column: at.columnOf(field) }),
      field,
      message,
    });
  const cell = (f: RowField) => {
    const v = cells[f];
    if (v === undefined) return '';
    if (v.includes(REPLACEMENT_CHAR)) {
      fail(f, UTF8_MESSAGE);
      return '';
    }
    if (hasNul(v)) {
      fail(f, NUL_MESSAGE);
      return '';
    }
    return v.trim();
  };

  const indicatorCode = cell('indicator');
  const indicator = ctx.indicators.get(indicatorCode);
  if (!indicatorCode) fail('indicator', 'is missing');
  else if (!indicator)
    fail(
      'indicator',
      `unknown indicator "${indicatorCode}"; expected one of: ${[...ctx.indicators.keys()].join(', ')}`,
    );

  const reporter = canonicalCountryCode(cell('reporter').toUpperCase()) || ctx.reporter;
  if (reporter !== ctx.reporter)
    fail('reporter', `"${reporter}" is not this submission's reporter (expected ${ctx.reporter})`);

  const period = cell('period');
  const pm = PERIOD_RE.exec(period);
  if (!period) fail('period', 'is missing (expected YYYY-MM)');
  else if (!pm || Number(pm[2]) < 1 || Number(pm[2]) > 12)
    fail('period', `"${period}" is not a month (expected YYYY-MM, e.g. 2024-03)`);
  else if (period > ctx.latestPeriod)
    fail('period', `${period} is in the future (latest is ${ctx.latestPeriod})`);
  else if (period < ctx.earliestPeriod) fail('period', `${period} is before ${ctx.earliestPeriod}`);

  const breakdowns = {} as Breakdowns;
  for (const d of DIMENSIONS) {
    const raw = cell(d);
    const code = d === 'citizenship' ? canonicalCountryCode(raw.toUpperCase()) : raw;
    const allowed = indicator?.breakdowns.includes(d) ?? true;
    if (!allowed) {
      if (code !== '' && code !== TOTAL_CODE)
        fail(d, `indicator ${indicatorCode} has no breakdown by ${d}: leave it empty or ${TOTAL_CODE}`);
      breakdowns[d] = TOTAL_CODE;
      continue;
    }
    if (code === '') {
      if (indicator && at.columnOf(d) === undefined)
        fail(d, `the file has no column "${d}", required for indicator ${indicatorCode}`);
      else if (indicator) fail(d, `is missing: give a code, or ${TOTAL_CODE} for the total`);
      breakdowns[d] = TOTAL_CODE;
      continue;
    }
    if (code !== TOTAL_CODE && !ctx.codes[d].has(code)) {
      fail(d, `unknown code "${code}"${codeHint(d, ctx.codes[d])}`);
    }
    breakdowns[d] = code;
  }

  const flags: Flag[] = [];
  for (const f of cell('flags')
    .split(/[;,\s]+/)
    .filter(Boolean)) {
    const flag = f.toLowerCase();
    if (!FLAG_SET.has(flag)) fail('flags', `unknown flag "${f}"; expected: ${FLAGS.join(', ')}`);
    else if (!flags.includes(flag as Flag)) flags.push(flag as Flag);
  }

  const rawValue = cell('value');
  let value: number | null = null;
  if (rawValue === '') {
    if (!flags.includes('not_available'))
      fail('value', 'is missing (leave it empty only with the flag not_available)');
  } else if (!NUMBER_RE.test(rawValue)) {
    fail('value', `expected a number, found "${shorten(rawValue)}"`);
  } else if (!isValueInRange(rawValue)) {
    fail('value', `"${shorten(rawValue)}" ${VALUE_RANGE_MESSAGE}`);
  } else {
    value = Number(rawValue);
    if (flags.includes('not_available')) fail('value', 'must be empty when the flag not_available is set');
  }

  const comment = cell('comment');
  if (comment.length > MAX_COMMENT_LENGTH)
    fail('comment', `is ${comment.length} characters long; at most ${MAX_COMMENT_LENGTH}`);
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

function codeHint(d: Dimension, codes: ReadonlySet<string>): string {
  if (d === 'citizenship') return ' (expected an ISO 3166-1 alpha-3 code, or STL, UNK, XKX)';
  if (codes.size <= 12) return `; expected one of: ${[TOTAL_CODE, ...codes].join(', ')}`;
  return '';
}
