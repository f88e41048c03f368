import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension } from './dimensions';
import {
  columnLetter,
  EXPORT_FIELDS,
  mapHeader,
  parseObservationRow,
  ROW_FIELDS,
  type RowCells,
  type RowContext,
  type RowField,
} from './parse-csv-row';

const codes = Object.fromEntries(DIMENSIONS.map((d) => [d, new Set<string>()])) as Record<
  Dimension,
  Set<string>
>;
codes.route = new Set(['EMR', 'CMR']);
codes.border_type = new Set(['LAND', 'SEA', 'AIR']);
codes.citizenship = new Set(['SYR', 'AFG', 'UNK']);
codes.sex = new Set(['F', 'M', '_U']);

const ctx: RowContext = {
  indicators: new Map([
    ['IBC', { breakdowns: ['route', 'border_type', 'citizenship', 'sex'] }],
    ['RET_DEC', { breakdowns: ['citizenship'] }],
  ]),
  codes,
  reporter: 'ITA',
  latestPeriod: '2025-06',
  earliestPeriod: '1990-01',
};
const header = [
  'indicator',
  'reporter',
  'period',
  'route',
  'border_type',
  'citizenship',
  'sex',
  'value',
  'flags',
];
const at = (row = 2) => ({
  file: 'f.csv',
  row,
  columnOf: (f: RowField) => {
    const i = header.indexOf(f);
    return i < 0 ? undefined : columnLetter(i);
  },
});
const good: RowCells = {
  indicator: 'IBC',
  reporter: 'ita',
  period: '2025-03',
  route: 'EMR',
  border_type: 'SEA',
  citizenship: 'syr',
  sex: '_T',
  value: '120',
};

describe('parseObservationRow', () => {
  it('parses a valid row, upper-casing codes and defaulting unused breakdowns to _T', () => {
    const r = parseObservationRow(good, ctx, at());
    expect(r).toEqual({
      ok: true,
      observation: expect.objectContaining({
        indicator: 'IBC',
        reporter: 'ITA',
        period: '2025-03',
        value: 120,
        flags: [],
        comment: null,
      }),
    });
    if (r.ok) {
      expect(r.observation.breakdowns).toMatchObject({ citizenship: 'SYR', reason: '_T', place: '_T' });
    }
  });

  it('reports every problem of a row with its row, column and field', () => {
    const r = parseObservationRow(
      { ...good, indicator: 'IBC', period: '2025-13', citizenship: 'XXX', value: 'twelve', route: '' },
      ctx,
      at(7),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.row, e.column])).toEqual([
      ['period', 7, 'C'],
      ['route', 7, 'D'],
      ['citizenship', 7, 'F'],
      ['value', 7, 'H'],
    ]);
    expect(r.errors[0]!.message).toContain('expected YYYY-MM');
    expect(r.errors[3]!.message).toBe('expected a number, found "twelve"');
    expect(r.errors[0]!.file).toBe('f.csv');
  });

  it('rejects unknown indicators, foreign reporters, future periods and breakdowns the indicator lacks', () => {
    const bad = (cells: RowCells) => {
      const r = parseObservationRow(cells, ctx, at());
      return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
    };
    expect(bad({ ...good, indicator: 'NOPE' })[0]).toMatch(/^indicator: unknown indicator "NOPE"/);
    expect(bad({ ...good, reporter: 'GRC' })).toEqual([
      'reporter: "GRC" is not this submission\'s reporter (expected ITA)',
    ]);
    expect(bad({ ...good, period: '2025-07' })).toEqual([
      'period: 2025-07 is in the future (latest is 2025-06)',
    ]);
    expect(bad({ ...good, period: '1850-01' })[0]).toMatch(/before 1990-01/);
    expect(
      bad({ indicator: 'RET_DEC', period: '2025-01', citizenship: 'AFG', sex: 'F', value: '3' }),
    ).toEqual(['sex: indicator RET_DEC has no breakdown by sex: leave it empty or _T']);
  });

  it('requires a breakdown column the indicator needs', () => {
    const r = parseObservationRow({ indicator: 'IBC', period: '2025-01', value: '1' }, ctx, {
      row: 2,
      columnOf: (f) => (['indicator', 'period', 'value'].includes(f) ? 'A' : undefined),
    });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toContain(
      'the file has no column "route", required for indicator IBC',
    );
  });

  it('handles flags and not-available values', () => {
    const na = parseObservationRow({ ...good, value: '', flags: 'not_available; provisional' }, ctx, at());
    expect(na.ok && na.observation).toMatchObject({ value: null, flags: ['not_available', 'provisional'] });
    const missing = parseObservationRow({ ...good, value: '' }, ctx, at());
    expect(missing.ok).toBe(false);
    const badFlag = parseObservationRow({ ...good, flags: 'guess' }, ctx, at());
    expect(badFlag.ok ? '' : badFlag.errors[0]!.message).toMatch(/unknown flag "guess"/);
  });

  it('flags broken encodings (replacement characters) in the row', () => {
    const r = parseObservationRow({ ...good, comment: 'Ã\uFFFDtude' }, ctx, at(9));
    expect(r.ok ? null : r.errors[0]).toMatchObject({ row: 9, field: 'comment' });
    expect(r.ok ? '' : r.errors[0]!.message).toMatch(/not valid UTF-8/);
  });
});

describe('mapHeader', () => {
  it('normalises labels and reports unknown, repeated and missing columns', () => {
    const ok = mapHeader(['Indicator', 'PERIOD', 'Border type', 'value', '']);
    expect(ok.fields).toEqual(['indicator', 'period', 'border_type', 'value', null]);
    expect(ok.errors).toEqual([]);
    const bad = mapHeader(['indicator', 'indicator', 'colour'], { file: 'x.csv' });
    expect(bad.errors.map((e) => e.message)).toEqual([
      'column "indicator" appears twice',
      expect.stringMatching(/^unknown column "colour"/),
      'the file has no column "period"',
      'the file has no column "value"',
    ]);
    expect(bad.errors[1]).toMatchObject({ file: 'x.csv', row: 1, column: 'C' });
  });

  it('reads past the `derived` column of a data export, which Passage sets and a file does not', () => {
    const exported = mapHeader([...EXPORT_FIELDS]);
    expect(exported.errors).toEqual([]);
    expect(exported.fields.at(-1)).toBeNull();
    expect(exported.fields.slice(0, -1)).toEqual([...ROW_FIELDS]);
  });

  it('names spreadsheet columns', () => {
    expect([0, 25, 26, 27, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
  });
});
