/** Pure helpers of the data-entry grid: periods, pasted blocks, cell values. No I/O, no React. */

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isPeriod = (s: string) => PERIOD_RE.test(s);

export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to` inclusive (at most `max`); empty when the range is wrong. */
export function periodRange(from: string, to: string, max = 36): string[] {
  if (!isPeriod(from) || !isPeriod(to) || from > to) return [];
  const out: string[] = [];
  for (let p = from; p <= to && out.length < max; p = addMonths(p, 1)) out.push(p);
  return out;
}

/** The last `n` complete months before `today` (the default range of the grid). */
export function lastCompleteMonths(today: Date, n: number): { from: string; to: string } {
  const current = `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`;
  return { from: addMonths(current, -n), to: addMonths(current, -1) };
}

/**
 * A block copied from a spreadsheet: rows separated by newlines, cells by tabs (a trailing newline, as
 * spreadsheets add, is dropped). Returns null for plain text with neither (an ordinary paste into one cell).
 */
export function parsePastedBlock(text: string): string[][] | null {
  if (!/[\t\n\r]/.test(text)) return null;
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => line.split('\t').map((cell) => cell.trim()));
}

export type ParsedCell = { ok: true; value: number | null } | { ok: false };

/**
 * A cell as typed: empty means no figure; digits with optional spaces or thousands separators
 * ("1 234", "1,234", "1.234" read as thousands only when followed by exactly three digits) give a number.
 */
export function parseCellValue(raw: string): ParsedCell {
  const s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return { ok: true, value: null };
  let normalised = s;
  if (/^-?\d{1,3}([,.]\d{3})+$/.test(s)) normalised = s.replace(/[,.]/g, '');
  else normalised = s.replace(',', '.');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(normalised)) return { ok: false };
  const value = Number(normalised);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

/** Cells of a pasted block placed from (row, col), clipped to the grid. */
export function placeBlock(
  block: string[][],
  start: { row: number; col: number },
  size: { rows: number; cols: number },
): { row: number; col: number; text: string }[] {
  const out: { row: number; col: number; text: string }[] = [];
  block.forEach((cells, i) => {
    cells.forEach((text, j) => {
      const row = start.row + i;
      const col = start.col + j;
      if (row < size.rows && col < size.cols) out.push({ row, col, text });
    });
  });
  return out;
}
