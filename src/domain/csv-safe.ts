/**
 * Every CSV the server writes goes through toSafeCsv: csv-stringify for the quoting, and OWASP's rule against
 * formula injection for the cells (https://owasp.org/www-community/attacks/CSV_Injection). A spreadsheet opening
 * the file runs a cell that begins with `=`, `+`, `-` or `@` as a formula (tab and carriage return lead to the
 * same), so such a text cell is written with a leading `'`, which makes it plain text. Numbers stay numbers,
 * also a negative number written as text ("-12"), so figures round-trip unchanged; only text is escaped.
 * Importing such a file back keeps the `'` in the text (e.g. a comment "'=A1"). One place, one rule: a test
 * (csv-safe.test.ts) fails if any other file writes CSV with csv-stringify directly.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The cell as it may be written: text that a spreadsheet would run as a formula gets a leading `'`. */
export function csvSafeCell(cell: CsvCell): CsvCell {
  if (typeof cell !== 'string' || cell === '') return cell;
  if (!FORMULA_START.has(cell[0]!) || PLAIN_NUMBER.test(cell)) return cell;
  return `'${cell}`;
}

/** Rows as CSV text (RFC 4180 quoting, LF line ends), every cell made safe by csvSafeCell. */
export function toSafeCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : csvSafeCell(c)))));
}
