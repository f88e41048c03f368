/**
 * Turns the records of a mapped file into rows of the template, one record at a time (streaming: nothing but
 * the distinct labels met is kept). A long record gives one row; a record of a table wide by period or by
 * breakdown gives one row per non-empty value cell. Labels become codes through the user's confirmed answers,
 * then the matchers; a label that is unknown or ambiguous is recorded once (first row, column, count) and its
 * rows are left out, so the import can report every such label and write nothing.
 */
import type { FieldError } from '../../shared/errors';
import { COUNTRY_CODE_ALIASES } from '../observations/country-codes';
import { DIMENSIONS, type Dimension, FLAGS, TOTAL_CODE } from '../observations/dimensions';
import { columnLetter, type RowCells, type RowField } from '../observations/parse-csv-row';
import { type LabelMatcher, simplifyLabel } from './labels';
import type { ImportMapping } from './mapping';
import { mappingMessage } from './messages';
import { readPeriodLabel } from './period-labels';

export interface UnpivotContext {
  /** Matchers of labels per field: reporter and citizenship (countries), the other breakdowns (codelists). */
  matchers: Partial<Record<RowField, LabelMatcher>>;
}

/** A label the import could not turn into a code: the user confirms it once (the answer goes in the mapping). */
export interface LabelProblem {
  field: RowField;
  label: string;
  kind: 'unknown' | 'ambiguous' | 'unreadable-period';
  /** Codes the label could be (ambiguous) or is similar to (unknown): to confirm, never applied. */
  candidates: string[];
  firstRow: number;
  column: string;
  rows: number;
}

/** Flag letters of Eurostat and SDMX (OBS_STATUS) with a Passage flag; others are kept in the comment. */
const FLAG_LETTERS: Readonly<Record<string, string>> = {
  p: 'provisional',
  e: 'estimated',
  c: 'confidential',
  m: 'not_available',
  ':': 'not_available',
  na: 'not_available',
};
const FLAG_WORDS: ReadonlySet<string> = new Set(FLAGS);
const MAX_PROBLEMS = 1000;

export class Unpivot {
  readonly problems = new Map<string, LabelProblem>();
  /** Rows left out because a label was answered "leave out" (e.g. an EU aggregate). */
  skippedRows = 0;
  /** Figures produced. */
  figures = 0;
  private readonly fieldCols: { i: number; field: RowField }[] = [];
  private readonly wideCols: { i: number; period?: string; dimension?: Dimension; code?: string }[] = [];
  private readonly cache = new Map<string, string | null | undefined>();

  constructor(
    readonly mapping: ImportMapping,
    private readonly ctx: UnpivotContext,
    private readonly where: { file?: string | undefined; sheet?: string | undefined } = {},
  ) {
    mapping.columns.forEach((c, i) => {
      if (c.kind === 'field') this.fieldCols.push({ i, field: c.field });
      else if (c.kind === 'period') this.wideCols.push({ i, period: c.period });
      else if (c.kind === 'code') this.wideCols.push({ i, dimension: c.dimension, code: c.code });
    });
  }

  /** The column letter a field is read from (for messages), or undefined. */
  columnOf(field: RowField): string | undefined {
    const c = this.fieldCols.find((f) => f.field === field);
    if (c) return columnLetter(c.i);
    if (field === 'value' || (field === 'period' && this.wideCols.some((w) => w.period)))
      return this.wideCols[0] ? columnLetter(this.wideCols[0].i) : undefined;
    return undefined;
  }

  /** The template rows of one record (none when a label is unknown or answered "leave out"). */
  rowsOf(values: readonly string[], row: number): RowCells[] {
    const base: RowCells = {};
    for (const d of DIMENSIONS) base[d] = TOTAL_CODE;
    if (this.mapping.fixed.indicator) base.indicator = this.mapping.fixed.indicator;
    if (this.mapping.fixed.reporter) base.reporter = this.mapping.fixed.reporter;
    let ok = true;
    let skip = false;
    let flagWords: string[] = [];
    const notes: string[] = [];
    for (const { i, field } of this.fieldCols) {
      const raw = values[i] ?? '';
      if (field === 'flags') {
        const f = readFlags(raw);
        flagWords = f.flags;
        notes.push(...f.notes);
        continue;
      }
      if (field === 'value' || field === 'comment') {
        base[field] = field === 'value' ? cleanNumber(raw) : raw;
        continue;
      }
      const code = this.codeOf(field, raw, row, i);
      if (code === undefined) ok = false;
      else if (code === null) skip = true;
      else base[field] = code;
    }
    if (!ok) return [];
    if (skip) {
      this.skippedRows++;
      return [];
    }
    // The flags and comment are the record's, worked out once; a value of ':' or '..' is "not available".
    const comment = [base.comment ?? '', ...(notes.length ? [`source flag: ${notes.join(' ')}`] : [])]
      .filter(Boolean)
      .join('; ');
    const flags = flagWords.join(';');
    const unavailable = flagWords.includes('not_available')
      ? flags
      : [...flagWords, 'not_available'].join(';');
    const figure = (cells: RowCells, value: string): RowCells => {
      const missing = value === ':' || value === '..';
      cells.value = missing ? '' : value;
      cells.flags = missing ? unavailable : flags;
      if (comment) cells.comment = comment;
      return cells;
    };
    if (!this.wideCols.length) {
      this.figures++;
      return [figure(copyOf(base), base.value ?? '')];
    }
    const out: RowCells[] = [];
    for (const w of this.wideCols) {
      const v = cleanNumber(values[w.i] ?? '');
      if (v === '') continue; // an empty cell of a wide table: no figure
      const cells = copyOf(base);
      if (w.period) cells.period = w.period;
      if (w.dimension && w.code) cells[w.dimension] = w.code;
      out.push(figure(cells, v));
    }
    this.figures += out.length;
    return out;
  }

  /** The code of a cell: a string, null (leave the row out) or undefined (a problem, recorded). */
  private codeOf(field: RowField, raw: string, row: number, col: number): string | null | undefined {
    const key = `${field}\u0000${raw}`;
    if (this.cache.has(key)) {
      const c = this.cache.get(key);
      if (c === undefined) this.count(field, raw);
      return c;
    }
    const c = this.resolve(field, raw, row, col);
    if (this.cache.size < 100_000) this.cache.set(key, c);
    return c;
  }

  private resolve(field: RowField, raw: string, row: number, col: number): string | null | undefined {
    const answers = this.mapping.codes[field];
    if (answers) {
      const s = simplifyLabel(raw);
      for (const [label, code] of Object.entries(answers)) if (simplifyLabel(label) === s) return code;
    }
    if (field === 'period') {
      const p = readPeriodLabel(raw, { yearAs: this.mapping.yearAs });
      if (p) return p;
      this.record(field, raw, 'unreadable-period', [], row, col);
      return undefined;
    }
    const m = this.ctx.matchers[field];
    const trimmed = raw.trim();
    if (!m) return trimmed; // indicator, route codes …: checked by the import as the template's
    if (trimmed === '') return ''; // the template's checks say what is missing
    const r = m.match(trimmed);
    if (r.kind === 'code') return COUNTRY_CODE_ALIASES[r.code] ?? r.code;
    this.record(field, raw, r.kind, r.kind === 'ambiguous' ? r.codes : r.suggestions, row, col);
    return undefined;
  }

  private record(
    field: RowField,
    label: string,
    kind: LabelProblem['kind'],
    candidates: string[],
    row: number,
    col: number,
  ) {
    const key = `${field}\u0000${label}`;
    if (this.problems.has(key)) return this.count(field, label);
    if (this.problems.size >= MAX_PROBLEMS) return;
    this.problems.set(key, {
      field,
      label,
      kind,
      candidates,
      firstRow: row,
      column: columnLetter(col),
      rows: 1,
    });
  }

  private count(field: RowField, label: string) {
    const p = this.problems.get(`${field}\u0000${label}`);
    if (p) p.rows++;
  }

  /** The problems as errors (file, row of the first occurrence, column, field), in row order. */
  errors(): FieldError[] {
    return [...this.problems.values()]
      .sort((a, b) => a.firstRow - b.firstRow)
      .map((p) => ({
        ...(this.where.file !== undefined && { file: this.where.file }),
        ...(this.where.sheet !== undefined && { sheet: this.where.sheet }),
        row: p.firstRow,
        column: p.column,
        field: p.field,
        ...problemMessage(p),
      }));
  }
}

/** The problem's message, with its code and parameters (worded per language by the API). */
export function problemMessage(p: LabelProblem): ReturnType<typeof mappingMessage> {
  if (p.kind === 'unreadable-period')
    return mappingMessage('LABEL_PERIOD_UNREADABLE', { label: p.label, rows: p.rows });
  if (p.kind === 'ambiguous')
    return mappingMessage('LABEL_AMBIGUOUS', { label: p.label, codes: p.candidates.join(','), rows: p.rows });
  return mappingMessage('LABEL_UNKNOWN', {
    label: p.label.trim(),
    field: p.field,
    similar: p.candidates.join(','),
    rows: p.rows,
  });
}

/**
 * A copy of a row to add keys to. Object.assign, not a spread: in V8 (Node 20) an object spread from a record
 * and then given a key the record lacked was promoted out of the young generation although it died at once
 * (measured: 290 MiB promoted per 10^6 cells of a wide table, 12 MiB with Object.assign; the objects share one
 * hidden class either way, so the cause is inside V8's copy, not the shapes).
 */
function copyOf(row: RowCells): RowCells {
  return Object.assign({}, row);
}

/** "12 750" -> "12750"; spaces (also non-breaking and thin) inside a number are thousands separators. */
function cleanNumber(v: string): string {
  const t = v.trim();
  return /^-?\d{1,3}([\s\u00a0\u202f]\d{3})+(\.\d+)?$/.test(t) ? t.replace(/[\s\u00a0\u202f]/g, '') : t;
}

/** Flags of a cell: Passage's words, or flag letters (Eurostat `e`, `p`, `c`); letters without one are notes. */
function readFlags(raw: string): { flags: string[]; notes: string[] } {
  const flags: string[] = [];
  const notes: string[] = [];
  for (const part of raw.split(/[;,\s]+/).filter(Boolean)) {
    const w = part.toLowerCase();
    if (FLAG_WORDS.has(w)) {
      if (!flags.includes(w)) flags.push(w);
      continue;
    }
    if (FLAG_LETTERS[w]) {
      if (!flags.includes(FLAG_LETTERS[w])) flags.push(FLAG_LETTERS[w]);
      continue;
    }
    // Combined letters ("bd", "ep"): each letter on its own.
    for (const ch of w) {
      const f = FLAG_LETTERS[ch];
      if (f) {
        if (!flags.includes(f)) flags.push(f);
      } else if (!notes.includes(ch)) notes.push(ch);
    }
  }
  return { flags, notes };
}
