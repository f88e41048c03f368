/**
 * Set-up from nothing: a fresh database without the demo has no account at all; the one-time set-up link makes
 * the first administrator and the secretariat, who must then enrol two-factor authentication. A used, replaced,
 * expired or unknown link, a bad password, or a second set-up, are refused with a clear error and write nothing.
 */
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { issueSetupToken, setupBanner } from '../setup.service';

const body = (token: string, over: Record<string, unknown> = {}) => ({
  token,
  name: 'Eva Admin',
  email: 'eva@secretariat.example',
  password: 'Eva-setup-9f4k-orchid',
  organisation: { name: 'Test Process Secretariat', acronym: 'TPS' },
  ...over,
});

describe.each(testDatabases())('set-up from nothing [%s]', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  const count = async (table: 'users' | 'organisations') =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const post = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/setup', payload: payload as object });

  it('starts with no account, says set-up is needed, and prints a link in the banner', async () => {
    expect(await count('users')).toBe(0);
    const status = await t.app.inject({ method: 'GET', url: '/api/setup' });
    expect(status.json()).toEqual({ isSetupNeeded: true, token: null });
    const banner = await setupBanner(t.db, 'http://passage.test:3000/');
    expect(banner.join('\n')).toMatch(/http:\/\/passage\.test:3000\/setup\?token=setup_[\w-]{40,}/);
    expect(banner.join('\n')).toContain('passage setup');
  });

  it('refuses an unknown, an expired and a replaced link, naming why, and writes nothing', async () => {
    const unknown = await post(body('setup_not-a-real-token'));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'SETUP_LINK_INVALID', errors: [{ field: 'token' }] });
    expect(unknown.json().detail).toContain('not known');

    const expired = await issueSetupToken(t.db, -1);
    const late = await post(body(expired!.token));
    expect(late.json()).toMatchObject({ code: 'SETUP_LINK_INVALID' });
    expect(late.json().detail).toContain('expired');
    const expiredStatus = await t.app.inject({ method: 'GET', url: `/api/setup?token=${expired!.token}` });
    expect(expiredStatus.json().token).toBe('expired');

    const first = await issueSetupToken(t.db);
    await issueSetupToken(t.db); // a restart prints a new link: the first stops working
    const replaced = await post(body(first!.token));
    expect(replaced.json()).toMatchObject({ code: 'SETUP_LINK_INVALID' });
    expect(replaced.json().detail).toContain('newer set-up link');
    expect(await count('users')).toBe(0);
    expect(await count('organisations')).toBe(0);
  });

  it('refuses a password shorter than the password rule (field named), the link stays usable', async () => {
    const issued = await issueSetupToken(t.db);
    const short = await post(body(issued!.token, { password: 'short' }));
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.password' }] });
    const status = await t.app.inject({ method: 'GET', url: `/api/setup?token=${issued!.token}` });
    expect(status.json().token).toBe('valid');
    expect(await count('users')).toBe(0);
  });

  it('creates the first administrator and the secretariat, logs in, and requires two-factor enrolment', async () => {
    const issued = await issueSetupToken(t.db);
    const res = await post(body(issued!.token));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user).toMatchObject({
      email: 'eva@secretariat.example',
      isPlatformAdmin: true,
      organisation: { name: 'Test Process Secretariat', kind: 'secretariat' },
    });
    const headers = sessionHeaders(cookieHeader(res));
    const twoFactor = await t.app.inject({ method: 'GET', url: '/api/account/two-factor', headers });
    expect(twoFactor.json()).toMatchObject({ required: true, enrolled: false, isRestricted: true });
    const blocked = await t.app.inject({ method: 'GET', url: '/api/admin/dialogues', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('TOTP_ENROLMENT_REQUIRED');
    const [audit] = await t.db.query<{ action: string; details: { via: string } }>(
      sql`SELECT action, details FROM audit_log WHERE action = 'setup.first_admin'`,
    );
    expect(audit?.details.via).toBe('link');
    // No password is stored in the clear, and no default account was made.
    const users = await t.db.query<{ email: string; password_hash: string }>(
      sql`SELECT email, password_hash FROM users`,
    );
    expect(users.map((u) => u.email)).toEqual(['eva@secretariat.example']);
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses the same link twice and any later set-up, and prints no link any more', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/setup' });
    expect(status.json().isSetupNeeded).toBe(false);
    const again = await post(body('setup_whatever-token-value', { email: 'mallory@example.org' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SETUP_DONE');
    expect(await issueSetupToken(t.db)).toBeNull();
    expect(await setupBanner(t.db, 'http://x')).toEqual([]);
    expect(await count('users')).toBe(1);
  });
});
