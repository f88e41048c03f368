import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeRoute, makeUser } from '../../../../test/factories';

describe.each(testDatabases())('dialogues API [%s]', (kind) => {
  let t: TestApp;
  let open: Awaited<ReturnType<typeof makeDialogue>>;
  let closed: Awaited<ReturnType<typeof makeDialogue>>;
  let memberCookie: string;
  let outsiderCookie: string;
  let secretariatCookie: string;
  let originator: { id: number };
  beforeAll(async () => {
    t = await createTestApp(kind);
    open = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA', 'TUR'] });
    closed = await makeDialogue(t.db, { classification: 'dialogue' });
    originator = await makeOrganisation(t.db, { country: 'GRC' });
    await makeRoute(t.db, {
      dialogueId: open.id,
      originatorOrgId: open.secretariatOrgId,
      classification: 'public',
      code: 'PUB',
    });
    await makeRoute(t.db, {
      dialogueId: open.id,
      originatorOrgId: open.secretariatOrgId,
      classification: 'dialogue',
      code: 'DIA',
    });
    await makeRoute(t.db, {
      dialogueId: open.id,
      originatorOrgId: originator.id,
      classification: 'originator',
      code: 'ORI',
    });
    const member = await makeUser(t.db, { roles: [{ dialogueId: open.id, role: 'analyst' }] });
    const outsider = await makeUser(t.db, { roles: [{ dialogueId: closed.id, role: 'analyst' }] });
    const sec = await makeUser(t.db, {
      orgId: open.secretariatOrgId,
      roles: [{ dialogueId: open.id, role: 'data_manager' }],
    });
    memberCookie = await loginCookie(t.app, member.email, member.password);
    outsiderCookie = await loginCookie(t.app, outsider.email, outsider.password);
    secretariatCookie = await loginCookie(t.app, sec.email, sec.password);
  });
  afterAll(() => t?.close());

  const home = (slug: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url: `/api/dialogues/${slug}`, headers: cookie ? { cookie } : {} });
  const routeCodes = (res: { json(): { routes: { code: string }[] } }) =>
    res
      .json()
      .routes.map((r) => r.code)
      .sort();

  it('shows a public dialogue to anyone, with only its public routes', async () => {
    const res = await home(open.slug);
    expect(res.statusCode).toBe(200);
    expect(res.json().memberStates.map((s: { iso3: string }) => s.iso3)).toEqual(['GRC', 'ITA', 'TUR']);
    expect(res.json().memberStates[0].name.fr).toBe('Grèce');
    expect(routeCodes(res)).toEqual(['PUB']);
  });

  it('shows dialogue-classified routes to members, originator routes only to the originator and secretariat', async () => {
    expect(routeCodes(await home(open.slug, memberCookie))).toEqual(['DIA', 'PUB']);
    expect(routeCodes(await home(open.slug, secretariatCookie))).toEqual(['DIA', 'ORI', 'PUB']);
    expect((await home(open.slug, memberCookie)).json().myRoles).toEqual(['analyst']);
  });

  it('hides a members-only dialogue from non-members as 404 (not 403) and from the list', async () => {
    const res = await home(closed.slug, memberCookie);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await home(closed.slug)).statusCode).toBe(404);
    expect((await home(closed.slug, outsiderCookie)).statusCode).toBe(200);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/dialogues',
      headers: { cookie: memberCookie },
    });
    const slugs = list.json().map((d: { slug: string }) => d.slug);
    expect(slugs).toContain(open.slug);
    expect(slugs).not.toContain(closed.slug);
  });

  it('rejects a malformed slug with the field named', async () => {
    const res = await home('Bad%20Slug!');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('params.slug');
  });
});
