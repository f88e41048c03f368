/**
 * The guards of the API (CSRF, identity, Cache-Control) decide on the route Fastify matched, not on the raw
 * URL: `/%61pi/…` is routed to `/api/…` and must meet the same checks (issue 13, items 8 and 17).
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { makeDialogue, makeUser, type TestUser } from '../../../test/factories';

describe.each(testDatabases())('guards on the normalised route [%s]', (kind) => {
  let t: TestApp;
  let user: TestUser;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db);
    user = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    cookie = await loginCookie(t.app, user.email, user.password);
  });
  afterAll(() => t?.close());

  const isLoggedIn = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode === 200;

  it('refuses a cross-site POST /%61pi/auth/logout with the session cookie and no CSRF header', async () => {
    for (const headers of [{}, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/%61pi/auth/logout',
        headers: { cookie, ...headers },
      });
      expect({ headers, status: res.statusCode, code: res.json().code }).toEqual({
        headers,
        status: 403,
        code: 'CSRF_REJECTED',
      });
    }
    expect(await isLoggedIn()).toBe(true);
  });

  it('refuses another mutating route spelled with escapes, and changes nothing', async () => {
    for (const url of ['/%61pi/users/me/locale', '/api/%75sers/me/locale', '/%61%70%69/users/me/locale']) {
      const res = await t.app.inject({
        method: 'PUT',
        url,
        headers: { cookie, origin: 'https://evil.example' },
        payload: { locale: 'ru' },
      });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
    }
    const [row] = await t.db.query<{ locale: string }>(sql`SELECT locale FROM users WHERE id = ${user.id}`);
    expect(row!.locale).not.toBe('ru');
  });

  it('answers 401 to an anonymous GET of a protected route however it is spelled, never data', async () => {
    for (const url of ['/%61pi/audit', '/api/%61udit', '/%61pi/auth/session', '/%61pi/tokens']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({
        url,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('resolves the session on an escaped path like on the plain one (the same route, the same rules)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/%61pi/auth/session', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(user.id);
  });

  it('sends Cache-Control: no-store on API answers, and public caching only on reference data', async () => {
    const noStore = [
      { url: '/api/auth/session', headers: { cookie } },
      { url: '/%61pi/auth/session', headers: { cookie } },
      { url: '/api/health', headers: {} },
      { url: '/api/audit', headers: {} },
      { url: '/api/no-such-endpoint', headers: {} },
      { url: '/api/tokens', headers: { cookie } },
    ];
    for (const { url, headers } of noStore) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect({ url, cacheControl: res.headers['cache-control'] }).toEqual({ url, cacheControl: 'no-store' });
    }
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(logout.headers['cache-control']).toBe('no-store');
    for (const url of ['/api/reference/countries', '/api/reference/geometry/countries.topojson']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect({ url, cacheControl: res.headers['cache-control'] }).toEqual({
        url,
        cacheControl: 'public, max-age=86400',
      });
    }
  });
});
