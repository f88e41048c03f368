import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { makeUser, type TestUser } from '../../../test/factories';

describe.each(testDatabases())('security hardening [%s]', (kind) => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(kind);
    user = await makeUser(t.db);
  });
  afterAll(() => t?.close());

  const login = (email: string, password: string, ip = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

  it('sends a CSP without inline scripts that forbids framing, and no HSTS over plain HTTP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('relaxes the CSP only for the API docs (Swagger UI)', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.headers['content-security-policy']).toContain("'unsafe-inline'");
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('adds HSTS and the Secure cookie flag behind a TLS proxy only when the proxy is trusted', async () => {
    const untrusted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: user.email, password: user.password },
    });
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
    expect(untrusted.cookies[0]?.secure).toBeFalsy();
    process.env.PASSAGE_TRUST_PROXY = '1';
    const proxied = await createTestApp(kind);
    try {
      const u = await makeUser(proxied.db);
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: u.email, password: u.password },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.cookies[0]).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      delete process.env.PASSAGE_TRUST_PROXY;
      await proxied.close();
    }
  });

  describe('CSRF', () => {
    let cookie: string;
    beforeAll(async () => {
      cookie = await loginCookie(t.app, user.email, user.password);
    });
    const logout = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, ...headers } });
    const stillLoggedIn = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode ===
      200;

    it('refuses a cookie-authenticated write without the header or a same-site origin, and changes nothing', async () => {
      const res = await logout({});
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        code: 'CSRF_REJECTED',
        detail: expect.stringContaining('X-Passage-CSRF'),
      });
      expect(await stillLoggedIn()).toBe(true);
    });

    it('refuses a write from another site even with the header', async () => {
      const attacks: Record<string, string>[] = [
        { origin: 'https://evil.example', 'x-passage-csrf': '1' },
        { referer: 'https://evil.example/page' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site', 'x-passage-csrf': '1' },
      ];
      for (const headers of attacks) {
        const res = await logout(headers);
        expect({ headers, status: res.statusCode, code: res.json().code }).toEqual({
          headers,
          status: 403,
          code: 'CSRF_REJECTED',
        });
      }
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin: 'https://evil.example' },
        payload: { email: user.email, password: user.password },
      });
      expect(login.statusCode).toBe(403);
      expect(await stillLoggedIn()).toBe(true);
    });

    it('accepts the web app: same-host Origin, or the X-Passage-CSRF header', async () => {
      const sameOrigin = await logout({ origin: 'http://localhost:80' });
      expect(sameOrigin.statusCode).toBe(204);
      cookie = await loginCookie(t.app, user.email, user.password);
      expect((await logout({ 'x-passage-csrf': '1' })).statusCode).toBe(204);
      expect(await stillLoggedIn()).toBe(false);
    });
  });

  it('locks an e-mail at one address after 5 failed logins, with a clear 429 and the retry time', async () => {
    const victim = await makeUser(t.db);
    for (let i = 1; i <= 4; i++) {
      const res = await login(victim.email, `wrong-password-${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await login(victim.email, 'wrong-password-5');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json()).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      detail: expect.stringMatching(/from your address\. Try again after \d\d:\d\d UTC \(in 1 minute\)/),
      retryAt: expect.any(String),
    });
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(50);
    // Even the right password is refused while locked at this address…
    const right = await login(victim.email.toUpperCase(), victim.password);
    expect(right.statusCode).toBe(429);
    expect(right.cookies).toEqual([]);
    // …but not from another address: nobody elsewhere can lock the real user out.
    expect((await login(victim.email, victim.password, '10.0.0.9')).statusCode).toBe(200);
    const audit = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE details->>'email' ILIKE ${victim.email} ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([...Array(5).fill('auth.login_failed'), 'auth.login_locked']);
    // Once the lock has passed, the account opens again at that address.
    await t.db.query(
      sql`UPDATE login_attempts SET at = at - interval '2 minutes' WHERE email = ${victim.email.toLowerCase()}`,
    );
    expect((await login(victim.email, victim.password)).statusCode).toBe(200);
  });

  it('does not lock an account whose failures are interrupted by a successful login', async () => {
    const u = await makeUser(t.db);
    for (let i = 0; i < 3; i++) await login(u.email, 'wrong-password');
    expect((await login(u.email, u.password)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login(u.email, 'wrong-password')).statusCode).toBe(401);
  });

  it('limits login attempts per IP address', async () => {
    process.env.PASSAGE_LOGIN_RATE_LIMIT = '3';
    const limited = await createTestApp(kind);
    try {
      const attempt = (ip: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: `someone-${ip}@test.passage`, password: 'x' },
          remoteAddress: ip,
        });
      for (let i = 0; i < 3; i++) expect((await attempt('10.1.1.1')).statusCode).toBe(401);
      const fourth = await attempt('10.1.1.1');
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json().code).toBe('RATE_LIMITED');
      expect(fourth.headers['retry-after']).toBeDefined();
      expect((await attempt('10.2.2.2')).statusCode).toBe(401);
    } finally {
      delete process.env.PASSAGE_LOGIN_RATE_LIMIT;
      await limited.close();
    }
  });

  it('answers 401 to anonymous callers of a non-public route before validating their input', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?limit=not-a-number' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});
