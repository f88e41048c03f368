/**
 * Period labels as they appear in real files, as a header of a wide table (`2015M01`, `2015-01`, `Jan 2015`)
 * or as the cells of a period column, read into Passage's month `YYYY-MM`. A bare year (`2015`, annual
 * statistics) is a month only when the mapping says where annual figures go (`yearAs: 'january'`: the year's
 * figure is filed at its January, as annual series are elsewhere in Passage); otherwise it is unreadable.
 */

const MONTH_NAMES: Readonly<Record<string, number>> = (() => {
  const names: [number, string[]][] = [
    [1, ['jan', 'january', 'janv', 'janvier', 'янв', 'январь', 'января', 'ene', 'enero']],
    [2, ['feb', 'february', 'fev', 'fevr', 'fevrier', 'фев', 'февраль', 'февраля']],
    [3, ['mar', 'march', 'mars', 'мар', 'март', 'марта', 'marzo']],
    [4, ['apr', 'april', 'avr', 'avril', 'апр', 'апрель', 'апреля', 'abr', 'abril']],
    [5, ['may', 'mai', 'май', 'мая', 'mayo']],
    [6, ['jun', 'june', 'juin', 'июн', 'июнь', 'июня', 'junio']],
    [7, ['jul', 'july', 'juil', 'juillet', 'июл', 'июль', 'июля', 'julio']],
    [8, ['aug', 'august', 'aout', 'авг', 'август', 'августа', 'ago', 'agosto']],
    [9, ['sep', 'sept', 'september', 'septembre', 'сен', 'сент', 'сентябрь', 'сентября', 'septiembre']],
    [10, ['oct', 'october', 'octobre', 'окт', 'октябрь', 'октября', 'octubre']],
    [11, ['nov', 'november', 'novembre', 'ноя', 'нояб', 'ноябрь', 'ноября', 'noviembre']],
    [12, ['dec', 'december', 'decembre', 'дек', 'декабрь', 'декабря', 'dic', 'diciembre']],
  ];
  const out: Record<string, number> = {};
  for (const [m, list] of names) for (const n of list) out[n] = m;
  return out;
})();

export interface PeriodLabelOptions {
  /** Where a bare year goes; without it a bare year is not a month. */
  yearAs?: 'january' | undefined;
}

const pad = (m: number) => String(m).padStart(2, '0');

function month(year: number, m: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2999 || m < 1 || m > 12) return null;
  return `${year}-${pad(m)}`;
}

/** Lower case, accents off (févr. -> fevr), dots dropped, spaces collapsed. */
function simplify(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The month `YYYY-MM` a label names, or null when it names none. */
export function readPeriodLabel(label: string, opts: PeriodLabelOptions = {}): string | null {
  const s = simplify(label);
  let m = /^(\d{4})\s*(?:m|-|\/|\.|_)\s*(\d{1,2})$/.exec(s); // 2015M01, 2015-01, 2015/1, 2015.01
  if (m) return month(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-01(?:t00:00:00(?:\.0+)?z?)?$/.exec(s); // 2015-01-01 (a date on the 1st)
  if (m) return month(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(s); // 01/2015
  if (m) return month(Number(m[2]), Number(m[1]));
  m = /^(\p{L}+)\s*[-/ ]?\s*(\d{4})$/u.exec(s); // Jan 2015, janvier 2015, янв-2015
  if (m && MONTH_NAMES[m[1]!] !== undefined) return month(Number(m[2]), MONTH_NAMES[m[1]!]!);
  m = /^(\d{4})\s*[-/ ]?\s*(\p{L}+)$/u.exec(s); // 2015 Jan, 2015-Jan
  if (m && MONTH_NAMES[m[2]!] !== undefined) return month(Number(m[1]), MONTH_NAMES[m[2]!]!);
  m = /^(\d{4})$/.exec(s);
  if (m && opts.yearAs === 'january') return month(Number(m[1]), 1);
  return null;
}

/** Whether a header cell looks like a period (a month, or a bare year), i.e. the table is wide by period. */
export function isPeriodHeader(label: string): boolean {
  return readPeriodLabel(label, { yearAs: 'january' }) !== null;
}
