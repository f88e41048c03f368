/**
 * Validation rules from the web: rules written as left side, operator and right side for some indicators
 * and breakdowns, edited with revisions and retired; how many figures each flagged; a re-run over published
 * figures (a job) with its violations exported as CSV. Allowed, denied and bad-input cases.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { runJobsNow } from '../../../jobs/worker';

describe.each(testDatabases())('validation rules from the web [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  let ruleId: number;
  const rule = {
    name: 'Route totals under the limit',
    leftSide: 'value',
    operator: '<=',
    rightSide: 'limit',
    params: { limit: 100 },
    indicators: ['IBC'],
    breakdowns: { citizenship: ['_T'] },
    severity: 'warning',
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    s = exchangeSteps(t, w);
  });
  afterAll(() => t?.close());

  it('creates a rule from left side, operator and right side, for some indicators and breakdowns', async () => {
    expect((await s.api('POST', '/rules', w.cookies.providerIta, rule)).statusCode).toBe(403);
    const res = await s.api('POST', '/rules', w.cookies.manager, rule);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'custom',
      expression: '(value) <= (limit)',
      leftSide: 'value',
      operator: '<=',
      rightSide: 'limit',
      indicators: ['IBC'],
      breakdowns: { citizenship: ['_T'] },
      revision: 1,
      flagged: { inSubmissions: 0, inLastRun: null },
    });
    ruleId = res.json().id;
  });

  it('names what is wrong in a rule and writes nothing', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await s.api('POST', '/rules', w.cookies.manager, { ...rule, ...body });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().errors.map((e: { field: string }) => e.field);
    };
    expect(await bad({ operator: undefined, rightSide: undefined })).toEqual([
      'body.operator',
      'body.rightSide',
    ]);
    expect(await bad({ expression: 'value > 0' })).toEqual(['body.expression']);
    expect(await bad({ indicators: ['IBC', 'NOPE'] })).toEqual(['body.indicators[1]']);
    expect(await bad({ breakdowns: { colour: ['red'] } })).toEqual(['body.breakdowns.colour']);
    expect(await bad({ leftSide: 'value.constructor' })).toEqual(['body.leftSide']);
    expect(await bad({ operator: '=<' })).toEqual(['body.operator']);
    const [{ n }] = (await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM validation_rules WHERE dialogue_id = ${w.dialogueId}`,
    )) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('counts the figures a rule flagged in submissions', async () => {
    const id = await s.upload(
      [IBC_HEADER, 'IBC,ITA,2023-01,CMR,SEA,_T,_T,_T,500,,', 'IBC,ITA,2023-01,CMR,SEA,SYR,_T,_T,500,,'].join(
        '\n',
      ),
    );
    const findings = (await s.api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    // The SYR figure is outside the rule's breakdowns: one finding, on the citizenship total.
    expect(findings.map((f: { rule: string }) => f.rule)).toEqual([rule.name]);
    await s.publish(id);
    const list = (await s.api('GET', '/rules', w.cookies.manager)).json();
    expect(list.rules[0]).toMatchObject({ id: ruleId, flagged: { inSubmissions: 1, inLastRun: null } });
    expect(list.lastRun).toBeNull();
  });

  it('re-runs the rules over published figures in a job, and exports the violations', async () => {
    const runs = '/rules/runs';
    expect((await s.api('POST', runs, undefined, {})).statusCode).toBe(401);
    expect((await s.api('POST', runs, w.cookies.providerIta, {})).statusCode).toBe(403);
    expect((await s.api('POST', runs, w.cookies.outsider, {})).statusCode).toBe(404); // another dialogue's member
    expect(
      (await s.api('POST', runs, w.cookies.manager, { from: '2023-12', to: '2023-01' })).json().errors[0]
        .field,
    ).toBe('body.to');
    // In the caller's language, with a stable code (src/domain/rules/run-messages.ts).
    const inLanguage = (cookie: string, lang: string, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}${runs}`,
        headers: { cookie, 'x-passage-csrf': '1', 'accept-language': lang },
        payload,
      });
    const ru = await inLanguage(w.cookies.manager, 'ru', { from: '2023-12', to: '2023-01' });
    expect(ru.statusCode).toBe(400);
    expect(ru.json().errors[0]).toMatchObject({
      field: 'body.to',
      code: 'RULE_RUN_TO_BEFORE_FROM',
      params: { from: '2023-12', to: '2023-01' },
      message: '2023-01 — раньше первого месяца (2023-12)',
    });
    expect(ru.json().detail).toBe('body.to: 2023-01 — раньше первого месяца (2023-12)');
    const long = await inLanguage(w.cookies.manager, 'fr', { from: '2010-01', to: '2023-12' });
    expect(long.json().errors[0]).toMatchObject({
      code: 'RULE_RUN_TOO_LONG',
      message: '168 mois de 2010-01 à 2023-12 : au plus 120 mois par vérification',
    });
    const refused = await inLanguage(w.cookies.providerIta, 'fr', {});
    expect(refused.statusCode).toBe(403);
    // Refused at the door, which names the access rule (the service's own sentence is for other callers).
    expect(refused.json().detail).toBe('Il faut pour cela : validationRules.runs');
    const asked = await s.api('POST', runs, w.cookies.manager, { from: '2023-01', to: '2023-12' });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'queued', from: '2023-01', to: '2023-12' });
    await runJobsNow(t.db, jobHandlers());
    const [run] = (await s.api('GET', runs, w.cookies.manager)).json().runs;
    expect(run).toMatchObject({ id: asked.json().id, status: 'done', figuresChecked: 2, violations: 1 });

    const page = (await s.api('GET', `${runs}/${run.id}/violations`, w.cookies.manager)).json();
    expect(page.violations).toMatchObject([
      { ruleKey: `rule:${ruleId}`, indicator: 'IBC', reporter: 'ITA', period: '2023-01', value: 500 },
    ]);
    // The kept violations are worded in the reader's language, with the rule's expression as their detail.
    const english = page.violations[0];
    expect(english.message).toMatch(/^Route totals under the limit: /);
    expect(english.detail).toBe('(value) <= (limit); value=500, limit=100');
    const russian = await t.app.inject({
      url: `/api/dialogues/${w.slug}${runs}/${run.id}/violations`,
      headers: { cookie: w.cookies.manager, 'accept-language': 'ru' },
    });
    expect(russian.json().violations[0].message).toMatch(/^Route totals under the limit: /);
    expect(russian.json().violations[0].message).not.toBe(english.message);
    expect(russian.json().violations[0].detail).toBe(english.detail);
    const frCsv = await t.app.inject({
      url: `/api/dialogues/${w.slug}${runs}/${run.id}/violations?format=csv`,
      headers: { cookie: w.cookies.manager, 'accept-language': 'fr' },
    });
    expect(frCsv.statusCode, frCsv.body).toBe(200);
    const csv = await s.api('GET', `${runs}/${run.id}/violations?format=csv`, w.cookies.manager);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'run,rule_key,rule,severity,indicator,reporter,period,breakdowns,value,message,observation_id,detail',
    );
    expect(frCsv.body).not.toContain(english.message);
    expect(lines[1]).toContain(
      `${run.id},rule:${ruleId},${rule.name},warning,IBC,ITA,2023-01,route=CMR;border_type=SEA,500,`,
    );
    expect(lines).toHaveLength(2);
    expect((await s.api('GET', `${runs}/${run.id}/violations`, w.cookies.analystIta)).statusCode).toBe(403);
    expect((await s.api('GET', `${runs}/999999/violations`, w.cookies.manager)).statusCode).toBe(404);

    const list = (await s.api('GET', '/rules', w.cookies.manager)).json();
    expect(list.rules[0].flagged).toEqual({ inSubmissions: 1, inLastRun: 1 });
    expect(list.lastRun).toMatchObject({ id: run.id, violations: 1 });
    // Runs are the secretariat's: a provider sees the rules, not the run.
    expect((await s.api('GET', '/rules', w.cookies.providerIta)).json().lastRun).toBeNull();
  });

  it('edits a rule as a new revision, refuses a stale edit, and retires it', async () => {
    const stale = await s.api('PATCH', `/rules/${ruleId}`, w.cookies.manager, {
      name: 'x',
      expectedRevision: 7,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ id: ruleId, revision: 1 });
    const edited = await s.api('PATCH', `/rules/${ruleId}`, w.cookies.manager, {
      rightSide: '2 * limit',
      leftSide: 'value',
      operator: '<',
      expectedRevision: 1,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ expression: '(value) < (2 * limit)', revision: 2 });
    const retired = await s.api('PATCH', `/rules/${ruleId}`, w.cookies.manager, {
      isEnabled: false,
      expectedRevision: 2,
    });
    expect(retired.json()).toMatchObject({ isEnabled: false, revision: 3, leftSide: 'value' });
    const versions = await t.db.query<{ revision: number; data: { isEnabled: boolean; rightSide: string } }>(
      sql`SELECT revision, data FROM validation_rule_revisions WHERE rule_id = ${ruleId} ORDER BY revision`,
    );
    expect(versions.map((v) => [v.revision, v.data.rightSide, v.data.isEnabled])).toEqual([
      [1, 'limit', true],
      [2, '2 * limit', true],
      [3, '2 * limit', false],
    ]);
    expect(
      (await s.api('PATCH', `/rules/${ruleId}`, w.cookies.analystIta, { isEnabled: true })).statusCode,
    ).toBe(403);
  });
});
