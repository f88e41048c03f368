/**
 * Member states and observers with their history: add, remove on a day (the period is kept, the figures stay,
 * the leaving member's users lose their roles), add again later. Bad input (twice, a left date before the joined
 * date, overlapping periods, unknown countries, future dates) is refused with the field named, writing nothing.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser } from '../../../../test/factories';
import { today } from '../members.service';

type Headers = Record<string, string>;
interface Period {
  joinedOn: string;
  leftOn: string | null;
  reason: string | null;
}
interface StateView {
  iso3: string;
  isCurrent: boolean;
  periods: Period[];
  figures: number;
  organisations: { name: string; users: { email: string; roles: string[] }[] }[];
}

describe.each(testDatabases())('members of a dialogue [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let adminH: Headers;
  let analystH: Headers;
  let otherAdminH: Headers;
  let greekOrg: { id: number };
  let iom: { id: number };
  const base = () => `/api/admin/dialogues/${d.id}`;

  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { states: [] });
    const admin = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'admin' }],
    });
    adminH = sessionHeaders(await loginCookie(t.app, admin.email, admin.password));
    const other = await makeDialogue(t.db);
    const otherAdmin = await makeUser(t.db, {
      orgId: other.secretariatOrgId,
      roles: [{ dialogueId: other.id, role: 'admin' }],
    });
    otherAdminH = sessionHeaders(await loginCookie(t.app, otherAdmin.email, otherAdmin.password));
    greekOrg = await makeOrganisation(t.db, { country: 'GRC', name: 'Hellenic Police' });
    iom = await makeOrganisation(t.db, { kind: 'international', name: 'IOM test' });
  });
  afterAll(() => t?.close());

  const addState = (country: string, joinedOn: string, headers = adminH) =>
    t.app.inject({
      method: 'POST',
      url: `${base()}/members/states`,
      headers,
      payload: { country, joinedOn },
    });
  const removeState = (country: string, leftOn: string, reason?: string) =>
    t.app.inject({
      method: 'POST',
      url: `${base()}/members/states/${country}/remove`,
      headers: adminH,
      payload: { leftOn, ...(reason ? { reason } : {}) },
    });
  const members = async () =>
    (await t.app.inject({ method: 'GET', url: `${base()}/members`, headers: adminH })).json();
  const state = async (iso3: string): Promise<StateView> =>
    (await members()).states.find((s: StateView) => s.iso3 === iso3);
  const periodRows = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM dialogue_memberships WHERE dialogue_id = ${d.id}`,
      )
    )[0]!.n;

  it('adds three member states and an observer, which the dialogue home lists', async () => {
    for (const [c, day] of [
      ['GRC', '2019-06-01'],
      ['ITA', '2019-06-01'],
      ['TUR', '2021-03-15'],
    ] as const)
      expect((await addState(c, day)).statusCode).toBe(201);
    const obs = await t.app.inject({
      method: 'POST',
      url: `${base()}/members/observers`,
      headers: adminH,
      payload: { organisationId: iom.id, joinedOn: '2020-01-01' },
    });
    expect(obs.statusCode, obs.body).toBe(201);
    const view = obs.json().members;
    expect(view.states.map((s: StateView) => [s.iso3, s.isCurrent, s.periods[0]?.joinedOn])).toEqual([
      ['GRC', true, '2019-06-01'],
      ['ITA', true, '2019-06-01'],
      ['TUR', true, '2021-03-15'],
    ]);
    expect(view.observers[0].organisation.name).toBe('IOM test');
    const home = (
      await t.app.inject({ method: 'GET', url: `/api/dialogues/${d.slug}`, headers: adminH })
    ).json();
    expect(home.memberStates.map((s: { iso3: string }) => s.iso3).sort()).toEqual(['GRC', 'ITA', 'TUR']);
    expect(home.observers.map((o: { name: string }) => o.name)).toEqual(['IOM test']);
  });

  it('refuses a member added twice, an unknown or non-state code, and a future date; maps XKK to XKX', async () => {
    const before = await periodRows();
    const twice = await addState('grc', '2020-01-01');
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ field: 'country' }] });
    expect(twice.json().detail).toContain('since 2019-06-01');
    expect((await addState('XXX', '2020-01-01')).json().errors).toEqual([
      { field: 'country', message: '"XXX" is not a known country (ISO 3166-1 alpha-3)' },
    ]);
    expect((await addState('STL', '2020-01-01')).statusCode).toBe(400);
    const future = await addState('ALB', '2999-01-01');
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('joinedOn');
    expect(await periodRows()).toBe(before);
    const kosovo = await addState('XKK', '2022-01-01');
    expect(kosovo.statusCode, kosovo.body).toBe(201);
    expect(kosovo.json().members.states.map((s: StateView) => s.iso3)).toContain('XKX');
    expect((await addState('XKX', '2022-02-01')).statusCode).toBe(409);
  });

  it('refuses a left date before the joined date, writing nothing', async () => {
    const res = await removeState('TUR', '2020-12-31');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'leftOn', message: '2020-12-31 is before TUR joined the dialogue (2021-03-15)' },
    ]);
    expect((await state('TUR')).isCurrent).toBe(true);
    expect((await removeState('ALB', '2024-01-01')).statusCode).toBe(404);
  });

  it('removes a state that has data: figures kept, history shows it, its users lose their roles', async () => {
    const p = await makeUser(t.db, {
      orgId: greekOrg.id,
      roles: [{ dialogueId: d.id, role: 'data_provider' }],
    });
    const providerH = sessionHeaders(await loginCookie(t.app, p.email, p.password));
    const [indicator] = await t.db.query<{ id: number }>(sql`INSERT INTO indicators (dialogue_id, code, name,
        originator_org_id) VALUES (${d.id}, 'IBC', '{"en":"IBC"}'::jsonb, ${d.secretariatOrgId}) RETURNING id`);
    await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value, status,
        published_at) VALUES (${d.id}, ${indicator!.id}, 'GRC', '2024-01-01', 42, 'published', now())`);
    const before = await state('GRC');
    expect(before.figures).toBe(1);
    expect(before.organisations[0]?.users.map((u) => u.email)).toEqual([p.email]);

    const res = await removeState('GRC', today(), 'left the process');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rolesRevoked).toBe(1);
    const after = res.json().members.states.find((s: StateView) => s.iso3 === 'GRC') as StateView;
    expect(after).toMatchObject({ isCurrent: false, figures: 1 });
    expect(after.periods).toMatchObject([
      { joinedOn: '2019-06-01', leftOn: today(), reason: 'left the process' },
    ]);
    const kept = await t.db.query(
      sql`SELECT 1 FROM observations WHERE dialogue_id = ${d.id} AND reporter_iso3 = 'GRC'`,
    );
    expect(kept).toHaveLength(1);
    const home = (
      await t.app.inject({ method: 'GET', url: `/api/dialogues/${d.slug}`, headers: adminH })
    ).json();
    expect(home.memberStates.map((s: { iso3: string }) => s.iso3)).not.toContain('GRC');
    const session = (
      await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: providerH })
    ).json();
    expect(session.memberships).toEqual([]);
    const audit = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE dialogue_id = ${d.id} AND action IN ('member.remove', 'membership.revoke')`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['member.remove', 'membership.revoke']);
  });

  it('adds a former member again without overlapping its earlier period; history has both', async () => {
    const overlap = await addState('GRC', '2020-01-01');
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().errors[0]).toMatchObject({ field: 'joinedOn' });
    const back = await addState('GRC', today());
    expect(back.statusCode, back.body).toBe(201);
    const grc = back.json().members.states.find((s: StateView) => s.iso3 === 'GRC') as StateView;
    expect(grc.isCurrent).toBe(true);
    expect(grc.periods.map((x) => [x.joinedOn, x.leftOn])).toEqual([
      [today(), null],
      ['2019-06-01', today()],
    ]);
  });

  it('never deletes history rows, even as the database owner', async () => {
    await expect(
      t.db.query(sql`DELETE FROM dialogue_memberships WHERE dialogue_id = ${d.id}`),
    ).rejects.toThrow(/keeps the history/);
  });

  it('refuses an observer that is a state authority, and removes an observer on a day', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: `${base()}/members/observers`,
      headers: adminH,
      payload: { organisationId: greekOrg.id, joinedOn: '2020-01-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('organisationId');
    const removed = await t.app.inject({
      method: 'POST',
      url: `${base()}/members/observers/${iom.id}/remove`,
      headers: adminH,
      payload: { leftOn: '2024-06-30' },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().members.observers[0]).toMatchObject({
      isCurrent: false,
      periods: [{ leftOn: '2024-06-30' }],
    });
  });

  it('is for the dialogue’s admins only: members 403, other admins 403, anonymous 401', async () => {
    const analyst = await makeUser(t.db, { country: 'ITA', roles: [{ dialogueId: d.id, role: 'analyst' }] });
    analystH = sessionHeaders(await loginCookie(t.app, analyst.email, analyst.password));
    for (const headers of [analystH, otherAdminH]) {
      expect((await t.app.inject({ method: 'GET', url: `${base()}/members`, headers })).statusCode).toBe(403);
      expect((await addState('ALB', '2020-01-01', headers)).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: `${base()}/members` })).statusCode).toBe(401);
    expect(await state('ALB')).toBeUndefined();
  });
});
