import { describe, expect, it } from 'vitest';
import { checkCalendar } from '../calendars/reporting-calendar';
import { translateFieldError } from '../i18n/field-messages';
import { DIMENSIONS, type Dimension } from './dimensions';
import { mapHeader, parseObservationRow, type RowContext } from './parse-csv-row';
import {
  ROW_MESSAGES,
  type RowMessageCode,
  rowMessage,
  translateRowMessage,
  withParams,
} from './row-messages';

const PARAMS = ['header', 'expected', 'column', 'indicator', 'reporter', 'period', 'latest', 'earliest'];
const MORE = [
  'dimension',
  'total',
  'code',
  'flag',
  'value',
  'length',
  'max',
  'row',
  'from',
  'to',
  'lockedOn',
];
const MORE_STILL = ['first', 'figures'];
/** A value per parameter that cannot be mistaken for any word of a sentence. */
const sample = Object.fromEntries([...PARAMS, ...MORE, ...MORE_STILL].map((k, i) => [k, `⟦${k}${i}⟧`]));
const shown = (text: string) => Object.keys(sample).filter((k) => text.includes(String(sample[k])));
const codes = Object.keys(ROW_MESSAGES) as RowMessageCode[];

describe('row messages of the template importer', () => {
  it.each(['fr', 'ru'] as const)(
    'words every code in %s with the same placeholders as in English',
    (lang) => {
      for (const code of codes) {
        const en = ROW_MESSAGES[code].en(sample);
        const other = translateRowMessage(code, sample, lang);
        expect(other, code).toBeTruthy();
        expect(other, code).not.toBe(en);
        expect(shown(other!), code).toEqual(shown(en));
        // Nothing left unfilled or undefined.
        expect(other, code).not.toMatch(/undefined|\$\{/);
      }
    },
  );

  it('leaves an unknown code to the other translators', () => {
    expect(translateRowMessage('NOT_A_ROW_CODE', {}, 'fr')).toBeUndefined();
  });

  const dims = Object.fromEntries(DIMENSIONS.map((d) => [d, new Set<string>()])) as Record<
    Dimension,
    Set<string>
  >;
  dims.route = new Set(['EMR', 'CMR']);
  const ctx: RowContext = {
    indicators: new Map([
      ['IBC', { breakdowns: ['route', 'citizenship'] }],
      ['RET_DEC', { breakdowns: ['citizenship'] }],
    ]),
    codes: dims,
    reporter: 'ITA',
    latestPeriod: '2025-06',
    earliestPeriod: '1990-01',
  };
  const at = { row: 7, columnOf: (f: string) => (f === 'sex' ? undefined : 'C') };

  it('gives every row error a code, keeps the English text and words it in French and Russian', () => {
    const r = parseObservationRow(
      {
        indicator: 'IBC',
        reporter: 'FRA',
        period: '2031-01',
        route: 'XXX',
        citizenship: 'ZZZ',
        value: 'ten',
        sex: 'F',
      },
      ctx,
      at,
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.every((e) => e.code && e.params)).toBe(true);
    expect(errors.map((e) => [e.field, e.code, e.message])).toEqual([
      ['reporter', 'ROW_REPORTER_OTHER', `"FRA" is not this submission's reporter (expected ITA)`],
      ['period', 'ROW_PERIOD_FUTURE', '2031-01 is in the future (latest is 2025-06)'],
      ['route', 'ROW_CODE_UNKNOWN', 'unknown code "XXX"; expected one of: _T, EMR, CMR'],
      [
        'citizenship',
        'ROW_COUNTRY_CODE_UNKNOWN',
        'unknown code "ZZZ" (expected an ISO 3166-1 alpha-3 code, or STL, UNK, XKX)',
      ],
      ['sex', 'ROW_BREAKDOWN_NOT_ALLOWED', 'indicator IBC has no breakdown by sex: leave it empty or _T'],
      ['value', 'ROW_VALUE_NOT_NUMBER', 'expected a number, found "ten"'],
    ]);
    expect(errors.map((e) => translateFieldError(e, 'fr'))).toEqual([
      '« FRA » n’est pas l’État déclarant de cette transmission (attendu : ITA)',
      '2031-01 est dans le futur (le dernier mois possible est 2025-06)',
      'code inconnu « XXX » ; codes attendus : _T, EMR, CMR',
      'code inconnu « ZZZ » (attendu : un code ISO 3166-1 alpha-3, ou STL, UNK, XKX)',
      'l’indicateur IBC n’a pas de ventilation par sex : laissez la cellule vide ou mettez _T',
      'un nombre est attendu, trouvé « ten »',
    ]);
    expect(translateFieldError(errors[5]!, 'ru')).toBe('ожидается число, найдено «ten»');
  });

  it('gives the header errors a code', () => {
    const m = mapHeader(['indicator', 'Period', 'period', 'CITIZEN']);
    expect(m.errors.map((e) => [e.code, e.message])).toEqual([
      ['HEADER_COLUMN_TWICE', 'column "period" appears twice'],
      [
        'HEADER_COLUMN_UNKNOWN',
        expect.stringMatching(/^unknown column "CITIZEN"; expected one of: indicator, reporter, period, /),
      ],
      ['HEADER_COLUMN_MISSING', 'the file has no column "value"'],
    ]);
    expect(translateFieldError(m.errors[2]!, 'ru')).toBe('в файле нет столбца «value»');
    expect(translateFieldError(m.errors[0]!, 'fr')).toBe('la colonne « period » apparaît deux fois');
  });
});

describe('import and submission messages in three languages', () => {
  const entries = [{ reporter: 'GRC', indicator: 'IBC', from: '2024-01', to: null, deadlineDay: 15 }];

  it('words a month outside the reporting calendar with its count of figures, in French and Russian', () => {
    const v = checkCalendar(entries, 'GRC', 'IBC', '2023-12');
    if (v.isExpected) throw new Error('2023-12 should be outside the calendar');
    const inFile = withParams(
      { message: v.reason, code: v.code, params: v.params },
      { figures: 3, firstRow: 1, indicator: 'IBC', period: '2023-12' },
    );
    expect(inFile.message).toBe(
      '2023-12 is before GRC reports IBC (from 2024-01 in the reporting calendar) (3 figures of IBC for 2023-12; the first on this row)',
    );
    expect(translateRowMessage(inFile.code, inFile.params, 'fr')).toBe(
      '2023-12 est antérieur au début des déclarations de IBC par GRC (à partir de 2024-01 dans le calendrier de déclaration) (3 chiffres de IBC pour 2023-12 ; le premier sur cette ligne)',
    );
    expect(translateRowMessage(inFile.code, { ...inFile.params, figures: 1, firstRow: '' }, 'ru')).toBe(
      '2023-12 — раньше, чем GRC начинает передавать IBC (с 2024-01 по календарю отчётности) (значений: 1)',
    );
  });

  it('words a locked month and a reporter that is not a member', () => {
    const locked = rowMessage('PERIOD_LOCKED', {
      reporter: 'ITA',
      indicator: 'IBC',
      period: '2024-02',
      lockedOn: '2024-03-20',
      figures: 1,
    });
    expect(locked.message).toBe(
      'ITA IBC 2024-02 was published on 2024-03-20 and is locked: ask the secretariat to reopen it (1 figure)',
    );
    expect(translateRowMessage(locked.code, locked.params, 'fr')).toContain('est verrouillé');
    expect(rowMessage('ROW_REPORTER_NOT_MEMBER', { reporter: 'FRA', hint: 1 }).message).toBe(
      '"FRA" is not a member state of this dialogue (give ?reporter=ISO3)',
    );
    expect(translateRowMessage('ROW_REPORTER_NOT_MEMBER', { reporter: 'FRA' }, 'ru')).toBe(
      '«FRA» — не государство-участник этого диалога',
    );
  });
});
