import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeRoute } from '../../../../test/factories';
import {
  type AlertsWorld,
  countDialogueRows,
  insertFigures,
  insertForecast,
  makeAlertsWorld,
} from '../../alerts/tests/alerts-world';
import { runMonthlyReports } from '../reports.service';

describe.each(testDatabases())('situation reports API [%s]', (kind) => {
  let t: TestApp;
  let w: AlertsWorld;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeAlertsWorld(t);
    // A rule that fires on 2024-12, and a forecast made at 2024-12 for the next months.
    const rule = await w.api(w.cookies.analyst, 'POST', '/alerts/rules', {
      name: 'EMR <surge>',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'threshold', above: 1500 },
    });
    await w.api(w.cookies.analyst, 'POST', `/alerts/rules/${rule.json().id}/evaluate`, {});
    await insertForecast(t.db, w.dialogueId, {
      route: 'EMR',
      chosenModel: 'mstl_ets',
      origin: '2024-12',
      points: [
        { horizon: 1, period: '2025-01', point: 1234, p80: [1100, 1400], p95: [1010, 1567] },
        { horizon: 2, period: '2025-02', point: 1300, p80: [1100, 1500], p95: [1000, 1600] },
      ],
    });
  });
  afterAll(() => t?.close());

  it('generates a route report in French: key figures, citizenships, forecast, alerts; HTML and PDF stored', async () => {
    const res = await w.api(w.cookies.analyst, 'POST', '/reports', {
      route: 'EMR',
      period: '2024-12',
      language: 'fr',
    });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({
      route: 'EMR',
      period: '2024-12',
      language: 'fr',
      classification: 'dialogue',
    });
    expect(report.title).toBe('Rapport de situation : Route EMR, 2024-12');
    expect(report.dataAsOf).not.toBeNull();
    expect(report.pdfError).toBeNull();
    expect(report.hasPdf).toBe(true);

    const html = await w.api(w.cookies.viewer, 'GET', `/reports/${report.id}/html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    const body = html.body;
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain('Chiffres clés');
    // 2024-12: 2000 against 1000 a year earlier (+100 %); year to date 11 × 1000 + 2000 = 13 000.
    expect(body).toMatch(/2\s000<\/td><td>\+100 %<\/td><td>13\s000<\/td>/u);
    // Afghan share: 900 of 2000 in December → year total AFG 2000 of 13 000 = 15.4 %, +5.4 points.
    expect(body).toMatch(
      /Afghanistan \(AFG\)<\/td><td>2\s000<\/td><td>1\s200<\/td><td>\+66,7 %<\/td><td>15,4 %<\/td><td>\+5,4<\/td>/u,
    );
    expect(body).toContain('Modèle : mstl_ets');
    expect(body).toMatch(/2025-01<\/td><td>1\s234<\/td><td>1\s100–1\s400<\/td><td>1\s010–1\s567<\/td>/u);
    // The alert is listed, its rule name escaped.
    expect(body).toContain('EMR &lt;surge&gt;');
    expect(body).not.toContain('<surge>');
    expect(body).not.toMatch(/<script|src="http/);
    expect(body).toContain('<svg');

    const pdf = await w.api(w.cookies.viewer, 'GET', `/reports/${report.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
  });

  it('whole-dialogue report in Russian lists the routes and the total; escapes names', async () => {
    await makeRoute(t.db, { dialogueId: w.dialogueId, originatorOrgId: w.users.manager.orgId, code: 'XSS' });
    await t.db.query(
      sql`UPDATE routes SET name = '<img src=x onerror=alert(1)>' WHERE dialogue_id = ${w.dialogueId} AND code = 'XSS'`,
    );
    await insertFigures(t.db, w.dialogueId, 'IBC', [{ period: '2024-12', route: 'XSS', value: 7 }]);
    const res = await w.api(w.cookies.manager, 'POST', '/reports', { period: '2024-12', language: 'ru' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().route).toBeNull();
    const html = (await w.api(w.cookies.manager, 'GET', `/reports/${res.json().id}/html`)).body;
    expect(html).toContain('Обзор обстановки: все маршруты, 2024-12');
    expect(html).toContain('Route EMR');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toMatch(/Итого<\/td><td>2\s007<\/td>/u);
  });

  it('compares like for like: a month one of two states has reported is not read as a fall', async () => {
    await makeRoute(t.db, { dialogueId: w.dialogueId, originatorOrgId: w.users.manager.orgId, code: 'LFL' });
    // A year ago both states reported (Greece 100, Italy 900 a month); this November only Greece has (110).
    const year = (y: number, reporter: string, value: number, months = 11) =>
      Array.from({ length: months }, (_, i) => ({
        reporter,
        period: `${y}-${String(i + 1).padStart(2, '0')}`,
        route: 'LFL',
        value,
      }));
    await insertFigures(t.db, w.dialogueId, 'IBC', [
      ...year(2023, 'GRC', 100),
      ...year(2023, 'ITA', 900),
      ...year(2024, 'GRC', 110),
      ...year(2024, 'ITA', 900, 10),
    ]);
    const res = await w.api(w.cookies.analyst, 'POST', '/reports', { route: 'LFL', period: '2024-11' });
    expect(res.statusCode, res.body).toBe(201);
    const html = (await w.api(w.cookies.analyst, 'GET', `/reports/${res.json().id}/html`)).body;
    // Month: 110 as published, +10 % against Greece's 100 (the raw totals would say −89 %). Year to date:
    // 10 × 1,010 + 110 = 10,210 published; like for like 10,210 against 10 × 1,000 + 100 = 10,100 → +1.1 %.
    expect(html).toMatch(/110<\/td><td>\+10(\.0)? %<\/td><td>10,210<\/td><td>\+1\.1 %<\/td>/u);
    expect(html).not.toContain('−89');
    expect(html).toContain('data-note="like-for-like"');
  });

  it('lists reports for members; viewers may read but not generate; outsiders get 404', async () => {
    const list = await w.api(w.cookies.viewer, 'GET', '/reports');
    expect(list.statusCode).toBe(200);
    expect((list.json() as unknown[]).length).toBeGreaterThanOrEqual(2);
    const denied = await w.api(w.cookies.viewer, 'POST', '/reports', { route: 'EMR', period: '2024-12' });
    expect(denied.statusCode).toBe(403);
    const id = (list.json() as { id: number }[])[0]!.id;
    for (const path of ['/reports', `/reports/${id}`, `/reports/${id}/html`, `/reports/${id}/pdf`])
      expect((await w.api(w.cookies.outsider, 'GET', path)).statusCode, path).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogues/${w.slug}/reports` })).statusCode).toBe(
      401,
    );
  });

  it('bad input: unknown route or indicator, bad month → 400 naming the field; nothing stored', async () => {
    const count = () => countDialogueRows(t.db, 'reports', w.dialogueId);
    const before = await count();
    const unknown = await w.api(w.cookies.analyst, 'POST', '/reports', {
      route: 'NOPE',
      indicator: 'XX',
      period: '2024-12',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((unknown.json().errors as { field: string }[]).map((e) => e.field)).toEqual([
      'body.indicator',
      'body.route',
    ]);
    const month = await w.api(w.cookies.analyst, 'POST', '/reports', { route: 'EMR', period: '2024-13' });
    expect(month.statusCode).toBe(400);
    expect(month.json().errors[0].field).toBe('body.period');
    const lang = await w.api(w.cookies.analyst, 'POST', '/reports', {
      route: 'EMR',
      period: '2024-12',
      language: 'de',
    });
    expect(lang.json().errors[0].field).toBe('body.language');
    expect(await count()).toBe(before);
  });

  it('monthly schedule: the secretariat schedules; the job reports each new month once', async () => {
    const denied = await w.api(w.cookies.analyst, 'POST', '/reports/schedules', { route: 'EMR' });
    expect(denied.statusCode).toBe(403);
    const bad = await w.api(w.cookies.manager, 'POST', '/reports/schedules', { route: 'NOPE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.route');
    const created = await w.api(w.cookies.manager, 'POST', '/reports/schedules', {
      route: 'EMR',
      language: 'en',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      route: 'EMR',
      indicator: 'IBC',
      language: 'en',
      lastPeriod: null,
    });
    const twice = await w.api(w.cookies.manager, 'POST', '/reports/schedules', {
      route: 'EMR',
      language: 'en',
    });
    expect(twice.statusCode).toBe(409);
    const count = () => countDialogueRows(t.db, 'reports', w.dialogueId);
    const before = await count();
    expect(await runMonthlyReports(t.db, { dialogueId: w.dialogueId })).toEqual({ generated: 1, skipped: 0 });
    expect(await count()).toBe(before + 1);
    expect(await runMonthlyReports(t.db, { dialogueId: w.dialogueId })).toEqual({ generated: 0, skipped: 0 });
    const list = await w.api(w.cookies.manager, 'GET', '/reports/schedules');
    expect(list.json()).toEqual([expect.objectContaining({ lastPeriod: '2024-12' })]);
    const newest = (await w.api(w.cookies.viewer, 'GET', '/reports')).json()[0];
    expect(newest).toMatchObject({ title: 'Situation report: Route EMR, 2024-12', language: 'en' });
    const del = await w.api(w.cookies.manager, 'DELETE', `/reports/schedules/${created.json().id}`);
    expect(del.statusCode).toBe(204);
  });
});
