import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import {
  countObservations,
  type ExchangeWorld,
  IBC_HEADER,
  makeExchangeWorld,
} from '../../../../test/exchange-world';

interface RowError {
  file?: string;
  row?: number;
  column?: string;
  field: string;
  code?: string;
  message: string;
}

describe.each(testDatabases())('exchange: import errors in the caller’s language [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const upload = (body: string, lang?: string, cookie: string | undefined = w.cookies.providerIta) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=feb.csv`,
      headers: {
        'content-type': 'text/csv',
        'x-passage-csrf': '1',
        ...(lang && { 'accept-language': lang }),
        ...(cookie && { cookie }),
      },
      payload: body,
    });

  const bad = [
    IBC_HEADER,
    'IBC,ITA,2024-02,CMR,SEA,_T,_T,_T,100,,',
    'IBC,ITA,2024-02,CMR,SEA,TUN,_T,_T,sixty,,',
    'IBC,ITA,2024-13,CMR,SEA,BGD,_T,_T,40,,',
    'IBC,FRA,2024-02,CMR,SEA,EGY,_T,_T,40,,',
    'IBC,ITA,2024-02,CMR,SEA,EGY,_T,_T,40,bogus,',
  ].join('\n');
  const where = (e: RowError) => [e.file, e.row, e.column, e.field, e.code];

  it('words the row errors in French and Russian with the same file, row, column, field and code; nothing written', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const en = await upload(bad);
    expect(en.statusCode).toBe(400);
    const enErrors: RowError[] = en.json().errors;
    expect(enErrors.map((e) => [e.row, e.column, e.field, e.code, e.message])).toEqual([
      [3, 'I', 'value', 'ROW_VALUE_NOT_NUMBER', 'expected a number, found "sixty"'],
      [4, 'C', 'period', 'ROW_PERIOD_NOT_MONTH', '"2024-13" is not a month (expected YYYY-MM, e.g. 2024-03)'],
      [5, 'B', 'reporter', 'ROW_REPORTER_OTHER', `"FRA" is not this submission's reporter (expected ITA)`],
      [
        6,
        'J',
        'flags',
        'ROW_FLAG_UNKNOWN',
        'unknown flag "bogus"; expected: provisional, estimated, confidential, not_available',
      ],
    ]);

    const fr = await upload(bad, 'fr');
    expect(fr.statusCode).toBe(400);
    expect(fr.headers['content-language']).toBe('fr');
    const body = fr.json();
    expect(body.code).toBe('IMPORT_REJECTED');
    const frErrors: RowError[] = body.errors;
    expect(frErrors.map(where)).toEqual(enErrors.map(where));
    expect(frErrors.map((e) => e.message)).toEqual([
      'un nombre est attendu, trouvé « sixty »',
      '« 2024-13 » n’est pas un mois (format attendu : AAAA-MM, par ex. 2024-03)',
      '« FRA » n’est pas l’État déclarant de cette transmission (attendu : ITA)',
      'marqueur inconnu « bogus » ; marqueurs attendus : provisional, estimated, confidential, not_available',
    ]);

    const ru = await upload(bad, 'ru');
    expect(ru.statusCode).toBe(400);
    const ruErrors: RowError[] = ru.json().errors;
    expect(ruErrors.map(where)).toEqual(enErrors.map(where));
    expect(ruErrors.map((e) => e.message)).toEqual([
      'ожидается число, найдено «sixty»',
      '«2024-13» — не месяц (ожидается ГГГГ-ММ, например 2024-03)',
      '«FRA» — не государство этой передачи данных (ожидается ITA)',
      'неизвестная отметка «bogus»; ожидается: provisional, estimated, confidential, not_available',
    ]);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('words the header errors in Russian', async () => {
    const res = await upload('indicator,period,colour\nIBC,2024-01,red', 'ru');
    expect(res.statusCode).toBe(400);
    const errors: RowError[] = res.json().errors;
    expect(errors.map((e) => [e.row, e.column, e.field, e.code])).toEqual([
      [1, 'C', 'colour', 'HEADER_COLUMN_UNKNOWN'],
      [1, undefined, 'value', 'HEADER_COLUMN_MISSING'],
    ]);
    expect(errors[0]!.message).toMatch(
      /^неизвестный столбец «colour»; ожидается один из: indicator, reporter, /,
    );
    expect(errors[1]!.message).toBe('в файле нет столбца «value»');
  });

  it('words the SDMX-CSV header errors in French', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=feb.csv`,
      headers: {
        'content-type': 'application/vnd.sdmx.data+csv',
        'x-passage-csrf': '1',
        'accept-language': 'fr',
        cookie: w.cookies.providerIta,
      },
      payload: 'COLOUR,OBS_VALUE\nred,1',
    });
    expect(res.statusCode).toBe(400);
    const errors: RowError[] = res.json().errors;
    expect(errors.map((e) => [e.field, e.code, e.message])).toEqual(
      expect.arrayContaining([
        [
          'DATAFLOW',
          'SDMX_HEADER_NO_DATAFLOW',
          'un fichier SDMX-CSV commence par une colonne DATAFLOW (ou STRUCTURE)',
        ],
        [
          'COLOUR',
          'SDMX_HEADER_COLUMN_UNKNOWN',
          expect.stringMatching(/^colonne SDMX inconnue « COLOUR » ; colonnes attendues : /),
        ],
        ['TIME_PERIOD', 'HEADER_COLUMN_MISSING', 'le fichier n’a pas de colonne « TIME_PERIOD »'],
      ]),
    );
  });

  it('refuses an anonymous upload in the caller’s language', async () => {
    const anon = await upload(bad, 'fr', '');
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-language']).toBe('fr');
  });
});
