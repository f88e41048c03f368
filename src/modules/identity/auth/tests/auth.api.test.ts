import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeUser, type TestUser } from '../../../../../test/factories';

describe.each(testDatabases())('auth API [%s]', (kind) => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db);
    user = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
  });
  afterAll(() => t?.close());

  it('logs in with the right password, sets an httpOnly cookie and returns the session', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'passage_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(res.json().user.email).toBe(user.email);
    expect(res.json().memberships[0].roles).toEqual(['analyst']);
    // The database keeps only a hash of the token.
    const rows = await t.db.query<{ token_hash: string }>(
      sql`SELECT token_hash FROM sessions WHERE user_id = ${user.id}`,
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(cookie!.value);
  });

  it('refuses a wrong password and an unknown e-mail with the same problem+json', async () => {
    for (const payload of [
      { email: user.email, password: 'wrong password' },
      { email: 'nobody@test.passage', password: 'whatever123' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        status: 401,
        code: 'INVALID_CREDENTIALS',
        detail: 'E-mail or password is wrong.',
      });
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('refuses a deactivated account', async () => {
    const off = await makeUser(t.db, { isActive: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: off.email, password: off.password },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('ACCOUNT_DISABLED');
  });

  it('names the field for unknown fields, wrong types and malformed JSON, and opens no session', async () => {
    const before = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM sessions`);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password, admin: true },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'body.admin', message: 'is not a known field' }]);
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'not-an-email', password: 42 },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(
      wrongType
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.email', 'body.password']);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_JSON');
    const after = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM sessions`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('tells who is logged in, and nobody after logout (the token is revoked, not just forgotten)', async () => {
    const cookie = await loginCookie(t.app, user.email, user.password);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(user.id);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-passage-csrf': '1' },
    });
    expect(out.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('UNAUTHENTICATED');
  });

  it('rejects a forged or expired session cookie', async () => {
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: 'passage_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
    const cookie = await loginCookie(t.app, user.email, user.password);
    await t.db.query(
      sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = ${user.id}`,
    );
    const expired = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
  });
});
