import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';

describe.each(testDatabases())('exchange: workflow, figures and vintages [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const api = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    cookie?: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: cookie ? { cookie, 'x-passage-csrf': '1' } : {},
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const upload = async (csv: string, cookie = w.cookies.providerIta) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().submissionId as number;
  };
  /** Submits (answering every warning), validates and publishes a submission. */
  const publish = async (id: number) => {
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    expect(
      (await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, { warningComments })).statusCode,
    ).toBe(200);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager, {})).statusCode).toBe(200);
    const res = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, { comment: 'ok' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const row = (period: string, citizenship: string, value: number | string, comment = '') =>
    `IBC,ITA,${period},CMR,SEA,${citizenship},_T,_T,${value},,${comment}`;

  it('runs the whole workflow: errors block, warnings need comments, review, publish', async () => {
    // Last year, published.
    await publish(
      await upload([IBC_HEADER, row('2023-03', '_T', 100), row('2023-03', 'TUN', 100)].join('\n')),
    );
    // A total that does not equal its breakdown (error) and a jump of +200 % (warning).
    const id = await upload(
      [IBC_HEADER, row('2024-03', '_T', 300), row('2024-03', 'TUN', 290), row('2024-03', 'EGY', 5)].join(
        '\n',
      ),
    );
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    expect(findings.map((f: { severity: string; rule: string }) => [f.severity, f.rule]).sort()).toEqual([
      ['error', 'Total equals the sum of its citizenship breakdown'],
      ['warning', 'Change versus last year'],
      ['warning', 'Change versus last year'],
    ]);
    const blocked = await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, {});
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('RULES_FAILED');
    expect(blocked.json().findings[0].detail).toBe('value == breakdown_sum; value=300, breakdown_sum=295');

    // Fix the total with a single-figure edit, then submit: the warnings need comments.
    const obs = (await api('GET', `/submissions/${id}/observations`, w.cookies.providerIta)).json();
    const total = obs.find((o: { breakdowns: { citizenship: string } }) => o.breakdowns.citizenship === '_T');
    const edit = await api('PUT', `/submissions/${id}/figures`, w.cookies.providerIta, {
      indicator: 'IBC',
      period: '2024-03',
      breakdowns: { route: 'CMR', border_type: 'SEA', citizenship: '_T', sex: '_T', age_group: '_T' },
      value: 295,
      comment: 'total corrected',
      expectedRevision: total.revision,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({
      value: 295,
      revision: total.revision + 1,
      comment: 'total corrected',
    });

    const needComments = await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, {});
    expect(needComments.statusCode).toBe(422);
    expect(needComments.json().code).toBe('WARNINGS_NEED_COMMENT');
    const keys = needComments.json().findings.map((f: { key: string }) => f.key);
    expect(keys).toHaveLength(2);
    const submitted = await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, {
      comment: 'March figures',
      warningComments: Object.fromEntries(keys.map((k: string) => [k, 'new landings on Lampedusa'])),
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted' });
    expect(
      submitted.json().findings.every((f: { comment: string }) => f.comment === 'new landings on Lampedusa'),
    ).toBe(true);
    expect(submitted.json().comments[0]).toMatchObject({ action: 'submit', body: 'March figures' });

    // Providers cannot review; the manager returns it, the provider resubmits, the manager validates and publishes.
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.providerIta, {})).statusCode).toBe(
      403,
    );
    expect((await api('POST', `/submissions/${id}/publish`, w.cookies.manager, {})).statusCode).toBe(409);
    const noComment = await api('POST', `/submissions/${id}/return`, w.cookies.manager, {});
    expect(noComment.statusCode).toBe(400);
    const returned = await api('POST', `/submissions/${id}/return`, w.cookies.manager, {
      comment: 'Please confirm TUN',
    });
    expect(returned.json()).toMatchObject({ status: 'returned', abilities: { return: false } });
    await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, {
      warningComments: Object.fromEntries(keys.map((k: string) => [k, 'confirmed'])),
    });
    expect(
      (await api('POST', `/submissions/${id}/validate`, w.cookies.manager, { comment: 'fine' })).json()
        .status,
    ).toBe('validated');

    // The diff against the published value and last year.
    const diff = (await api('GET', `/submissions/${id}/diff`, w.cookies.manager)).json();
    expect(diff.summary).toEqual({ total: 3, new: 3, changed: 0, unchanged: 0 });
    const tun = diff.rows.find(
      (r: { breakdowns: { citizenship: string } }) => r.breakdowns.citizenship === 'TUN',
    );
    expect(tun).toMatchObject({ value: 290, published: null, lastYear: 100, yoyPct: 190 });

    const published = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, {});
    expect(published.json()).toMatchObject({
      status: 'published',
      abilities: { edit: false, publish: false },
    });
    const current = (
      await api('GET', '/observations?indicator=IBC&from=2024-03&to=2024-03', w.cookies.analystIta)
    ).json();
    expect(current.map((o: { value: number }) => o.value).sort((a: number, b: number) => a - b)).toEqual([
      5, 290, 295,
    ]);
    expect(
      current.every(
        (o: { status: string; publishedAt: string }) => o.status === 'published' && o.publishedAt,
      ),
    ).toBe(true);
  });

  it('refreshes the dashboard rollups when it publishes', async () => {
    const series = async () =>
      (
        await api(
          'GET',
          '/analytics/series?indicator=IBC&route=CMR&from=2021-05&to=2021-05',
          w.cookies.analystIta,
        )
      ).json().points;
    // Before publication the month is a gap (issue 14: one point per month, never skipped).
    expect(await series()).toMatchObject([
      { period: '2021-05', value: null, status: 'missing', reported: 0 },
    ]);
    await publish(await upload([IBC_HEADER, 'IBC,ITA,2021-05,CMR,_T,_T,_T,_T,500,,'].join('\n')));
    expect(await series()).toMatchObject([{ period: '2021-05', value: 500 }]);
  });

  it('keeps unpublished submissions to the reporter and the secretariat', async () => {
    const id = await upload([IBC_HEADER, row('2022-01', 'SYR', 7)].join('\n'));
    expect((await api('GET', `/submissions/${id}`, w.cookies.providerGrc)).statusCode).toBe(404);
    expect((await api('GET', `/submissions/${id}`, w.cookies.analystIta)).statusCode).toBe(200);
    expect((await api('GET', `/submissions/${id}`, w.cookies.manager)).statusCode).toBe(200);
    expect((await api('GET', `/submissions/${id}`, w.cookies.outsider)).statusCode).toBe(404);
    const grcList = (await api('GET', '/submissions', w.cookies.providerGrc)).json();
    expect(grcList.some((s: { id: number }) => s.id === id)).toBe(false);
    const mgrList = (await api('GET', '/submissions?reporter=ITA', w.cookies.manager)).json();
    expect(mgrList.some((s: { id: number }) => s.id === id)).toBe(true);
    expect((await api('GET', '/submissions?status=nope', w.cookies.manager)).statusCode).toBe(400);
    // Draft figures are not in the published data.
    const pub = (
      await api('GET', '/observations?indicator=IBC&from=2022-01&to=2022-01', w.cookies.manager)
    ).json();
    expect(pub).toEqual([]);
  });

  it('creates submissions from JSON through the API, with the same validation', async () => {
    const ok = await api('POST', '/submissions', w.cookies.providerIta, {
      observations: [
        { indicator: 'RET_DEC', period: '2021-05', breakdowns: { citizenship: 'AFG' }, value: 4 },
        {
          indicator: 'RET_DEC',
          period: '2021-05',
          breakdowns: { citizenship: 'SYR' },
          value: null,
          flags: ['not_available'],
        },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      status: 'draft',
      source: 'json',
      observationCount: 2,
      reporter: 'ITA',
    });
    const bad = await api('POST', '/submissions', w.cookies.providerIta, {
      observations: [
        { indicator: 'RET_DEC', period: '2021-05', breakdowns: { citizenship: 'AFG' }, value: 'four' },
        { indicator: 'RET_DEC', period: '2021-05', breakdowns: { citizenship: 'AFG' }, value: 4 },
        { indicator: 'RET_DEC', period: '2021-05', breakdowns: { citizenship: 'AFG' }, value: 5 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.observations[0].value',
      'body.observations[2]',
    ]);
    expect((await api('POST', '/submissions', w.cookies.providerIta, { reporter: 'GRC' })).statusCode).toBe(
      403,
    );
    expect((await api('POST', '/submissions', w.cookies.outsider, {})).statusCode).toBe(404);
    expect((await api('POST', '/submissions', w.cookies.manager, { reporter: 'FRA' })).statusCode).toBe(400);
  });

  it("gives the second of two concurrent editors a conflict with the first one's change; nothing is lost", async () => {
    const id = (await api('POST', '/submissions', w.cookies.providerIta, {})).json().id;
    const figure = { indicator: 'RET_DEC', period: '2020-02', breakdowns: { citizenship: 'MAR' } };
    const first = await api('PUT', `/submissions/${id}/figures`, w.cookies.providerIta, {
      ...figure,
      value: 10,
      expectedRevision: 0,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().revision).toBe(1);
    // Both load revision 1; the manager saves first; the provider's save is refused with the manager's change.
    const [a, b] = await Promise.all([
      api('PUT', `/submissions/${id}/figures`, w.cookies.manager, {
        ...figure,
        value: 12,
        expectedRevision: 1,
        comment: 'typo',
      }),
      api('PUT', `/submissions/${id}/figures`, w.cookies.providerIta, {
        ...figure,
        value: 15,
        expectedRevision: 1,
      }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 200 ? a : b;
    expect(loser.json().code).toBe('CONFLICT');
    expect(loser.json().current).toMatchObject({ value: winner.json().value, revision: 2 });
    expect(loser.json().detail).toMatch(/revision 2/);
    // The loser retries on top of the current revision.
    const retry = await api('PUT', `/submissions/${id}/figures`, w.cookies.providerIta, {
      ...figure,
      value: 15,
      expectedRevision: 2,
    });
    expect(retry.json()).toMatchObject({ revision: 3, value: 15 });
    // History keeps every revision with who and why.
    const hist = (
      await api(
        'GET',
        '/figures/history?indicator=RET_DEC&reporter=ITA&period=2020-02&citizenship=MAR',
        w.cookies.providerIta,
      )
    ).json();
    expect(hist.map((h: { revision: number }) => h.revision)).toEqual([1, 2, 3]);
    expect(hist[1].recordedBy.name).toBeTruthy();
    expect(hist.filter((h: { supersededAt: string | null }) => h.supersededAt === null)).toHaveLength(1);
    // Other states see no unpublished revision; bad input is refused.
    const grc = (
      await api(
        'GET',
        '/figures/history?indicator=RET_DEC&reporter=ITA&period=2020-02&citizenship=MAR',
        w.cookies.providerGrc,
      )
    ).json();
    expect(grc).toEqual([]);
    expect(
      (
        await api('PUT', `/submissions/${id}/figures`, w.cookies.providerGrc, {
          ...figure,
          value: 1,
          expectedRevision: 3,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await api('PUT', `/submissions/${id}/figures`, w.cookies.analystIta, {
          ...figure,
          value: 1,
          expectedRevision: 3,
        })
      ).statusCode,
    ).toBe(403);
    const badCode = await api('PUT', `/submissions/${id}/figures`, w.cookies.providerIta, {
      ...figure,
      breakdowns: { citizenship: 'MARS' },
      value: 1,
      expectedRevision: 0,
    });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().errors[0].field).toBe('body.citizenship');
  });

  it('lets the provider take a figure out of a draft; others, stale revisions and other states are refused', async () => {
    const id = await upload(
      [IBC_HEADER, row('2018-07', '_T', 30), row('2018-07', 'SYR', 20), row('2018-07', 'AFG', 10)].join('\n'),
    );
    const figure = (expectedRevision: number, citizenship = 'AFG') => ({
      indicator: 'IBC',
      period: '2018-07',
      breakdowns: { route: 'CMR', border_type: 'SEA', citizenship },
      expectedRevision,
    });
    const remove = (cookie: string, body: unknown) =>
      api('DELETE', `/submissions/${id}/figures`, cookie, body);
    expect((await remove(w.cookies.providerGrc, figure(1))).statusCode).toBe(404);
    expect((await remove(w.cookies.analystIta, figure(1))).statusCode).toBe(403);
    expect((await remove(w.cookies.providerIta, figure(2))).statusCode).toBe(409);
    expect((await remove(w.cookies.providerIta, figure(1, 'TUN'))).statusCode).toBe(404);
    expect((await remove(w.cookies.providerIta, { ...figure(1), value: 3 })).statusCode).toBe(400);
    const ok = await remove(w.cookies.providerIta, figure(1));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ removed: true, observationCount: 2, nextRevision: 0 });
    const obs = (await api('GET', `/submissions/${id}/observations`, w.cookies.providerIta)).json();
    expect(obs.map((o: { breakdowns: { citizenship: string } }) => o.breakdowns.citizenship).sort()).toEqual([
      'SYR',
      '_T',
    ]);
    expect((await remove(w.cookies.providerIta, figure(1))).statusCode).toBe(404);
    // The removed revision stays in the figure's history.
    const history = await api(
      'GET',
      '/figures/history?indicator=IBC&reporter=ITA&period=2018-07&route=CMR&border_type=SEA&citizenship=AFG',
      w.cookies.providerIta,
    );
    expect(history.json()).toHaveLength(1);
    expect(history.json()[0].supersededAt).not.toBeNull();
  });

  it('reads the data as published on a date (vintages), and exports it', async () => {
    const v1 = await upload([IBC_HEADER, row('2021-06', 'AFG', 50, 'first')].join('\n'));
    await publish(v1);
    // Make the first publication a week old.
    await t.db.query(sql`UPDATE observations SET published_at = now() - interval '7 days', recorded_at = now() - interval '7 days'
      WHERE submission_id = ${v1}`);
    // The published month is locked: the secretariat reopens it for the revision (src/modules/period-locks).
    const reopen = { reporter: 'ITA', period: '2021-06', reason: 'late reports' };
    expect((await api('POST', '/locks/reopen', w.cookies.manager, reopen)).statusCode).toBe(200);
    const v2 = await upload([IBC_HEADER, row('2021-06', 'AFG', 65, 'revised after late reports')].join('\n'));
    const diff = (await api('GET', `/submissions/${v2}/diff?onlyChanged=true`, w.cookies.providerIta)).json();
    expect(diff.rows[0]).toMatchObject({ value: 65, published: { value: 50, revision: 1 }, change: 15 });
    await publish(v2);

    const q = '/observations?indicator=IBC&reporter=ITA&from=2021-06&to=2021-06&citizenship=AFG';
    const now = (await api('GET', q, w.cookies.analystIta)).json();
    expect(now.map((o: { value: number; revision: number }) => [o.value, o.revision])).toEqual([[65, 2]]);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const old = (await api('GET', `${q}&asOf=${threeDaysAgo}`, w.cookies.analystIta)).json();
    expect(old.map((o: { value: number; revision: number }) => [o.value, o.revision])).toEqual([[50, 1]]);
    const beforeAll = (await api('GET', `${q}&asOf=2000-01-01`, w.cookies.analystIta)).json();
    expect(beforeAll).toEqual([]);
    expect((await api('GET', `${q}&asOf=yesterday`, w.cookies.analystIta)).statusCode).toBe(400);

    const hist = (
      await api(
        'GET',
        '/figures/history?indicator=IBC&reporter=ITA&period=2021-06&route=CMR&border_type=SEA&citizenship=AFG',
        w.cookies.analystIta,
      )
    ).json();
    expect(hist.map((h: { value: number; comment: string }) => [h.value, h.comment])).toEqual([
      [50, 'first'],
      [65, 'revised after late reports'],
    ]);

    // Exports of the same query.
    const csv = await api('GET', `${q}&asOf=${threeDaysAgo}&format=csv`, w.cookies.analystIta);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`-as-of-${threeDaysAgo}.csv`);
    expect(csv.body.trim().split('\n')).toEqual([
      'indicator,reporter,period,route,border_type,citizenship,sex,age_group,reason,place,document_type,fraud_type,return_type,value,flags,comment,derived',
      'IBC,ITA,2021-06,CMR,SEA,AFG,_T,_T,_T,_T,_T,_T,_T,50,,first,false',
    ]);
    const sdmx = await api('GET', `${q}&format=sdmx-csv`, w.cookies.analystIta);
    expect(sdmx.headers['content-type']).toContain('application/vnd.sdmx.data+csv');
    const [head, line] = sdmx.body.trim().split('\n');
    expect(head!.split(',').slice(0, 4)).toEqual(['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD']);
    expect(line).toContain(',65,A,F,');
    const xlsx = await api('GET', `${q}&format=xlsx`, w.cookies.analystIta);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('data')!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(14).value).toBe(65);
    // A re-import of the CSV export is accepted as is (once the month, locked again, is reopened).
    expect((await api('POST', '/locks/reopen', w.cookies.manager, reopen)).statusCode).toBe(200);
    expect(await upload(csv.body)).toBeGreaterThan(0);
  });

  it('shows dialogue-classified data to members only', async () => {
    const q = '/observations?indicator=IBC&reporter=ITA&from=2021-06&to=2021-06';
    expect((await api('GET', q, w.cookies.analystIta)).json().length).toBeGreaterThan(0);
    expect((await api('GET', q)).statusCode).toBe(404);
    expect((await api('GET', q, w.cookies.outsider)).statusCode).toBe(404);
    expect((await api('GET', '/observations?from=2021-13')).statusCode).toBe(400);
  });

  it('lets data managers define rules as data; others may only read them', async () => {
    const list = (await api('GET', '/rules', w.cookies.providerIta)).json();
    expect(list.isUsingDefaults).toBe(true);
    expect(list.defaults.map((r: { kind: string }) => r.kind)).toContain('outlier');
    const denied = await api('POST', '/rules', w.cookies.providerIta, { name: 'x', kind: 'non_negative' });
    expect(denied.statusCode).toBe(403);
    const bad = await api('POST', '/rules', w.cookies.manager, {
      name: 'bad',
      expression: 'value.constructor',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({
      field: 'body.expression',
      message: 'property access is not allowed',
    });
    const rule = await api('POST', '/rules', w.cookies.manager, {
      name: 'Returns under 1000',
      indicator: 'RET_DEC',
      expression: 'value < limit',
      severity: 'error',
      params: { limit: 1000 },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const id = await upload(
      ['indicator,period,citizenship,value', 'RET_DEC,2019-01,SYR,5000', 'RET_DEC,2019-01,AFG,-1'].join('\n'),
    );
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    // Once the dialogue has rules of its own, the defaults (non-negative …) no longer apply.
    expect(findings.map((f: { rule: string }) => f.rule)).toEqual(['Returns under 1000']);
    const off = await api('PATCH', `/rules/${rule.json().id}`, w.cookies.manager, { isEnabled: false });
    expect(off.json().isEnabled).toBe(false);
    expect((await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json()).toEqual([]);
    expect(
      (await api('PATCH', `/rules/${rule.json().id}`, w.cookies.providerIta, { isEnabled: true })).statusCode,
    ).toBe(403);
    expect((await api('PATCH', '/rules/999999', w.cookies.manager, { isEnabled: true })).statusCode).toBe(
      404,
    );
  });
});
