import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeUser, type TestUser } from '../../../../../test/factories';

describe.each(testDatabases())('users API: own interface language [%s]', (kind) => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(kind);
    user = await makeUser(t.db);
  });
  afterAll(() => t?.close());

  const put = (payload: unknown, cookie?: string) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/users/me/locale',
      payload: payload as object,
      headers: cookie ? { cookie, 'x-passage-csrf': '1' } : {},
    });

  it('remembers the language on the account, so the next session starts in it', async () => {
    const cookie = await loginCookie(t.app, user.email, user.password);
    const res = await put({ locale: 'ru' }, cookie);
    expect(res.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(again.json().user.locale).toBe('ru');
  });

  it('refuses anonymous callers and unsupported languages', async () => {
    expect((await put({ locale: 'fr' })).statusCode).toBe(401);
    const cookie = await loginCookie(t.app, user.email, user.password);
    const bad = await put({ locale: 'de' }, cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.locale');
  });
});
