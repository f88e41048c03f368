/**
 * The password rule (src/domain/password-rule.ts) on every path that sets a password: password change,
 * invitation acceptance, an admin's initial password, `passage user add` (its service). Ten spaces were
 * accepted before (issue 13, item 14).
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser, type TestUser } from '../../../../../test/factories';
import { Invalid } from '../../../../shared/errors';
import { addUser } from '../../users/users.service';

describe.each(testDatabases())('password rule on every path [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let admin: TestUser;
  let adminH: Record<string, string>;
  let stateOrg: { id: number };
  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { states: ['ITA'] });
    stateOrg = await makeOrganisation(t.db, { country: 'ITA' });
    admin = await makeUser(t.db, { orgId: d.secretariatOrgId, roles: [{ dialogueId: d.id, role: 'admin' }] });
    adminH = sessionHeaders(await loginCookie(t.app, admin.email, admin.password));
  });
  afterAll(() => t?.close());

  const passwordHash = async (userId: number) =>
    (
      await t.db.query<{ h: string | null }>(sql`SELECT password_hash AS h FROM users WHERE id = ${userId}`)
    )[0]!.h;

  it('password change: refuses each reason with the field named, changes nothing, accepts a good one', async () => {
    const u = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    const headers = sessionHeaders(await loginCookie(t.app, u.email, u.password));
    const before = await passwordHash(u.id);
    const cases: [string, string][] = [
      [' '.repeat(10), 'must not consist of spaces only'],
      ['k7#Qz!pL2x', 'must have at least 12 characters'],
      ['qwerty123456', 'is a commonly used password; choose another'],
      ['iloveyou1234', 'is too easy to guess'],
      [u.email, 'must not be or contain your e-mail address'],
    ];
    for (const [newPassword, message] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/account/password',
        headers,
        payload: { currentPassword: u.password, newPassword },
      });
      expect({ newPassword, status: res.statusCode, code: res.json().code }).toEqual({
        newPassword,
        status: 400,
        code: 'PASSWORD_REJECTED',
      });
      expect(res.json().errors).toContainEqual({
        field: 'newPassword',
        message: expect.stringContaining(message),
      });
    }
    expect(await passwordHash(u.id)).toBe(before);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers,
      payload: { currentPassword: u.password, newPassword: 'violet kettle on the balcony' },
    });
    expect(ok.statusCode).toBe(204);
  });

  it('answers in French and Russian, title, detail and field message', async () => {
    const u = await makeUser(t.db);
    const headers = sessionHeaders(await loginCookie(t.app, u.email, u.password));
    const ask = (lang: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/account/password?lang=${lang}`,
        headers: { ...headers, 'accept-language': lang },
        payload: { currentPassword: u.password, newPassword: ' '.repeat(10) },
      });
    const fr = (await ask('fr')).json();
    expect(fr).toMatchObject({
      code: 'PASSWORD_REJECTED',
      title: 'Le mot de passe ne respecte pas la règle des mots de passe',
      detail: 'newPassword: doit comporter au moins 12 caractères (et 1 de plus)',
    });
    expect(fr.errors.map((e: { message: string }) => e.message)).toEqual([
      'doit comporter au moins 12 caractères',
      'ne doit pas être composé uniquement d’espaces',
    ]);
    const ru = (await ask('ru')).json();
    expect(ru.title).toBe('Пароль не соответствует правилам');
    expect(ru.errors[1]).toEqual({ field: 'newPassword', message: 'не должен состоять только из пробелов' });
    const en = (await ask('en')).json();
    expect(en.detail).toBe('newPassword: must have at least 12 characters (and 1 more)');
  });

  it('invitation: ten spaces are refused and the invitation stays usable for a good password', async () => {
    const invited = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users`,
      headers: adminH,
      payload: {
        organisationId: stateOrg.id,
        email: 'invitee@test.passage',
        name: 'Invitee',
        roles: ['viewer'],
      },
    });
    expect(invited.statusCode).toBe(201);
    const token = invited.json().invitationToken as string;
    const accept = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/invitation', payload: { token, password } });
    for (const password of [' '.repeat(10), 'invitee@test.passage', 'password1234']) {
      const res = await accept(password);
      expect({ password, status: res.statusCode, code: res.json().code }).toEqual({
        password,
        status: 400,
        code: 'PASSWORD_REJECTED',
      });
      expect(res.json().errors[0].field).toBe('password');
    }
    expect((await accept('marble staircase in winter')).statusCode).toBe(204);
    await loginCookie(t.app, 'invitee@test.passage', 'marble staircase in winter');
  });

  it("admin's initial password: refused with the field named, and no user is created", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users`,
      headers: adminH,
      payload: {
        organisationId: stateOrg.id,
        email: 'spaces@test.passage',
        name: 'Spaces',
        password: ' '.repeat(10),
        roles: ['viewer'],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'PASSWORD_REJECTED',
      errors: [{ field: 'password' }, { field: 'password' }],
    });
    const rows = await t.db.query(sql`SELECT 1 FROM users WHERE email = 'spaces@test.passage'`);
    expect(rows).toEqual([]);
  });

  it('passage user add (its service): refuses a common or blank password, names the field', async () => {
    for (const password of [' '.repeat(12), '123456789012', 'cli.person@test.passage']) {
      const err = await addUser(t.db, {
        email: 'cli.person@test.passage',
        name: 'CLI Person',
        org: String(stateOrg.id),
        password,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Invalid);
      expect((err as Invalid).errors[0]!.field).toBe('password');
    }
    const rows = await t.db.query(sql`SELECT 1 FROM users WHERE email = 'cli.person@test.passage'`);
    expect(rows).toEqual([]);
  });
});
