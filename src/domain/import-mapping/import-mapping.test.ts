import { describe, expect, it } from 'vitest';
import { countryLabels, LabelMatcher, TOTAL_LABELS } from './labels';
import { applyToHeader, checkMapping, type ImportMapping, proposeMapping } from './mapping';
import { translateMappingMessage } from './messages';
import { isPeriodHeader, readPeriodLabel } from './period-labels';
import { Unpivot } from './unpivot';

const COUNTRIES = countryLabels([
  {
    iso3: 'COD',
    iso2: 'CD',
    numeric: '180',
    names: [
      'Congo, The Democratic Republic of the',
      'République démocratique du Congo',
      'Демократическая Республика Конго',
    ],
  },
  { iso3: 'COG', iso2: 'CG', numeric: '178', names: ['Congo', 'Congo', 'Республика Конго'] },
  { iso3: 'GRC', iso2: 'GR', numeric: '300', names: ['Greece', 'Grèce', 'Греция'] },
  { iso3: 'DEU', iso2: 'DE', numeric: '276', names: ['Germany', 'Allemagne', 'Германия'] },
  {
    iso3: 'SYR',
    iso2: 'SY',
    numeric: '760',
    names: ['Syrian Arab Republic', 'République arabe syrienne', 'Сирия'],
  },
  { iso3: 'AFG', iso2: 'AF', numeric: '004', names: ['Afghanistan', 'Afghanistan', 'Афганистан'] },
  { iso3: 'XKX', iso2: 'XK', numeric: null, names: ['Kosovo*'] },
  { iso3: 'STL', iso2: null, numeric: null, names: ['Stateless', 'Apatride'] },
  { iso3: 'UNK', iso2: null, numeric: null, names: ['Unknown citizenship'] },
]);
const countries = new LabelMatcher(COUNTRIES);
const sex = new LabelMatcher([
  { code: '_T', labels: TOTAL_LABELS },
  { code: 'F', labels: ['Female', 'Femmes', 'Women'] },
  { code: 'M', labels: ['Male', 'Hommes', 'Men'] },
]);
const citizenship = new LabelMatcher([{ code: '_T', labels: TOTAL_LABELS }, ...COUNTRIES]);
const ctx = { dimensions: { citizenship, sex }, countries, indicators: ['ASY', 'IBC'] };
const unpivotCtx = { matchers: { reporter: countries, citizenship, sex } };

describe('period labels', () => {
  it.each([
    ['2015M01', '2015-01'],
    ['2015-01', '2015-01'],
    ['2015/3', '2015-03'],
    ['03/2015', '2015-03'],
    ['Jan 2015', '2015-01'],
    ['january 2015', '2015-01'],
    ['févr. 2015', '2015-02'],
    ['дек 2015', '2015-12'],
    ['2015-Dec', '2015-12'],
    [' 2015m12 ', '2015-12'],
    ['2015-06-01', '2015-06'],
  ])('reads %s as %s', (label, month) => expect(readPeriodLabel(label)).toBe(month));
  it.each(['2015M13', 'Foo 2015', '15-01', '2015-1-1', 'Q1 2015', ''])('refuses %s', (label) =>
    expect(readPeriodLabel(label)).toBeNull(),
  );
  it('reads a bare year only when the mapping files annual figures at January', () => {
    expect(readPeriodLabel('2015')).toBeNull();
    expect(readPeriodLabel('2015', { yearAs: 'january' })).toBe('2015-01');
    expect(isPeriodHeader('2015')).toBe(true);
    expect(isPeriodHeader('citizen')).toBe(false);
  });
});

describe('labels to codes', () => {
  it.each([
    ['Greece', 'GRC'],
    ['  greece ', 'GRC'],
    ['GRÈCE', 'GRC'],
    ['Греция', 'GRC'],
    ['EL', 'GRC'],
    ['GR', 'GRC'],
    ['300', 'GRC'],
    ['4', 'AFG'],
    ['004', 'AFG'],
    ['DR Congo', 'COD'],
    ['Congo, the Democratic Republic of the', 'COD'],
    ['Kosovo', 'XKX'],
    ['Kosovo*', 'XKX'],
    ['Stateless', 'STL'],
    ['apatrides', 'STL'],
    ['Unknown', 'UNK'],
    ['Not specified', 'UNK'],
    ['Germany (until 1990 former territory of the FRG)', 'DEU'],
  ])('matches %s to %s', (label, code) => expect(countries.match(label)).toEqual({ kind: 'code', code }));

  it('reports an unknown label with similar codes, never picking one', () => {
    const r = countries.match('European Union - 27 countries (from 2020)');
    expect(r.kind).toBe('unknown');
    expect(countries.match('Republic of Congo')).toEqual({ kind: 'unknown', suggestions: ['COD', 'COG'] });
  });

  it('reports a label two codes share as ambiguous', () => {
    const m = new LabelMatcher([
      { code: 'AAA', labels: ['Guinea'] },
      { code: 'BBB', labels: ['guinea'] },
    ]);
    expect(m.match('Guinea')).toEqual({ kind: 'ambiguous', codes: ['AAA', 'BBB'] });
  });
});

describe('proposing a mapping', () => {
  it('maps a long Eurostat SDMX-CSV header by column names, the label columns as duplicates', () => {
    const header = [
      'STRUCTURE',
      'freq',
      'citizen',
      'Country of citizenship',
      'sex',
      'Sex',
      'geo',
      'TIME_PERIOD',
      'OBS_VALUE',
      'OBS_FLAG',
    ];
    const p = proposeMapping(
      header,
      [['dataflow', 'A', 'TOTAL', 'Total', 'T', 'Total', 'AT', '2015', '88160', '']],
      ctx,
    );
    expect(p.layout).toBe('long');
    expect(p.mapping.columns).toEqual([
      { kind: 'ignore' },
      { kind: 'ignore' },
      { kind: 'field', field: 'citizenship' },
      { kind: 'ignore' },
      { kind: 'field', field: 'sex' },
      { kind: 'ignore' },
      { kind: 'field', field: 'reporter' },
      { kind: 'field', field: 'period' },
      { kind: 'field', field: 'value' },
      { kind: 'field', field: 'flags' },
    ]);
    expect(p.reasons[3]).toBe('duplicate');
    expect(p.mapping.yearAs).toBe('january');
    expect(checkMapping({ ...p.mapping, fixed: { indicator: 'ASY' } })).toEqual([]);
  });

  it('recognises a table wide by period', () => {
    const p = proposeMapping(
      ['Nationality', '2015M01', '2015M02', 'Jan 2016'],
      [['Syria', '1', '2', '3']],
      ctx,
    );
    expect(p.layout).toBe('wide-period');
    expect(p.mapping.columns).toEqual([
      { kind: 'field', field: 'citizenship' },
      { kind: 'period', period: '2015-01' },
      { kind: 'period', period: '2015-02' },
      { kind: 'period', period: '2016-01' },
    ]);
  });

  it('recognises a monthly file with one month column, but not one bare year', () => {
    expect(proposeMapping(['Nationality', 'Dec 2026'], [['Syria', '4']], ctx).layout).toBe('wide-period');
    expect(proposeMapping(['Nationality', '2026'], [['Syria', '4']], ctx).layout).toBe('long');
  });

  it('recognises a table wide by breakdown (citizenship codes as columns) and a period column by its values', () => {
    const p = proposeMapping(['when', 'SYR', 'AFG', 'Stateless'], [['2015-01', '1', '2', '3']], ctx);
    expect(p.layout).toBe('wide-breakdown');
    expect(p.mapping.columns).toEqual([
      { kind: 'field', field: 'period' },
      { kind: 'code', dimension: 'citizenship', code: 'SYR' },
      { kind: 'code', dimension: 'citizenship', code: 'AFG' },
      { kind: 'code', dimension: 'citizenship', code: 'STL' },
    ]);
  });
});

const wide: ImportMapping = {
  header: ['citizenship', '2015-01', '2015-02'],
  columns: [
    { kind: 'field', field: 'citizenship' },
    { kind: 'period', period: '2015-01' },
    { kind: 'period', period: '2015-02' },
  ],
  fixed: { indicator: 'ASY', reporter: 'GRC' },
  codes: {},
};

describe('checking a mapping', () => {
  it('refuses a required field without a column', () => {
    const errors = checkMapping({
      ...wide,
      columns: [wide.columns[0]!, { kind: 'ignore' }, { kind: 'ignore' }],
      fixed: {},
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['indicator', 'period', 'reporter', 'value']);
    expect(errors[0]!.message).toContain('no column is mapped to the field');
  });
  it('accepts the reporter given with the upload', () => {
    expect(checkMapping({ ...wide, fixed: { indicator: 'ASY' } }, { reporterGiven: true })).toEqual([]);
  });
  it('refuses two columns on one field, naming both', () => {
    const errors = checkMapping({
      ...wide,
      header: ['citizen', 'nationality', '2015-01'],
      columns: [
        { kind: 'field', field: 'citizenship' },
        { kind: 'field', field: 'citizenship' },
        wide.columns[1]!,
      ],
    });
    expect(errors).toEqual([
      {
        code: 'MAPPING_TWO_COLUMNS',
        params: { columns: 'A ("citizen") and B ("nationality")', field: 'citizenship' },
        row: 1,
        column: 'B',
        field: 'citizenship',
        message: 'columns A ("citizen") and B ("nationality") are both mapped to the field "citizenship"',
      },
    ]);
  });
  it('refuses a period header that cannot be read, naming column and header', () => {
    const errors = checkMapping(
      {
        ...wide,
        header: ['citizenship', 'Foo 2015', '2015-02'],
        columns: [wide.columns[0]!, { kind: 'period', period: 'Foo 2015' }, wide.columns[2]!],
      },
      { file: 'f.csv' },
    );
    expect(errors).toEqual([
      {
        code: 'MAPPING_PERIOD_HEADER',
        params: { header: 'Foo 2015', column: 'B' },
        file: 'f.csv',
        row: 1,
        column: 'B',
        field: 'period',
        message:
          'the header "Foo 2015" of column B cannot be read as a month (e.g. 2015-01, 2015M01, Jan 2015)',
      },
    ]);
  });
  it('refuses a label answered with two codes', () => {
    const errors = checkMapping({
      ...wide,
      codes: { citizenship: { 'DR Congo': 'COD', ' dr  congo ': 'COG' } },
    });
    expect(errors[0]!.message).toBe('the label " dr  congo " is mapped to two codes: COD and COG');
  });
});

describe('messages in the working languages', () => {
  it('words each message by its code and parameters in French and Russian', () => {
    const [e] = checkMapping({ ...wide, fixed: { reporter: 'GRC' } });
    expect(e!.code).toBe('MAPPING_FIELD_UNASSIGNED');
    expect(translateMappingMessage(e!.code!, e!.params!, 'fr')).toBe(
      'aucune colonne n’est associée au champ « indicator » (associez une colonne ou fixez l’indicateur pour tout le fichier)',
    );
    expect(translateMappingMessage(e!.code!, e!.params!, 'ru')).toBe(
      'ни один столбец не сопоставлен полю «indicator» (сопоставьте столбец или задайте показатель для всего файла)',
    );
    expect(translateMappingMessage('NOT_A_MAPPING_CODE', {}, 'fr')).toBeUndefined();
  });
});

describe('a saved mapping on the next file', () => {
  it('follows moved columns and new months of a table wide by period', () => {
    const r = applyToHeader(wide, ['2015-02', 'Citizenship ', '2015-03']);
    expect(r.errors).toEqual([]);
    expect(r.mapping.columns).toEqual([
      { kind: 'period', period: '2015-02' },
      { kind: 'field', field: 'citizenship' },
      { kind: 'period', period: '2015-03' },
    ]);
  });
  it('refuses a header that no longer matches', () => {
    const r = applyToHeader(wide, ['nationality', '2015-01'], { file: 'next.csv', name: 'monthly' });
    expect(r.errors.map((e) => e.message)).toEqual([
      'the column "nationality" is not in the saved mapping "monthly": the header no longer matches it (map the file again)',
      'the column "citizenship" of the saved mapping "monthly" is missing from the file: the header no longer matches it',
    ]);
    expect(r.errors[0]).toMatchObject({ file: 'next.csv', row: 1, column: 'A', field: 'header' });
  });
});

describe('unpivoting', () => {
  it('gives one template row per value cell of a wide record, empty cells none', () => {
    const u = new Unpivot(wide, unpivotCtx);
    expect(u.rowsOf(['Syria', '12 750', ''], 2)).toEqual([
      expect.objectContaining({
        indicator: 'ASY',
        reporter: 'GRC',
        citizenship: 'SYR',
        sex: '_T',
        period: '2015-01',
        value: '12750',
        flags: '',
      }),
    ]);
    expect(u.rowsOf(['DR Congo', '1', '2'], 3).map((r) => [r.citizenship, r.period, r.value])).toEqual([
      ['COD', '2015-01', '1'],
      ['COD', '2015-02', '2'],
    ]);
    expect(u.figures).toBe(3);
  });

  it('records an unknown label once with its first row and count, and leaves its rows out', () => {
    const u = new Unpivot(wide, unpivotCtx, { file: 'w.csv' });
    expect(u.rowsOf(['Atlantis', '1', '2'], 2)).toEqual([]);
    expect(u.rowsOf(['Atlantis', '1', '2'], 5)).toEqual([]);
    expect(u.errors()).toEqual([
      {
        code: 'LABEL_UNKNOWN',
        params: { label: 'Atlantis', field: 'citizenship', similar: '', rows: 2 },
        file: 'w.csv',
        row: 2,
        column: 'A',
        field: 'citizenship',
        message:
          '"Atlantis" is not a known citizenship label: confirm its code or leave it out (2 rows, the first here)',
      },
    ]);
  });

  it('uses the confirmed answers: a code, or null to leave the rows out', () => {
    const u = new Unpivot(
      { ...wide, codes: { citizenship: { Atlantis: 'UNK', 'EU-27': null } } },
      unpivotCtx,
    );
    expect(u.rowsOf(['atlantis', '1', ''], 2)[0]!.citizenship).toBe('UNK');
    expect(u.rowsOf(['EU-27', '1', ''], 3)).toEqual([]);
    expect(u.skippedRows).toBe(1);
    expect(u.errors()).toEqual([]);
  });

  it('reads long records: periods by label, Eurostat flags, ":" as not available', () => {
    const m: ImportMapping = {
      header: ['geo', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_FLAG'],
      columns: [
        { kind: 'field', field: 'reporter' },
        { kind: 'field', field: 'period' },
        { kind: 'field', field: 'value' },
        { kind: 'field', field: 'flags' },
      ],
      fixed: { indicator: 'REF' },
      yearAs: 'january',
      codes: {},
    };
    const u = new Unpivot(m, unpivotCtx);
    expect(u.rowsOf(['Greece', '2015', '455', 'e'], 2)).toEqual([
      expect.objectContaining({ reporter: 'GRC', period: '2015-01', value: '455', flags: 'estimated' }),
    ]);
    expect(u.rowsOf(['Greece', '2016', ':', 'bd'], 3)[0]).toMatchObject({
      value: '',
      flags: 'not_available',
      comment: 'source flag: b d',
    });
    expect(u.rowsOf(['Greece', 'sometime', '1', ''], 4)).toEqual([]);
    expect(u.errors()[0]).toMatchObject({
      row: 4,
      column: 'B',
      field: 'period',
      message: '"sometime" cannot be read as a month (e.g. 2015-01, 2015M01, Jan 2015)',
    });
  });

  it('unpivots a table wide by breakdown', () => {
    const m: ImportMapping = {
      header: ['period', 'SYR', 'Total'],
      columns: [
        { kind: 'field', field: 'period' },
        { kind: 'code', dimension: 'citizenship', code: 'SYR' },
        { kind: 'code', dimension: 'citizenship', code: '_T' },
      ],
      fixed: { indicator: 'ASY', reporter: 'GRC' },
      codes: {},
    };
    const u = new Unpivot(m, unpivotCtx);
    expect(u.rowsOf(['Jan 2020', '5', '9'], 2).map((r) => [r.period, r.citizenship, r.value])).toEqual([
      ['2020-01', 'SYR', '5'],
      ['2020-01', '_T', '9'],
    ]);
  });
});
