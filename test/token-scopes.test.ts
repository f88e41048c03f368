/**
 * Regression tests for issue 13 item 2: API token scopes were enforced only by the exchange endpoints, so a
 * token scoped `observations:read` could define indicators, edit translations, queue forecast refreshes,
 * create alert rules and webhooks, set the locale and generate reports, and an admin's token could read the
 * audit log. Each test below makes the request a probe made, with a valid body, as a dialogue admin holding
 * an `observations:read` token, and expects the door's 403 with nothing written; where it is cheap, the same
 * request with a token holding the right scope passes, so the scope is the only thing refused. Issue 21: the
 * list of submissions checked no scope while the detail did; both now share one rule.
 *
 * Only HTTP and SQL here (no import of the access rules), so the file runs unchanged against the code before
 * the fix (where every one of these requests succeeded).
 */
import type { LightMyRequestResponse } from 'fastify';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from './app';
import { testDatabases } from './databases';
import { makeDialogue, makeRoute, makeUser } from './factories';

describe.each(testDatabases())('API token scopes [%s]', (kind) => {
  let t: TestApp;
  let d: { id: number; slug: string; secretariatOrgId: number };
  let adminId: number;
  let cookie: string;
  let routeId: number;
  let readToken: string;

  async function tokenWith(scopes: string[], as = cookie): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sessionHeaders(as),
      payload: { name: scopes.join(' '), dialogueId: d.id, scopes, expiresInDays: 1 },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().secret;
  }

  const withToken = (secret: string, method: 'POST' | 'PUT' | 'GET', path: string, payload?: object) =>
    t.app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${secret}` },
      ...(payload ? { payload } : {}),
    });

  const count = async (query: ReturnType<typeof sql>) => (await t.db.query<{ n: number }>(query))[0]!.n;

  function expectScopeRefused(res: LightMyRequestResponse, scope: string) {
    expect(res.statusCode, res.body).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'TOKEN_SCOPE_MISSING', requiredScope: scope });
    expect(res.json().detail).toContain(`"${scope}"`);
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    await t.db.query(sql`UPDATE dialogues SET working_languages = '{en,fr}' WHERE id = ${d.id}`);
    const admin = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'admin' }],
    });
    adminId = admin.id;
    cookie = await loginCookie(t.app, admin.email, admin.password);
    routeId = (await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code: 'EMR' }))
      .id;
    await t.db.query(sql`INSERT INTO indicators (dialogue_id, code, name, classification, originator_org_id, breakdowns)
      VALUES (${d.id}, 'IBC', '{"en":"Irregular border crossings"}'::jsonb, 'dialogue', ${d.secretariatOrgId},
        '{route}')`);
    readToken = await tokenWith(['observations:read']);
  });
  afterAll(() => t?.close());

  it('a token scoped observations:read cannot create an indicator', async () => {
    const path = `/api/dialogues/${d.slug}/definitions/indicators`;
    const body = { code: 'NEW_IND', name: { source: 'en', values: { en: 'New indicator' } } };
    expectScopeRefused(await withToken(readToken, 'POST', path, body), 'definitions:write');
    expect(await count(sql`SELECT count(*)::int AS n FROM indicators WHERE code = 'NEW_IND'`)).toBe(0);
    const allowed = await withToken(await tokenWith(['definitions:write']), 'POST', path, body);
    expect(allowed.statusCode, allowed.body).toBe(201);
  });

  it('a token scoped observations:read cannot edit translations', async () => {
    const path = `/api/dialogues/${d.slug}/translations`;
    const body = {
      entity: 'route',
      id: routeId,
      field: 'name',
      language: 'fr',
      text: 'Route',
      baseRevision: 0,
    };
    expectScopeRefused(await withToken(readToken, 'PUT', path, body), 'translations:write');
    expect(
      await count(sql`SELECT count(*)::int AS n FROM translation_revisions WHERE dialogue_id = ${d.id}`),
    ).toBe(0);
    const allowed = await withToken(await tokenWith(['translations:write']), 'PUT', path, body);
    expect(allowed.statusCode, allowed.body).toBe(200);
  });

  it('a token scoped observations:read cannot queue a forecast refresh', async () => {
    const path = `/api/dialogues/${d.slug}/forecasts/refresh`;
    const jobs = sql`SELECT count(*)::int AS n FROM jobs WHERE payload->>'dialogueId' = ${String(d.id)}`;
    const before = await count(jobs);
    expectScopeRefused(await withToken(readToken, 'POST', path), 'forecasts:write');
    expect(await count(jobs)).toBe(before);
    const allowed = await withToken(await tokenWith(['forecasts:write']), 'POST', path);
    expect(allowed.statusCode, allowed.body).toBe(202);
  });

  it('a token scoped observations:read cannot create an alert rule', async () => {
    const path = `/api/dialogues/${d.slug}/alerts/rules`;
    const body = { name: 'surge', indicator: 'IBC', route: 'EMR', definition: { kind: 'yoy', abovePct: 10 } };
    expectScopeRefused(await withToken(readToken, 'POST', path, body), 'alerts:write');
    expect(await count(sql`SELECT count(*)::int AS n FROM alert_rules WHERE dialogue_id = ${d.id}`)).toBe(0);
    const allowed = await withToken(await tokenWith(['alerts:write']), 'POST', path, body);
    expect(allowed.statusCode, allowed.body).toBe(201);
  });

  it('a token scoped observations:read cannot subscribe a webhook', async () => {
    const path = `/api/dialogues/${d.slug}/alerts/subscriptions`;
    const body = { channel: 'webhook', url: 'https://receiver.example.org/hook', secret: 's'.repeat(20) };
    expectScopeRefused(await withToken(readToken, 'POST', path, body), 'alerts:write');
    expect(
      await count(sql`SELECT count(*)::int AS n FROM alert_subscriptions WHERE user_id = ${adminId}`),
    ).toBe(0);
  });

  it('a token scoped observations:read cannot set the locale (tokens never change the account)', async () => {
    const res = await withToken(readToken, 'PUT', '/api/users/me/locale', { locale: 'fr' });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().code).toBe('TOKEN_NOT_ALLOWED');
    const [user] = await t.db.query<{ locale: string }>(sql`SELECT locale FROM users WHERE id = ${adminId}`);
    expect(user!.locale).toBe('en');
  });

  it('a token scoped observations:read cannot generate a report', async () => {
    const res = await withToken(readToken, 'POST', `/api/dialogues/${d.slug}/reports`, { period: '2024-01' });
    expectScopeRefused(res, 'reports:write');
    expect(await count(sql`SELECT count(*)::int AS n FROM reports WHERE dialogue_id = ${d.id}`)).toBe(0);
  });

  it('lists and reads submissions under one rule and one scope (list and detail used to disagree)', async () => {
    const manager = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'data_manager' }],
    });
    const managerCookie = await loginCookie(t.app, manager.email, manager.password);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${d.slug}/submissions`,
      headers: sessionHeaders(managerCookie),
      payload: { reporter: 'GRC' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id: number = created.json().id;
    const list = `/api/dialogues/${d.slug}/submissions`;
    const detail = `${list}/${id}`;
    const noticesOnly = await tokenWith(['notices:read'], managerCookie);
    for (const path of [list, detail])
      expectScopeRefused(await withToken(noticesOnly, 'GET', path), 'observations:read');
    const reader = await tokenWith(['observations:read'], managerCookie);
    const listed = await withToken(reader, 'GET', list);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().map((s: { id: number }) => s.id)).toContain(id);
    expect((await withToken(reader, 'GET', detail)).statusCode).toBe(200);
  });

  it("an admin's token cannot read the audit log, whatever its scope", async () => {
    const path = `/api/audit?dialogue=${d.id}`;
    for (const secret of [readToken, await tokenWith(['observations:write', 'notices:write'])]) {
      const res = await withToken(secret, 'GET', path);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe('TOKEN_NOT_ALLOWED');
      expect(res.body).not.toContain('"entries"');
    }
    // The same admin in a browser session reads it.
    const session = await t.app.inject({ method: 'GET', url: path, headers: sessionHeaders(cookie) });
    expect(session.statusCode, session.body).toBe(200);
  });
});
