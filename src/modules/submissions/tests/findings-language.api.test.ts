import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';

interface Finding {
  key: string;
  severity: string;
  message: string;
  detail: string | null;
}

describe.each(testDatabases())('exchange: rule findings in the caller’s language [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  const row = (citizenship: string, value: number) =>
    `IBC,ITA,2024-05,CMR,SEA,${citizenship},_T,_T,${value},,`;
  let id = 0;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: [IBC_HEADER, row('_T', 300), row('TUN', 290), row('EGY', 5)].join('\n'),
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().submissionId;
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST', path: string, cookie?: string, lang?: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: {
        ...(cookie && { cookie, 'x-passage-csrf': '1' }),
        ...(lang && { 'accept-language': lang }),
      },
      ...(payload !== undefined && { payload: { ...payload } }),
    });
  const sumError = (list: Finding[]) => list.find((f) => f.key.startsWith('default:total_equals_sum'))!;

  it('words a default rule’s finding as a plain sentence, with the expression as a separate detail', async () => {
    const en = await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta);
    expect(en.statusCode).toBe(200);
    const f = sumError(en.json());
    expect(f).toMatchObject({
      severity: 'error',
      message:
        'The total (300) differs from the sum of its citizenship breakdown (295) for IBC 2024-05 (route=CMR, border_type=SEA)',
      detail: 'value == breakdown_sum; value=300, breakdown_sum=295',
    });
    expect(f.message).not.toMatch(/==|breakdown_sum|does not hold/);

    const fr = sumError(
      (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta, 'fr')).json(),
    );
    expect(fr.message).toBe(
      'Le total (300) diffère de la somme de sa ventilation par citizenship (295) pour IBC 2024-05 (route=CMR, border_type=SEA)',
    );
    expect(fr.detail).toBe(f.detail);
    const ru = sumError(
      (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta, 'ru')).json(),
    );
    expect(ru.message).toBe(
      'Итог (300) не равен сумме разбивки по citizenship (295) для IBC 2024-05 (route=CMR, border_type=SEA)',
    );
  });

  it('words the findings of a refused submit in the caller’s language', async () => {
    const res = await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, 'ru', {});
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('RULES_FAILED');
    expect(sumError(res.json().findings).message).toMatch(/^Итог \(300\) не равен сумме разбивки/);
  });

  it('words the row errors of a JSON submission in French, field and row unchanged; nothing created', async () => {
    const bad = await api('POST', '/submissions', w.cookies.providerIta, 'fr', {
      observations: [
        { indicator: 'RET_DEC', period: '2021-05', breakdowns: { citizenship: 'ZZZ' }, value: 4 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.observations[0].citizenship',
        row: 1,
        code: 'ROW_COUNTRY_CODE_UNKNOWN',
        message: 'code inconnu « ZZZ » (attendu : un code ISO 3166-1 alpha-3, ou STL, UNK, XKX)',
      }),
    ]);
  });

  it('refuses the findings to a stranger and an unknown submission', async () => {
    expect((await api('GET', `/submissions/${id}/findings`, undefined, 'fr')).statusCode).toBe(401);
    expect((await api('GET', `/submissions/${id}/findings`, w.cookies.providerGrc, 'fr')).statusCode).toBe(
      404,
    );
    expect((await api('GET', '/submissions/999999/findings', w.cookies.providerIta, 'fr')).statusCode).toBe(
      404,
    );
  });
});
