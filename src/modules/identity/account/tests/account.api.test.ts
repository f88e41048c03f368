import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieHeader,
  createTestApp,
  loginCookie,
  sessionHeaders,
  type TestApp,
} from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeUser } from '../../../../../test/factories';

describe.each(testDatabases())('account: change password [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db);
  });
  afterAll(() => t?.close());

  it('needs the current password, ends every other session, and keeps this browser logged in', async () => {
    const u = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    const here = await loginCookie(t.app, u.email, u.password);
    const elsewhere = await loginCookie(t.app, u.email, u.password);
    const change = (payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/account/password', headers: sessionHeaders(here), payload });

    const wrong = await change({ currentPassword: 'not it at all', newPassword: 'a brand new password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('WRONG_PASSWORD');
    expect((await change({ currentPassword: u.password, newPassword: 'short' })).statusCode).toBe(400);
    expect((await change({ currentPassword: u.password, newPassword: u.password })).statusCode).toBe(400);
    const session = (cookie: string) =>
      t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect((await session(elsewhere)).statusCode).toBe(200);

    const ok = await change({ currentPassword: u.password, newPassword: 'a brand new password' });
    expect(ok.statusCode).toBe(204);
    expect((await session(elsewhere)).statusCode).toBe(401);
    expect((await session(here)).statusCode).toBe(401);
    expect((await session(cookieHeader(ok))).statusCode).toBe(200);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: u.email, password: u.password },
    });
    expect(old.statusCode).toBe(401);
    await loginCookie(t.app, u.email, 'a brand new password');
    const audit = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE action = 'user.password_change' AND actor_user_id = ${u.id}`,
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses without a session, and refuses forged or expired session cookies', async () => {
    const u = await makeUser(t.db);
    const payload = { currentPassword: u.password, newPassword: 'another new password' };
    const none = await t.app.inject({ method: 'POST', url: '/api/account/password', payload });
    expect(none.statusCode).toBe(401);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers: sessionHeaders('passage_session=forged-token'),
      payload,
    });
    expect(forged.statusCode).toBe(401);
    const cookie = await loginCookie(t.app, u.email, u.password);
    await t.db.query(
      sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = ${u.id}`,
    );
    const expired = await t.app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers: sessionHeaders(cookie),
      payload,
    });
    expect(expired.statusCode).toBe(401);
  });
});
