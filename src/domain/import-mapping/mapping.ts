/**
 * An import mapping: what each column of a file is (a field of the template, a month of a table wide by
 * period, a breakdown code of a table wide by breakdown, or nothing), values fixed for the whole file (the
 * indicator, the reporter) and the user's confirmed answers for labels (label -> code, or null to leave the
 * rows with that label out, e.g. an EU aggregate). Pure: proposing a mapping from a header and the first rows,
 * checking it, and re-applying a saved mapping to the header of the next file.
 */
import type { FieldError } from '../../shared/errors';
import { DIMENSIONS, type Dimension } from '../observations/dimensions';
import { columnLetter, ROW_FIELDS, type RowField } from '../observations/parse-csv-row';
import { type LabelMatcher, simplifyLabel } from './labels';
import { mappingMessage } from './messages';
import { readPeriodLabel } from './period-labels';

export type ColumnRole =
  | { kind: 'field'; field: RowField }
  | { kind: 'period'; period: string }
  | { kind: 'code'; dimension: Dimension; code: string }
  | { kind: 'ignore' };

export interface ImportMapping {
  /** The header the mapping was made for (one cell per column). */
  header: string[];
  columns: ColumnRole[];
  /** Values for the whole file, in place of a column. */
  fixed: { indicator?: string | undefined; reporter?: string | undefined };
  /** Where a bare year in a period cell or header goes (annual statistics); unset: a bare year is an error. */
  yearAs?: 'january' | undefined;
  /** Confirmed labels per field: simplified label -> code, or null to leave such rows out. */
  codes: Partial<Record<RowField, Record<string, string | null>>>;
}

/** How a column's proposal was found (shown next to it so the user can judge it). */
export type ProposalReason = 'name' | 'period-header' | 'code-header' | 'values' | 'none' | 'duplicate';

export interface MappingProposal {
  mapping: ImportMapping;
  reasons: ProposalReason[];
  /** Layout recognised: long (one figure per row) or wide by period / by breakdown. */
  layout: 'long' | 'wide-period' | 'wide-breakdown';
}

/** Header names of each field in files seen in practice (simplified: lower case, `_` between words). */
const FIELD_NAMES: Readonly<Record<RowField, readonly string[]>> = {
  indicator: ['indicator', 'indic', 'indicator_code', 'series', 'measure', 'indicateur', 'показатель'],
  reporter: [
    'reporter',
    'reporting_country',
    'reporting_state',
    'geo',
    'country',
    'state',
    'declarant',
    'geopolitical_entity_reporting',
    'pays',
    'pays_declarant',
    'страна',
  ],
  period: ['period', 'time_period', 'time', 'month', 'date', 't', 'periode', 'mois', 'период', 'месяц'],
  route: ['route', 'migratory_route', 'маршрут'],
  border_type: ['border_type', 'border', 'type', 'border_crossing', 'frontiere'],
  citizenship: [
    'citizenship',
    'citizen',
    'nationality',
    'nat',
    'country_of_citizenship',
    'nationalite',
    'гражданство',
  ],
  sex: ['sex', 'gender', 'sexe', 'пол'],
  age_group: ['age_group', 'age', 'age_class', 'groupe_d_age', 'возраст'],
  reason: ['reason', 'motif', 'причина'],
  place: ['place', 'apprehen', 'place_of_apprehension', 'location', 'lieu'],
  document_type: ['document_type', 'document'],
  fraud_type: ['fraud_type', 'fraud'],
  return_type: ['return_type'],
  value: ['value', 'obs_value', 'n', 'count', 'number', 'persons', 'valeur', 'значение'],
  flags: ['flags', 'flag', 'obs_flag', 'obs_status', 'status'],
  comment: ['comment', 'comments', 'note', 'notes', 'commentaire', 'комментарий'],
};

const FIELD_BY_NAME: ReadonlyMap<string, RowField> = new Map(
  ROW_FIELDS.flatMap((f) => FIELD_NAMES[f].map((n) => [n, f] as const)),
);

/** "Geopolitical entity (reporting)" -> "geopolitical_entity_reporting". */
export function headerKey(cell: string): string {
  return simplifyLabel(cell.replace(/^\uFEFF/, '')).replace(/ /g, '_');
}

export interface ProposalContext {
  /** Matchers of the dimensions' codes and labels (countries for citizenship), for headers that are codes. */
  dimensions: Partial<Record<Dimension, LabelMatcher>>;
  /** Matcher of countries, for value columns (reporter, citizenship). */
  countries: LabelMatcher;
  /** The dialogue's indicator codes. */
  indicators: readonly string[];
}

/**
 * Proposes a mapping from a header and the first rows: column names first, then period headers (wide by
 * period), then headers that are breakdown codes (at least two columns of one dimension: wide by breakdown),
 * then what the first rows hold (months, indicator codes). Nothing is assigned twice; a second column that
 * looks like an assigned field is proposed as ignored ('duplicate'), for the user to judge.
 */
export function proposeMapping(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  ctx: ProposalContext,
): MappingProposal {
  const columns: ColumnRole[] = header.map(() => ({ kind: 'ignore' }));
  const reasons: ProposalReason[] = header.map(() => 'none');
  const taken = new Set<RowField>();
  const assign = (i: number, field: RowField, reason: ProposalReason) => {
    if (taken.has(field)) {
      reasons[i] = 'duplicate';
      return;
    }
    taken.add(field);
    columns[i] = { kind: 'field', field };
    reasons[i] = reason;
  };
  header.forEach((cell, i) => {
    const f = FIELD_BY_NAME.get(headerKey(cell));
    if (f) assign(i, f, 'name');
  });
  let yearAs: ImportMapping['yearAs'];
  const periodCols = header.flatMap((cell, i) => {
    if (columns[i]!.kind !== 'ignore' || reasons[i] === 'duplicate') return [];
    const p = readPeriodLabel(cell) ?? readPeriodLabel(cell, { yearAs: 'january' });
    return p ? [{ i, p, isYear: /^\s*\d{4}\s*$/.test(cell) }] : [];
  });
  // One month column is enough (a monthly file); bare years only from two on (a "2015" column may be a value).
  const isWide =
    !taken.has('period') &&
    (periodCols.some((c) => !c.isYear) || periodCols.filter((c) => c.isYear).length >= 2);
  if (isWide) {
    for (const c of periodCols) {
      columns[c.i] = { kind: 'period', period: c.p };
      reasons[c.i] = 'period-header';
    }
    if (periodCols.some((c) => c.isYear)) yearAs = 'january';
  }
  let layout: MappingProposal['layout'] = isWide ? 'wide-period' : 'long';
  if (layout === 'long') {
    for (const d of DIMENSIONS) {
      const m = ctx.dimensions[d];
      if (!m || taken.has(d)) continue;
      const hits = header.flatMap((cell, i) => {
        if (columns[i]!.kind !== 'ignore' || reasons[i] === 'duplicate') return [];
        const r = m.match(cell);
        return r.kind === 'code' ? [{ i, code: r.code }] : [];
      });
      if (hits.length < 2) continue;
      for (const h of hits) {
        columns[h.i] = { kind: 'code', dimension: d, code: h.code };
        reasons[h.i] = 'code-header';
      }
      layout = 'wide-breakdown';
      break;
    }
  }
  // What the first rows hold, for columns still unassigned.
  const valuesOf = (i: number) => rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
  header.forEach((_cell, i) => {
    if (columns[i]!.kind !== 'ignore' || reasons[i] === 'duplicate') return;
    const vs = valuesOf(i);
    if (!vs.length) return;
    if (!taken.has('period') && layout !== 'wide-period' && vs.every((v) => readPeriodLabel(v) !== null))
      assign(i, 'period', 'values');
    else if (!taken.has('indicator') && vs.every((v) => ctx.indicators.includes(v)))
      assign(i, 'indicator', 'values');
    else if (!taken.has('citizenship') && vs.every((v) => ctx.countries.match(v).kind === 'code'))
      assign(i, 'citizenship', 'values');
  });
  // A period column whose cells are bare years: annual figures.
  const pc = columns.findIndex((c) => c.kind === 'field' && c.field === 'period');
  if (pc >= 0) {
    const vs = valuesOf(pc);
    if (vs.length && vs.every((v) => /^\d{4}$/.test(v))) yearAs = 'january';
  }
  const fixed: ImportMapping['fixed'] = {};
  if (!taken.has('indicator') && ctx.indicators.length === 1) fixed.indicator = ctx.indicators[0];
  return {
    mapping: { header: [...header], columns, fixed, ...(yearAs && { yearAs }), codes: {} },
    reasons,
    layout,
  };
}

export interface MappingCheckOptions {
  /** The reporter is given with the upload (a state submitting its own figures). */
  reporterGiven?: boolean;
  file?: string | undefined;
  sheet?: string | undefined;
}

/**
 * Checks a mapping against itself: every required field has a column (or a fixed value), no field has two
 * columns, wide columns have readable periods, and no label is answered with two codes.
 */
export function checkMapping(m: ImportMapping, opts: MappingCheckOptions = {}): FieldError[] {
  const where = {
    ...(opts.file !== undefined && { file: opts.file }),
    ...(opts.sheet !== undefined && { sheet: opts.sheet }),
  };
  const errors: FieldError[] = [];
  if (m.columns.length !== m.header.length)
    errors.push({
      ...where,
      field: 'mapping',
      ...mappingMessage('MAPPING_COLUMN_COUNT', { columns: m.columns.length, header: m.header.length }),
    });
  const byField = new Map<string, number[]>();
  const note = (key: string, i: number) => byField.set(key, [...(byField.get(key) ?? []), i]);
  let periodColumns = 0;
  let codeColumns = 0;
  m.columns.forEach((c, i) => {
    const column = columnLetter(i);
    const label = m.header[i] ?? '';
    if (c.kind === 'field') note(c.field, i);
    if (c.kind === 'period') {
      periodColumns++;
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(c.period))
        errors.push({
          ...where,
          row: 1,
          column,
          field: 'period',
          ...mappingMessage('MAPPING_PERIOD_HEADER', { header: label, column }),
        });
      note(`period:${c.period}`, i);
    }
    if (c.kind === 'code') {
      codeColumns++;
      note(`${c.dimension}:${c.code}`, i);
    }
  });
  const names = (cols: number[]) =>
    cols.map((i) => `${columnLetter(i)} ("${m.header[i] ?? ''}")`).join(' and ');
  for (const [key, cols] of byField) {
    if (cols.length < 2) continue;
    errors.push({
      ...where,
      row: 1,
      column: columnLetter(cols[1]!),
      field: key.split(':')[0]!,
      ...(key.includes(':')
        ? mappingMessage('MAPPING_TWO_COLUMNS_CODE', { columns: names(cols), target: key.replace(':', ' ') })
        : mappingMessage('MAPPING_TWO_COLUMNS', { columns: names(cols), field: key })),
    });
  }
  const has = (f: RowField) => byField.has(f);
  if (periodColumns && has('period'))
    errors.push({
      ...where,
      row: 1,
      field: 'period',
      ...mappingMessage('MAPPING_PERIOD_AND_MONTHS', { columns: names(byField.get('period')!) }),
    });
  if (periodColumns && codeColumns)
    errors.push({
      ...where,
      row: 1,
      field: 'mapping',
      ...mappingMessage('MAPPING_WIDE_BOTH'),
    });
  for (const c of m.columns)
    if (c.kind === 'code' && has(c.dimension)) {
      errors.push({
        ...where,
        row: 1,
        field: c.dimension,
        ...mappingMessage('MAPPING_DIMENSION_BOTH', {
          dimension: c.dimension,
          columns: names(byField.get(c.dimension)!),
        }),
      });
      break;
    }
  const wide = periodColumns + codeColumns > 0;
  if (wide && has('value'))
    errors.push({
      ...where,
      row: 1,
      field: 'value',
      ...mappingMessage('MAPPING_VALUE_AND_WIDE', { columns: names(byField.get('value')!) }),
    });
  const missing = (f: RowField, ok: boolean, _hint: string) => {
    if (!ok)
      errors.push({
        ...where,
        row: 1,
        field: f,
        ...mappingMessage('MAPPING_FIELD_UNASSIGNED', { field: f }),
      });
  };
  missing(
    'indicator',
    has('indicator') || !!m.fixed.indicator,
    '(map a column or fix the indicator for the file)',
  );
  missing(
    'period',
    has('period') || periodColumns > 0,
    '(map a column, or columns whose headers are months)',
  );
  missing('value', has('value') || wide, '(map the column holding the figures)');
  missing(
    'reporter',
    has('reporter') || !!m.fixed.reporter || !!opts.reporterGiven,
    '(map a column, or give the reporting state for the file)',
  );
  if (has('indicator') && m.fixed.indicator)
    errors.push({
      ...where,
      row: 1,
      field: 'indicator',
      ...mappingMessage('MAPPING_INDICATOR_TWICE', {
        indicator: m.fixed.indicator,
        columns: names(byField.get('indicator')!),
      }),
    });
  for (const [field, answers] of Object.entries(m.codes)) {
    const seen = new Map<string, { label: string; code: string | null }>();
    for (const [label, code] of Object.entries(answers ?? {})) {
      const s = simplifyLabel(label);
      const prev = seen.get(s);
      if (prev && prev.code !== code)
        errors.push({
          ...where,
          field,
          ...mappingMessage('MAPPING_LABEL_TWO_CODES', {
            label,
            first: prev.code ?? '(left out)',
            second: code ?? '(left out)',
          }),
        });
      else seen.set(s, { label, code });
    }
  }
  return errors;
}

/**
 * A saved mapping applied to the header of a new file: columns are matched by their header (case and spaces
 * ignored), so they may move; in a table wide by period, month columns may come and go (next month's file
 * has one more), their months read from the new header. A column the mapping does not know, or a known
 * column that is gone, is an error: the header no longer matches the mapping.
 */
export function applyToHeader(
  saved: ImportMapping,
  header: readonly string[],
  where: { file?: string | undefined; sheet?: string | undefined; name?: string | undefined } = {},
): { mapping: ImportMapping; errors: FieldError[] } {
  const at = {
    ...(where.file !== undefined && { file: where.file }),
    ...(where.sheet !== undefined && { sheet: where.sheet }),
  };
  const isWidePeriod = saved.columns.some((c) => c.kind === 'period');
  const known = new Map<string, ColumnRole>();
  saved.header.forEach((h, i) => {
    const role = saved.columns[i];
    if (role && role.kind !== 'period') known.set(headerKey(h), role);
  });
  const errors: FieldError[] = [];
  const used = new Set<string>();
  const columns = header.map((cell, i): ColumnRole => {
    const key = headerKey(cell);
    const role = known.get(key);
    if (role) {
      used.add(key);
      return role;
    }
    if (isWidePeriod) {
      const p = readPeriodLabel(cell, { yearAs: saved.yearAs });
      if (p) return { kind: 'period', period: p };
    }
    if (key === '') return { kind: 'ignore' };
    errors.push({
      ...at,
      row: 1,
      column: columnLetter(i),
      field: 'header',
      ...mappingMessage('MAPPING_HEADER_UNKNOWN', { header: cell.trim(), name: where.name ?? '' }),
    });
    return { kind: 'ignore' };
  });
  for (const [key, role] of known) {
    if (used.has(key) || role.kind === 'ignore') continue;
    const label = saved.header.find((h) => headerKey(h) === key) ?? key;
    errors.push({
      ...at,
      row: 1,
      field: 'header',
      ...mappingMessage('MAPPING_HEADER_MISSING', { header: label.trim(), name: where.name ?? '' }),
    });
  }
  return { mapping: { ...saved, header: [...header], columns }, errors };
}

/** Whether a saved mapping fits a header without errors (for choosing a mapping automatically). */
export function fitsHeader(saved: ImportMapping, header: readonly string[]): boolean {
  return applyToHeader(saved, header).errors.length === 0;
}
