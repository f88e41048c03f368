/**
 * The public portal's knowledge (issue 16 on the portal): best practices, agreements and country profiles, read
 * as the public whoever asks. Beside each public item the world holds what the public must never see: a members'
 * practice, a draft, a practice's contacts, a members' and a restricted agreement, a members' profile section,
 * an unendorsed version and a state with a draft only, each carrying a number found nowhere else. Allowed,
 * denied (404, absent from the lists) and bad input (400 naming the field), on both databases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser } from '../../../../test/factories';
import { makePublicWorld, type PublicWorld, secretsIn } from '../../../../test/public-world';

/** What only members (or editors) read: none may appear in any portal answer. */
const HIDDEN = ['9191', 'contact9191@example.org', '9292', '9393', '9494', '9595', '9696', '9797', '9898'];
const hiddenIn = (body: string) => HIDDEN.filter((h) => body.includes(h));

describe.each(testDatabases())('public portal: practices, agreements, profiles [%s]', (kind) => {
  let t: TestApp;
  let w: PublicWorld;
  let admin: string;
  let closedSlug: string;
  const ids = { practice: 0, membersPractice: 0, draft: 0, agreement: 0, membersAgreement: 0, restricted: 0 };

  const webDir = mkdtempSync(join(tmpdir(), 'passage-portal-knowledge-web-'));
  writeFileSync(join(webDir, 'index.html'), '<html><head><title>Passage</title></head><body></body></html>');
  beforeAll(async () => {
    t = await createTestApp(kind, { webDir });
    w = await makePublicWorld(t);
    const a = await makeUser(t.db, {
      orgId: w.secretariatOrgId,
      roles: [{ dialogueId: w.dialogueId, role: 'admin' }],
    });
    admin = await loginCookie(t.app, a.email, a.password);
    const greece = await makeOrganisation(t.db, { country: 'GRC' });
    const g = await makeUser(t.db, {
      orgId: greece.id,
      roles: [{ dialogueId: w.dialogueId, role: 'analyst' }],
    });
    const greek = await loginCookie(t.app, g.email, g.password);
    closedSlug = (await makeDialogue(t.db, { classification: 'dialogue' })).slug;

    const call = async (method: 'POST' | 'PUT', path: string, payload: object, cookie = admin) => {
      const res = await t.app.inject({
        method,
        url: `/api/dialogues/${w.slug}${path}`,
        headers: sessionHeaders(cookie),
        payload,
      });
      expect(res.statusCode, `${path}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };

    // Practices: a public published one (with a contact), a members' published one, a public draft.
    const practice = async (title: string, classification: string, publish: boolean, extra = {}) => {
      const p = await call('POST', '/practices', {
        title,
        area: 'irregular_migration',
        summary: `${title}: what was done.`,
        countries: ['GRC'],
        periodFrom: '2022-01',
        impact: [{ name: 'Returns', unit: 'persons', before: 10, after: 15 }],
        tags: ['returns'],
        classification,
        ...extra,
      });
      if (!publish) return p.id as number;
      const s = await call('POST', `/practices/${p.id}/submit`, { expectedRevision: p.revision });
      await call('POST', `/practices/${p.id}/verify`, { decision: 'publish', expectedRevision: s.revision });
      return p.id as number;
    };
    ids.practice = await practice('Joint return desk', 'public', true, {
      contacts: [
        { organisation: 'Desk 9191', function: 'head', name: 'Ann 9191', email: 'contact9191@example.org' },
      ],
      links: ['https://example.org/desk'],
      lessons: 'Start small.',
    });
    ids.membersPractice = await practice('Members practice 9292', 'dialogue', true);
    ids.draft = await practice('Draft practice 9393', 'public', false);

    // Agreements: public, members', restricted (to the Greek authority).
    const agreement = async (title: string, classification: string, extra = {}) =>
      (
        await call('POST', '/agreements', {
          type: 'readmission',
          title,
          parties: [
            { kind: 'state', iso3: 'GRC' },
            { kind: 'state', iso3: 'ITA' },
          ],
          mandateOn: '2019-01-10',
          rounds: [{ date: '2019-06-01', place: 'Athens', note: 'Round note 9898' }],
          signedOn: '2020-03-01',
          inForceOn: '2020-06-01',
          classification,
          ...extra,
        })
      ).id as number;
    ids.agreement = await agreement('Greece–Italy readmission', 'public', {
      texts: [{ kind: 'link', url: 'https://example.org/text', title: 'Text' }],
    });
    ids.membersAgreement = await agreement('Members agreement 9494', 'dialogue');
    ids.restricted = await agreement('Restricted agreement 9595', 'restricted', {
      sharedWithOrgIds: [greece.id],
    });

    // Profiles: Greece endorsed (a public and a members' section), then a new draft; Italy a draft only.
    const draft = (state: string, revision: number, sections: object[]) =>
      call('PUT', `/profiles/${state}/draft`, { expectedRevision: revision, sections });
    const v1 = await draft('GRC', 0, [
      { key: 'governance', body: 'Public governance text.', classification: 'public' },
      { key: 'policies', body: 'Members section 9696.', classification: 'dialogue' },
    ]);
    const endorsed = await call(
      'POST',
      '/profiles/GRC/versions/1/endorse',
      { expectedRevision: v1.revision },
      greek,
    );
    await draft('GRC', endorsed.revision, [
      { key: 'governance', body: 'Unendorsed draft 9797.', classification: 'public' },
    ]);
    await draft('ITA', 0, [{ key: 'governance', body: 'Italian draft 9797.', classification: 'public' }]);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const get = (path: string, cookie?: string) =>
    t.app.inject({ url: `/api/portal/${w.slug}${path}`, headers: cookie ? { cookie } : {} });

  it('practices: only published public ones, never their contacts; the same for a member', async () => {
    const res = await get('/practices');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(hiddenIn(res.body)).toEqual([]);
    const list = res.json();
    expect(list.items.map((p: { id: number }) => p.id)).toEqual([ids.practice]);
    expect(list.tags).toEqual(['returns']);
    expect((await get('/practices', admin)).body).toBe(res.body);

    const one = await get(`/practices/${ids.practice}`, admin);
    expect(one.statusCode, one.body).toBe(200);
    expect(hiddenIn(one.body)).toEqual([]);
    const p = one.json();
    expect(p).toMatchObject({
      title: 'Joint return desk',
      area: 'irregular_migration',
      lessons: 'Start small.',
    });
    expect(p.impact).toEqual([
      { name: 'Returns', unit: 'persons', before: 10, after: 15, change: 5, percent: 50 },
    ]);
    expect(p.links).toEqual(['https://example.org/desk']);
    expect(p).not.toHaveProperty('contacts');
    expect(p).not.toHaveProperty('classification');
    // The members read the contacts inside, not on the portal.
    const inside = await t.app.inject({
      url: `/api/dialogues/${w.slug}/practices/${ids.practice}`,
      headers: { cookie: admin },
    });
    expect(inside.json().contacts[0].email).toBe('contact9191@example.org');
  });

  it('practices: filters by area, country and tag', async () => {
    const ids0 = async (q: string) =>
      (await get(`/practices?${q}`)).json().items.map((p: { id: number }) => p.id);
    expect(await ids0('area=irregular_migration&country=grc')).toEqual([ids.practice]);
    expect(await ids0('area=integration')).toEqual([]);
    expect(await ids0('country=ITA')).toEqual([]);
    expect(await ids0('tag=returns')).toEqual([ids.practice]);
  });

  it('practices: members’, draft and unknown practices are 404 and say nothing', async () => {
    for (const id of [ids.membersPractice, ids.draft, 999999]) {
      const one = await get(`/practices/${id}`, admin);
      expect(one.statusCode, String(id)).toBe(404);
      expect(hiddenIn(one.body)).toEqual([]);
    }
    expect((await t.app.inject({ url: `/api/portal/${closedSlug}/practices` })).statusCode).toBe(404);
  });

  it('agreements: only public ones, with parties, dates and timeline; no round notes', async () => {
    const res = await get('/agreements');
    expect(res.statusCode, res.body).toBe(200);
    expect(hiddenIn(res.body)).toEqual([]);
    const list = res.json();
    expect(list.items.map((a: { id: number }) => a.id)).toEqual([ids.agreement]);
    expect(list.items[0]).toMatchObject({
      type: 'readmission',
      status: 'in_force',
      signedOn: '2020-03-01',
      inForceOn: '2020-06-01',
    });
    expect(list.parties).toEqual(['GRC', 'ITA']);
    expect((await get('/agreements', admin)).body).toBe(res.body);
    const one = await get(`/agreements/${ids.agreement}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(hiddenIn(one.body)).toEqual([]);
    const a = one.json();
    expect(a.timeline.map((s: { kind: string }) => s.kind)).toEqual([
      'mandate',
      'round',
      'signed',
      'in_force',
    ]);
    expect(a.timeline[1]).toEqual({ date: '2019-06-01', kind: 'round', place: 'Athens', isFuture: false });
    expect(a.links).toEqual([{ url: 'https://example.org/text', title: 'Text' }]);
    expect(a).not.toHaveProperty('sharedWithOrgIds');
    expect(a).not.toHaveProperty('originator');
  });

  it('agreements: filters by type, status and party; members’ and restricted ones are 404', async () => {
    const ids0 = async (q: string) =>
      (await get(`/agreements?${q}`)).json().items.map((a: { id: number }) => a.id);
    expect(await ids0('type=readmission&status=in_force&party=ITA')).toEqual([ids.agreement]);
    expect(await ids0('type=memorandum')).toEqual([]);
    expect(await ids0('status=ended')).toEqual([]);
    expect(await ids0('party=FRA')).toEqual([]);
    for (const id of [ids.membersAgreement, ids.restricted, 999999]) {
      const one = await get(`/agreements/${id}`, admin);
      expect(one.statusCode, String(id)).toBe(404);
      expect(hiddenIn(one.body)).toEqual([]);
    }
    expect((await t.app.inject({ url: `/api/portal/${closedSlug}/agreements` })).statusCode).toBe(404);
  });

  it('profiles: only endorsed ones, their public sections and the public figures', async () => {
    const res = await get('/profiles');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { state: 'GRC', names: expect.objectContaining({ en: 'Greece' }), endorsedAt: expect.any(String) },
    ]);
    const one = await get('/profiles/GRC');
    expect(one.statusCode, one.body).toBe(200);
    expect(hiddenIn(one.body)).toEqual([]);
    expect(secretsIn(one.body)).toEqual([]);
    const p = one.json();
    expect(p.version).toBe(1);
    expect(p.sections.map((s: { key: string; body: string }) => [s.key, s.body])).toEqual([
      ['governance', 'Public governance text.'],
    ]);
    expect(p.dataAsPublishedOn).toBe('2024-03-20T10:00:00.000Z');
    const ibc = p.figures.find((f: { indicator: string }) => f.indicator === 'IBC');
    expect(ibc).toMatchObject({ to: '2024-03', total: { value: null, isWithheld: true } });
    expect(ibc.byRoute).toEqual([
      { route: 'CMR', value: null, isWithheld: true },
      { route: 'EMR', value: 330, isWithheld: false },
    ]);
    expect(ibc.trend.at(-1)).toEqual({ period: '2024-03', value: expect.any(Number), isWithheld: false });
    expect((await get('/profiles/grc', admin)).body).toBe(one.body);
  });

  it('profiles: a state without an endorsed version, or not a member, is 404', async () => {
    for (const iso3 of ['ITA', 'FRA']) {
      const one = await get(`/profiles/${iso3}`, admin);
      expect(one.statusCode, iso3).toBe(404);
      expect(hiddenIn(one.body)).toEqual([]);
    }
    expect((await t.app.inject({ url: `/api/portal/${closedSlug}/profiles` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/portal/${closedSlug}/profiles/GRC` })).statusCode).toBe(404);
  });

  it('the sitemap and link previews name the public items only', async () => {
    const sitemap = (await t.app.inject({ url: `/p/${w.slug}/sitemap.xml` })).body;
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const p = `/p/${w.slug}`;
    expect(locs).toEqual(
      expect.arrayContaining([
        `${p}/practices`,
        `${p}/practices/${ids.practice}`,
        `${p}/agreements/${ids.agreement}`,
        `${p}/profiles`,
        `${p}/profiles/GRC`,
      ]),
    );
    for (const hidden of [
      `${p}/practices/${ids.membersPractice}`,
      `${p}/practices/${ids.draft}`,
      `${p}/agreements/${ids.membersAgreement}`,
      `${p}/agreements/${ids.restricted}`,
      `${p}/profiles/ITA`,
    ])
      expect(locs).not.toContain(hidden);
    const page = async (path: string) => (await t.app.inject({ url: path })).body;
    expect(await page(`${p}/practices/${ids.practice}`)).toContain('<title>Joint return desk · ');
    expect(await page(`${p}/agreements/${ids.agreement}`)).toContain('<title>Greece–Italy readmission · ');
    expect(await page(`${p}/profiles/GRC`)).toContain('<title>Greece · ');
    for (const path of [
      `${p}/practices/${ids.membersPractice}`,
      `${p}/agreements/${ids.restricted}`,
      `${p}/profiles/ITA`,
    ]) {
      const body = await page(path);
      expect(body, path).toContain('<title>Passage</title>');
      expect(hiddenIn(body)).toEqual([]);
    }
  });

  it('bad input is 400 and names the field', async () => {
    for (const [path, field] of [
      ['/practices/abc', 'id'],
      ['/practices?area=space', 'area'],
      ['/practices?country=GR', 'country'],
      ['/practices?colour=red', 'colour'],
      ['/agreements/0', 'id'],
      ['/agreements?status=lost', 'status'],
      ['/agreements?party=G', 'party'],
      ['/profiles/GR1', 'state'],
    ] as const) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body, path).toContain(field);
    }
  });

  it('appear in the OpenAPI document with their rules', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const [path, rule] of [
      ['/api/portal/{slug}/practices', 'portal.practices'],
      ['/api/portal/{slug}/practices/{id}', 'portal.practices'],
      ['/api/portal/{slug}/practices/{id}/files/{fileId}', 'portal.practiceFiles'],
      ['/api/portal/{slug}/agreements', 'portal.agreements'],
      ['/api/portal/{slug}/agreements/{id}', 'portal.agreements'],
      ['/api/portal/{slug}/profiles', 'portal.profiles'],
      ['/api/portal/{slug}/profiles/{state}', 'portal.profiles'],
    ] as const)
      expect(JSON.stringify(doc.paths[path]?.get), path).toContain(rule);
  });
});
