/**
 * SDMX-CSV data messages for observations (SDMX-CSV 1.0: first column DATAFLOW; 2.0 files with
 * STRUCTURE, STRUCTURE_ID and ACTION are read too). Pure: converts between records and column values.
 *
 * Dimensions: INDICATOR, REF_AREA (reporter), TIME_PERIOD (YYYY-MM) and one column per breakdown; the measure
 * OBS_VALUE; attributes OBS_STATUS (A normal, P provisional, E estimated, M missing), CONF_STATUS (C
 * confidential, F free) and COMMENT.
 */
import type { FieldError } from '../../shared/errors';
import { type Breakdowns, DIMENSIONS, type Dimension, type Flag } from '../observations/dimensions';
import type { RowCells, RowField } from '../observations/parse-csv-row';
import { rowMessage } from '../observations/row-messages';

export const SDMX_DIMENSION_COLUMNS: Record<Dimension, string> = {
  route: 'ROUTE',
  border_type: 'BORDER_TYPE',
  citizenship: 'CITIZENSHIP',
  sex: 'SEX',
  age_group: 'AGE',
  reason: 'REASON',
  place: 'PLACE',
  document_type: 'DOCUMENT_TYPE',
  fraud_type: 'FRAUD_TYPE',
  return_type: 'RETURN_TYPE',
};

/** SDMX column -> Passage row field. */
const COLUMN_FIELDS: Record<string, RowField> = {
  INDICATOR: 'indicator',
  REF_AREA: 'reporter',
  TIME_PERIOD: 'period',
  ...Object.fromEntries(DIMENSIONS.map((d) => [SDMX_DIMENSION_COLUMNS[d], d])),
  OBS_VALUE: 'value',
  COMMENT: 'comment',
};
const STRUCTURE_COLUMNS = new Set(['DATAFLOW', 'STRUCTURE', 'STRUCTURE_ID', 'ACTION']);

export const SDMX_HEADER: readonly string[] = [
  'DATAFLOW',
  'INDICATOR',
  'REF_AREA',
  'TIME_PERIOD',
  ...DIMENSIONS.map((d) => SDMX_DIMENSION_COLUMNS[d]),
  'OBS_VALUE',
  'OBS_STATUS',
  'CONF_STATUS',
  'COMMENT',
];

/** The dataflow identifier of a dialogue's observations: PASSAGE:DF_<SLUG>(1.0). */
export function dataflowId(slug: string): string {
  return `PASSAGE:DF_${slug.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}(1.0)`;
}

export interface SdmxObservation {
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
  flags: readonly string[];
  comment: string | null;
}

export function obsStatus(flags: readonly string[]): string {
  if (flags.includes('not_available')) return 'M';
  if (flags.includes('estimated')) return 'E';
  if (flags.includes('provisional')) return 'P';
  return 'A';
}

/** One data row, in SDMX_HEADER order. */
export function toSdmxRow(dataflow: string, o: SdmxObservation): string[] {
  return [
    dataflow,
    o.indicator,
    o.reporter,
    o.period,
    ...DIMENSIONS.map((d) => o.breakdowns[d]),
    o.value === null ? '' : String(o.value),
    obsStatus(o.flags),
    o.flags.includes('confidential') ? 'C' : 'F',
    o.comment ?? '',
  ];
}

export interface SdmxHeaderMapping {
  /** Per column: a row field, an attribute ('OBS_STATUS' | 'CONF_STATUS'), or null (structure / ignored). */
  columns: (RowField | 'OBS_STATUS' | 'CONF_STATUS' | null)[];
  errors: FieldError[];
}

/** Reads an SDMX-CSV header; accepts "ID: label" cells. */
export function mapSdmxHeader(cells: readonly string[], where: { file?: string } = {}): SdmxHeaderMapping {
  const errors: FieldError[] = [];
  const ids = cells.map((c) =>
    c
      .replace(/^\uFEFF/, '')
      .split(':')[0]!
      .trim()
      .toUpperCase(),
  );
  if (!ids.some((id) => id === 'DATAFLOW' || id === 'STRUCTURE'))
    errors.push({
      ...where,
      row: 1,
      column: 'A',
      field: 'DATAFLOW',
      ...rowMessage('SDMX_HEADER_NO_DATAFLOW'),
    });
  const columns = ids.map((id, i): SdmxHeaderMapping['columns'][number] => {
    if (STRUCTURE_COLUMNS.has(id) || id === '') return null;
    if (id === 'OBS_STATUS' || id === 'CONF_STATUS') return id;
    const f = COLUMN_FIELDS[id];
    if (!f) {
      errors.push({
        ...where,
        row: 1,
        column: columnName(i),
        field: id,
        ...rowMessage('SDMX_HEADER_COLUMN_UNKNOWN', { header: id, expected: SDMX_HEADER.join(', ') }),
      });
      return null;
    }
    return f;
  });
  for (const required of ['INDICATOR', 'TIME_PERIOD', 'OBS_VALUE'])
    if (!ids.includes(required))
      errors.push({
        ...where,
        row: 1,
        field: required,
        ...rowMessage('HEADER_COLUMN_MISSING', { column: required }),
      });
  return { columns, errors };
}

function columnName(i: number): string {
  return i < 26
    ? String.fromCharCode(65 + i)
    : `${String.fromCharCode(64 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
}

/** Turns one SDMX-CSV data row into the cells of a Passage row (flags from OBS_STATUS / CONF_STATUS). */
export function fromSdmxRow(values: readonly string[], mapping: SdmxHeaderMapping): RowCells {
  const cells: RowCells = {};
  const flags: Flag[] = [];
  mapping.columns.forEach((c, i) => {
    const v = values[i] ?? '';
    if (c === null) return;
    if (c === 'OBS_STATUS') {
      const s = v.trim().toUpperCase();
      if (s === 'M' || s === 'L') flags.push('not_available');
      else if (s === 'E') flags.push('estimated');
      else if (s === 'P') flags.push('provisional');
      else if (s !== '' && s !== 'A') flags.push(`OBS_STATUS=${s}` as Flag);
      return;
    }
    if (c === 'CONF_STATUS') {
      const s = v.trim().toUpperCase();
      if (s === 'C') flags.push('confidential');
      return;
    }
    cells[c] = c === 'period' ? normaliseTimePeriod(v) : v;
  });
  if (flags.length) cells.flags = flags.join(';');
  return cells;
}

/** SDMX monthly TIME_PERIOD "2024-M03" or "2024-03" -> "2024-03"; anything else unchanged. */
export function normaliseTimePeriod(v: string): string {
  const m = /^(\d{4})-M(\d{2})$/.exec(v.trim());
  return m ? `${m[1]}-${m[2]}` : v;
}
