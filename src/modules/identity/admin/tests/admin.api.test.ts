import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser, type TestUser } from '../../../../../test/factories';

describe.each(testDatabases())('admin API [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let other: Awaited<ReturnType<typeof makeDialogue>>;
  let admin: TestUser;
  let analyst: TestUser;
  let adminH: Record<string, string>;
  let analystH: Record<string, string>;
  let outsiderH: Record<string, string>;
  let stateOrg: { id: number };

  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { classification: 'dialogue', states: ['ITA', 'GRC'] });
    other = await makeDialogue(t.db);
    stateOrg = await makeOrganisation(t.db, { country: 'GRC' });
    admin = await makeUser(t.db, { orgId: d.secretariatOrgId, roles: [{ dialogueId: d.id, role: 'admin' }] });
    analyst = await makeUser(t.db, { orgId: stateOrg.id, roles: [{ dialogueId: d.id, role: 'analyst' }] });
    const outsider = await makeUser(t.db, { roles: [{ dialogueId: other.id, role: 'admin' }] });
    adminH = sessionHeaders(await loginCookie(t.app, admin.email, admin.password));
    analystH = sessionHeaders(await loginCookie(t.app, analyst.email, analyst.password));
    outsiderH = sessionHeaders(await loginCookie(t.app, outsider.email, outsider.password));
  });
  afterAll(() => t?.close());

  const countUsers = async () =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`))[0]!.n;

  it('lists the users of the dialogue with their roles to its admin', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/admin/dialogues/${d.id}/users`,
      headers: adminH,
    });
    expect(res.statusCode).toBe(200);
    const byEmail = Object.fromEntries(res.json().map((u: { email: string }) => [u.email, u]));
    expect(byEmail[admin.email].roles).toEqual(['admin']);
    expect(byEmail[admin.email].hasTwoFactor).toBe(true);
    expect(byEmail[analyst.email]).toMatchObject({ roles: ['analyst'], isActive: true });
  });

  it('refuses a member who is not admin (403) and hides the dialogue from outsiders (404)', async () => {
    const url = `/api/admin/dialogues/${d.id}/users`;
    const asAnalyst = await t.app.inject({ method: 'GET', url, headers: analystH });
    expect(asAnalyst.statusCode).toBe(403);
    expect(asAnalyst.json().code).toBe('FORBIDDEN');
    const asOutsider = await t.app.inject({ method: 'GET', url, headers: outsiderH });
    expect(asOutsider.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it('adds a user with a password, and one with an invitation that sets the password once', async () => {
    const url = `/api/admin/dialogues/${d.id}/users`;
    const withPw = await t.app.inject({
      method: 'POST',
      url,
      headers: adminH,
      payload: {
        organisationId: stateOrg.id,
        email: 'new.one@test.passage',
        name: 'New One',
        password: 'a long password',
        roles: ['data_provider'],
      },
    });
    expect(withPw.statusCode).toBe(201);
    expect(withPw.json().user).toMatchObject({ roles: ['data_provider'], hasPassword: true });
    expect(withPw.json().invitationToken).toBeUndefined();
    await loginCookie(t.app, 'new.one@test.passage', 'a long password');

    const invited = await t.app.inject({
      method: 'POST',
      url,
      headers: adminH,
      payload: {
        organisationId: stateOrg.id,
        email: 'invited@test.passage',
        name: 'Invited',
        roles: ['viewer'],
      },
    });
    expect(invited.statusCode).toBe(201);
    const token = invited.json().invitationToken as string;
    expect(token).toMatch(/^inv_/);
    expect(invited.json().user.hasPassword).toBe(false);
    const accept = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/invitation', payload: { token, password } });
    expect((await accept('my own password')).statusCode).toBe(204);
    const again = await accept('another password');
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('INVITATION_INVALID');
    await loginCookie(t.app, 'invited@test.passage', 'my own password');
    // The audit log records the additions.
    const audit = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE action = 'user.add'`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad input and non-admins when adding, and writes nothing', async () => {
    const url = `/api/admin/dialogues/${d.id}/users`;
    const before = await countUsers();
    const cases = [
      {
        headers: adminH,
        payload: { organisationId: stateOrg.id, email: 'x@test.passage', name: 'X', roles: [] },
        status: 400,
      },
      {
        headers: adminH,
        payload: { organisationId: stateOrg.id, email: 'x@test.passage', name: 'X', roles: ['king'] },
        status: 400,
      },
      {
        headers: adminH,
        payload: {
          organisationId: stateOrg.id,
          email: 'x@test.passage',
          name: 'X',
          password: 'short',
          roles: ['viewer'],
        },
        status: 400,
      },
      {
        headers: adminH,
        payload: { organisationId: stateOrg.id, email: admin.email, name: 'Dup', roles: ['viewer'] },
        status: 409,
      },
      {
        headers: analystH,
        payload: { organisationId: stateOrg.id, email: 'y@test.passage', name: 'Y', roles: ['viewer'] },
        status: 403,
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: 'POST', url, headers: c.headers, payload: c.payload });
      expect(res.statusCode, JSON.stringify(c.payload)).toBe(c.status);
    }
    // An organisation that takes no part in the dialogue (a state that is not a member).
    const foreign = await makeOrganisation(t.db, { country: 'FRA' });
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: adminH,
      payload: { organisationId: foreign.id, email: 'z@test.passage', name: 'Z', roles: ['viewer'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('organisationId');
    expect(await countUsers()).toBe(before);
  });

  it('grants and revokes roles; nobody changes their own roles', async () => {
    const base = `/api/admin/dialogues/${d.id}/users/${analyst.id}/roles`;
    const grant = await t.app.inject({ method: 'PUT', url: `${base}/data_provider`, headers: adminH });
    expect(grant.statusCode).toBe(200);
    expect(grant.json().roles).toEqual(['data_provider', 'analyst']);
    const revoke = await t.app.inject({ method: 'DELETE', url: `${base}/data_provider`, headers: adminH });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().roles).toEqual(['analyst']);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `${base}/data_provider`, headers: adminH })).statusCode,
    ).toBe(404);

    const self = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/dialogues/${d.id}/users/${admin.id}/roles/admin`,
      headers: adminH,
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('SELF_ROLE_CHANGE');
    // The analyst tries to make themselves admin: refused (not admin), nothing written.
    const escalate = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/dialogues/${d.id}/users/${analyst.id}/roles/admin`,
      headers: analystH,
    });
    expect(escalate.statusCode).toBe(403);
    const roles = await t.db.query(sql`SELECT role FROM memberships WHERE user_id = ${analyst.id}`);
    expect(roles).toEqual([{ role: 'analyst' }]);
    // A user with no part in the dialogue cannot be granted a role here.
    const stranger = await makeUser(t.db, { country: 'FRA' });
    const far = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/dialogues/${d.id}/users/${stranger.id}/roles/viewer`,
      headers: adminH,
    });
    expect(far.statusCode).toBe(404);
    const badRole = await t.app.inject({ method: 'PUT', url: `${base}/emperor`, headers: adminH });
    expect(badRole.statusCode).toBe(400);
  });

  it("deactivation ends the user's sessions and API tokens; reactivation lets them log in again", async () => {
    const victim = await makeUser(t.db, {
      orgId: stateOrg.id,
      roles: [{ dialogueId: d.id, role: 'data_provider' }],
    });
    const cookie = await loginCookie(t.app, victim.email, victim.password);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sessionHeaders(cookie),
      payload: { name: 'bot', dialogueId: d.id, scopes: ['observations:write'], expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().secret}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode,
    ).toBe(200);

    const self = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users/${admin.id}/deactivate`,
      headers: adminH,
    });
    expect(self.json().code).toBe('SELF_ROLE_CHANGE');
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users/${victim.id}/deactivate`,
      headers: adminH,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().isActive).toBe(false);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode,
    ).toBe(401);
    const withToken = await t.app.inject({ method: 'GET', url: '/api/dialogues', headers: bearer });
    expect(withToken.statusCode).toBe(401);
    expect(withToken.json().code).toBe('TOKEN_REVOKED');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: victim.email, password: victim.password },
    });
    expect(login.json().code).toBe('ACCOUNT_DISABLED');

    const byAnalyst = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users/${victim.id}/reactivate`,
      headers: analystH,
    });
    expect(byAnalyst.statusCode).toBe(403);
    const on = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users/${victim.id}/reactivate`,
      headers: adminH,
    });
    expect(on.json().isActive).toBe(true);
    await loginCookie(t.app, victim.email, victim.password);
  });

  it('an admin cannot deactivate an admin of a dialogue they do not administer', async () => {
    const bigAdmin = await makeUser(t.db, {
      orgId: stateOrg.id,
      roles: [
        { dialogueId: d.id, role: 'viewer' },
        { dialogueId: other.id, role: 'admin' },
      ],
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/users/${bigAdmin.id}/deactivate`,
      headers: adminH,
    });
    expect(res.statusCode).toBe(403);
    const [row] = await t.db.query<{ is_active: boolean }>(
      sql`SELECT is_active FROM users WHERE id = ${bigAdmin.id}`,
    );
    expect(row!.is_active).toBe(true);
  });

  it('organisations: admins list, create and rename; others are refused; bad input is named', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/admin/organisations', headers: adminH });
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBeGreaterThan(2);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/organisations', headers: analystH })).statusCode,
    ).toBe(403);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/organisations',
      headers: adminH,
      payload: { kind: 'state', name: 'Border Police of Greece', acronym: 'BPG', countryIso3: 'GRC' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'state', countryIso3: 'GRC', acronym: 'BPG' });
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/admin/organisations',
      headers: adminH,
      payload: { kind: 'international', name: 'border police of greece' },
    });
    expect(dup.statusCode).toBe(409);
    const noCountry = await t.app.inject({
      method: 'POST',
      url: '/api/admin/organisations',
      headers: adminH,
      payload: { kind: 'state', name: 'Stateless ministry' },
    });
    expect(noCountry.statusCode).toBe(400);
    expect(noCountry.json().errors[0].field).toBe('countryIso3');
    const byAnalyst = await t.app.inject({
      method: 'POST',
      url: '/api/admin/organisations',
      headers: analystH,
      payload: { kind: 'international', name: 'Sneaky Org' },
    });
    expect(byAnalyst.statusCode).toBe(403);

    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/organisations/${created.json().id}`,
      headers: adminH,
      payload: { name: 'Hellenic Police' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Hellenic Police', acronym: 'BPG' });
    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/organisations/999999',
      headers: adminH,
      payload: { name: 'Nobody' },
    });
    expect(missing.statusCode).toBe(404);
  });
});
