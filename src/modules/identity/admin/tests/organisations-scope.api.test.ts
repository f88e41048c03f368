/**
 * Organisation administration is scoped to the dialogues an organisation takes part in (issue 13, item 7):
 * one dialogue's admin cannot rename another dialogue's secretariat, ministries or observers, nor create a
 * state authority for a country outside their dialogues; the audit entries name the dialogues concerned so
 * each one's admins see them.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser } from '../../../../../test/factories';

type Dialogue = Awaited<ReturnType<typeof makeDialogue>>;

describe.each(testDatabases())('organisations scoped to dialogues [%s]', (kind) => {
  let t: TestApp;
  let d1: Dialogue;
  let d2: Dialogue;
  let admin1: Record<string, string>;
  let admin2: Record<string, string>;
  let admin3: Record<string, string>;
  let turMinistry: { id: number; name: string };
  let observer2: { id: number; name: string };
  let sharedGrc: { id: number; name: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    d1 = await makeDialogue(t.db, { states: ['ITA', 'GRC'] });
    d2 = await makeDialogue(t.db, { states: ['TUR', 'GRC'] });
    const d3 = await makeDialogue(t.db, { states: ['MAR'] });
    turMinistry = await makeOrganisation(t.db, { country: 'TUR', name: 'Ministry of Interior of Türkiye' });
    sharedGrc = await makeOrganisation(t.db, { country: 'GRC', name: 'Hellenic Coast Guard' });
    observer2 = await makeOrganisation(t.db, { kind: 'international', name: 'Observer of D2' });
    await t.db.query(
      sql`INSERT INTO dialogue_observers (dialogue_id, organisation_id) VALUES (${d2.id}, ${observer2.id})`,
    );
    const login = async (d: Dialogue) => {
      const u = await makeUser(t.db, {
        orgId: d.secretariatOrgId,
        roles: [{ dialogueId: d.id, role: 'admin' }],
      });
      return sessionHeaders(await loginCookie(t.app, u.email, u.password));
    };
    admin1 = await login(d1);
    admin2 = await login(d2);
    admin3 = await login(d3);
  });
  afterAll(() => t?.close());

  const rename = (id: number, name: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'PATCH', url: `/api/admin/organisations/${id}`, headers, payload: { name } });
  const create = (payload: Record<string, string>, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/admin/organisations', headers, payload });
  const nameOf = async (id: number) =>
    (await t.db.query<{ name: string }>(sql`SELECT name FROM organisations WHERE id = ${id}`))[0]!.name;
  const auditFor = async (headers: Record<string, string>, action: string, orgId: number) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/audit?action=${action}`, headers });
    expect(res.statusCode).toBe(200);
    return (res.json().entries as { targetId: string; details: { dialogueIds?: number[] } }[]).filter(
      (e) => e.targetId === String(orgId),
    );
  };

  it("refuses (404) renaming another dialogue's secretariat, ministry or observer, and changes nothing", async () => {
    for (const org of [
      { id: d2.secretariatOrgId, name: await nameOf(d2.secretariatOrgId) },
      turMinistry,
      observer2,
    ]) {
      const res = await rename(org.id, 'Renamed by a stranger', admin1);
      expect({ org: org.name, status: res.statusCode, code: res.json().code }).toEqual({
        org: org.name,
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(await nameOf(org.id)).toBe(org.name);
    }
    expect((await rename(d2.secretariatOrgId, 'Secretariat of D2, renamed', admin2)).statusCode).toBe(200);
    expect((await rename(observer2.id, 'Observer of D2, renamed', admin2)).statusCode).toBe(200);
  });

  it('lists only the organisations of the dialogues one administers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/organisations', headers: admin1 });
    const ids = (res.json() as { id: number }[]).map((o) => o.id);
    expect(ids).toContain(d1.secretariatOrgId);
    expect(ids).toContain(sharedGrc.id);
    for (const foreign of [d2.secretariatOrgId, turMinistry.id, observer2.id])
      expect(ids).not.toContain(foreign);
  });

  it('renames an organisation taking part in two dialogues, and both admins see the audit entry', async () => {
    const res = await rename(sharedGrc.id, 'Hellenic Coast Guard (HCG)', admin1);
    expect(res.statusCode).toBe(200);
    const seenBy1 = await auditFor(admin1, 'organisation.rename', sharedGrc.id);
    expect(seenBy1).toHaveLength(1);
    expect(seenBy1[0]!.details.dialogueIds).toEqual([d1.id, d2.id]);
    expect(await auditFor(admin2, 'organisation.rename', sharedGrc.id)).toHaveLength(1);
    expect(await auditFor(admin3, 'organisation.rename', sharedGrc.id)).toEqual([]);
    // The dialogue filter finds it under either dialogue.
    const byDialogue = await t.app.inject({
      method: 'GET',
      url: `/api/audit?action=organisation.rename&dialogue=${d2.id}`,
      headers: admin2,
    });
    expect(
      byDialogue.json().entries.some((e: { targetId: string }) => e.targetId === String(sharedGrc.id)),
    ).toBe(true);
  });

  it('refuses (403) a state organisation for a country outside the dialogues one administers', async () => {
    const before = (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM organisations`))[0]!.n;
    const res = await create({ kind: 'state', name: 'Fake ministry of Türkiye', countryIso3: 'TUR' }, admin1);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain('TUR is not a member state of a dialogue you administer');
    const after = (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM organisations`))[0]!.n;
    expect(after).toBe(before);
  });

  it("creates a state organisation for one's member state; the audit names every dialogue it takes part in", async () => {
    const italy = await create({ kind: 'state', name: 'Guardia di Finanza', countryIso3: 'ITA' }, admin1);
    expect(italy.statusCode).toBe(201);
    const entries = await auditFor(admin1, 'organisation.create', italy.json().id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details.dialogueIds).toEqual([d1.id]);
    expect(await auditFor(admin2, 'organisation.create', italy.json().id)).toEqual([]);

    const greece = await create({ kind: 'state', name: 'Hellenic Police', countryIso3: 'GRC' }, admin1);
    expect(greece.statusCode).toBe(201);
    expect(await auditFor(admin2, 'organisation.create', greece.json().id)).toHaveLength(1);
    // …and the admin of the other dialogue it takes part in may administer it too.
    expect((await rename(greece.json().id, 'Hellenic Police (ELAS)', admin2)).statusCode).toBe(200);
  });
});
