/**
 * Dialogue administration: an installation administrator creates dialogues (several per install); a dialogue's
 * admin edits its names, description, languages, secretariat and logo, and archives it (read-only, hidden from
 * lists). Allowed, denied and bad-input cases; nothing half-written.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser } from '../../../../test/factories';
import { makePng } from '../../../../test/images';

type Headers = Record<string, string>;

describe.each(testDatabases())('dialogue administration [%s]', (kind) => {
  let t: TestApp;
  let secretariatId: number;
  let platformH: Headers;
  let otherAdminH: Headers;
  let analystH: Headers;
  let dialogueId: number;
  let slug: string;
  let otherDialogue: Awaited<ReturnType<typeof makeDialogue>>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    secretariatId = (await makeOrganisation(t.db, { kind: 'secretariat', name: 'Test Secretariat' })).id;
    const platform = await makeUser(t.db, { orgId: secretariatId, isPlatformAdmin: true });
    otherDialogue = await makeDialogue(t.db);
    const otherAdmin = await makeUser(t.db, {
      orgId: otherDialogue.secretariatOrgId,
      roles: [{ dialogueId: otherDialogue.id, role: 'admin' }],
    });
    platformH = sessionHeaders(await loginCookie(t.app, platform.email, platform.password));
    otherAdminH = sessionHeaders(await loginCookie(t.app, otherAdmin.email, otherAdmin.password));
  });
  afterAll(() => t?.close());

  const countDialogues = async () =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM dialogues`))[0]!.n;
  const create = (headers: Headers, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/admin/dialogues', headers, payload });
  const settings = async () =>
    (
      await t.app.inject({ method: 'GET', url: `/api/admin/dialogues/${dialogueId}`, headers: platformH })
    ).json();

  it('creates a dialogue with the standard indicators; its creator is its admin and data manager', async () => {
    const res = await create(platformH, {
      slug: 'test-process',
      name: { source: 'en', values: { en: 'Test Process', fr: 'Processus de test' } },
      description: { source: 'en', values: { en: 'A dialogue on migration routes' } },
      workingLanguages: ['en', 'fr'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({
      slug: 'test-process',
      revision: 1,
      classification: 'dialogue',
      secretariat: { id: secretariatId, name: 'Test Secretariat' },
      archivedAt: null,
      logo: null,
    });
    dialogueId = d.id;
    slug = d.slug;
    const session = (
      await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: platformH })
    ).json();
    expect(session.memberships).toContainEqual({ dialogueId, roles: ['admin', 'data_manager'] });
    const home = (
      await t.app.inject({ method: 'GET', url: `/api/dialogues/${slug}`, headers: platformH })
    ).json();
    expect(home.indicators).toHaveLength(9);
    expect(home.name).toBe('Test Process');
    // Another dialogue in the same install, with nothing shared.
    const second = await create(platformH, {
      slug: 'second-process',
      name: { source: 'fr', values: { fr: 'Deuxième processus' } },
      withStandardIndicators: false,
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().workingLanguages).toEqual(['fr']);
  });

  it('refuses a duplicate slug, a name outside the working languages and a non-secretariat (nothing written)', async () => {
    const before = await countDialogues();
    const dup = await create(platformH, {
      slug: 'test-process',
      name: { source: 'en', values: { en: 'Again' } },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ field: 'slug' }] });
    const lang = await create(platformH, {
      slug: 'other-process',
      name: { source: 'en', values: { en: 'Other', de: 'Andere' } },
      workingLanguages: ['en'],
    });
    expect(lang.statusCode).toBe(400);
    expect(lang.json().errors).toEqual([
      { field: 'name.values.de', message: 'de is not a working language of the dialogue (en)' },
    ]);
    const state = await makeOrganisation(t.db, { country: 'ITA' });
    const notSec = await create(platformH, {
      slug: 'third-process',
      name: { source: 'en', values: { en: 'Third' } },
      secretariatOrgId: state.id,
    });
    expect(notSec.statusCode).toBe(400);
    expect(notSec.json().errors[0].field).toBe('secretariatOrgId');
    const badSlug = await create(platformH, {
      slug: 'Bad Slug!',
      name: { source: 'en', values: { en: 'X' } },
    });
    expect(badSlug.statusCode).toBe(400);
    expect(badSlug.json().errors[0].field).toBe('body.slug');
    expect(await countDialogues()).toBe(before);
  });

  it('lets only installation administrators create, and only a dialogue’s admins change it', async () => {
    const analyst = await makeUser(t.db, { country: 'ITA', roles: [{ dialogueId, role: 'analyst' }] });
    analystH = sessionHeaders(await loginCookie(t.app, analyst.email, analyst.password));
    const payload = { slug: 'nope-process', name: { source: 'en', values: { en: 'Nope' } } };
    expect((await create(otherAdminH, payload)).statusCode).toBe(403);
    expect((await create(analystH, payload)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/dialogues', payload })).statusCode).toBe(
      401,
    );
    for (const headers of [otherAdminH, analystH]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/admin/dialogues/${dialogueId}`,
        headers,
        payload: { expectedRevision: 1, description: { source: 'en', values: { en: 'hijacked' } } },
      });
      expect(res.statusCode).toBe(403);
    }
    // The other admin's list holds their own dialogue only; the installation administrator's holds all.
    const mine = (
      await t.app.inject({ method: 'GET', url: '/api/admin/dialogues', headers: otherAdminH })
    ).json();
    expect(mine.map((d: { id: number }) => d.id)).toEqual([otherDialogue.id]);
    const all = (
      await t.app.inject({ method: 'GET', url: '/api/admin/dialogues', headers: platformH })
    ).json();
    expect(all.map((d: { slug: string }) => d.slug)).toEqual(
      expect.arrayContaining(['test-process', 'second-process', otherDialogue.slug]),
    );
    expect(await countDialogues()).toBeGreaterThanOrEqual(3);
    expect((await settings()).description.values.en).toBe('A dialogue on migration routes');
  });

  it('edits names with revisions (409 on a stale one) and keeps every version and translation', async () => {
    const url = `/api/admin/dialogues/${dialogueId}`;
    const ok = await t.app.inject({
      method: 'PATCH',
      url,
      headers: platformH,
      payload: {
        expectedRevision: 1,
        name: {
          source: 'en',
          values: { en: 'Test Process', fr: 'Processus d’essai', ru: 'Тестовый процесс' },
        },
        workingLanguages: ['en', 'fr', 'ru'],
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ revision: 2, workingLanguages: ['en', 'fr', 'ru'] });
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: platformH,
      payload: { expectedRevision: 1, classification: 'public' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'CONFLICT',
      current: { revision: 2, classification: 'dialogue' },
    });
    const history = (await t.app.inject({ method: 'GET', url: `${url}/history`, headers: platformH })).json();
    expect(history.map((h: { revision: number; action: string }) => `${h.revision} ${h.action}`)).toEqual([
      '2 update',
      '1 create',
    ]);
    expect(history[1].data.name).toEqual({ en: 'Test Process', fr: 'Processus de test' });
    const translations = await t.db.query<{ language: string; text: string; previous_text: string | null }>(
      sql`SELECT language, text, previous_text FROM translation_revisions
        WHERE entity = 'dialogue' AND entity_id = ${dialogueId} AND field = 'name' ORDER BY language`,
    );
    expect(translations).toEqual([
      { language: 'fr', text: 'Processus d’essai', previous_text: 'Processus de test' },
      { language: 'ru', text: 'Тестовый процесс', previous_text: null },
    ]);
  });

  it('takes a small PNG as logo and serves it back to members; refuses SVG and big files', async () => {
    const png = makePng(120, 60);
    const put = (payload: Buffer, type: string, headers = platformH) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/admin/dialogues/${dialogueId}/logo`,
        headers: { ...headers, 'content-type': type },
        payload,
      });
    const ok = await put(png, 'image/png');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().logo).toMatchObject({
      contentType: 'image/png',
      width: 120,
      height: 60,
      bytes: png.length,
    });
    const served = await t.app.inject({ method: 'GET', url: ok.json().logo.url, headers: platformH });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.rawPayload, png)).toBe(0);
    // Members-only dialogue: the logo is not public.
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogues/${slug}/logo` })).statusCode).toBe(404);

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refused = await put(svg, 'image/png');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'IMAGE_REJECTED' });
    expect(refused.json().detail).toContain('SVG');
    const big = Buffer.concat([makePng(32, 32), Buffer.alloc(300 * 1024)]);
    const tooBig = await put(big, 'image/png');
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().detail).toContain('at most 256 KB');
    expect((await put(png, 'image/png', analystH)).statusCode).toBe(403);
    expect((await settings()).logo.width).toBe(120);
    const logos = await t.db.query(sql`SELECT id FROM dialogue_logos WHERE dialogue_id = ${dialogueId}`);
    expect(logos).toHaveLength(1);
  });

  it('archives a dialogue: read-only everywhere, hidden from lists, restored on unarchive', async () => {
    const url = `/api/admin/dialogues/${dialogueId}`;
    const current = await settings();
    const archived = await t.app.inject({
      method: 'POST',
      url: `${url}/archive`,
      headers: platformH,
      payload: { expectedRevision: current.revision, reason: 'the process ended' },
    });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    const list = (await t.app.inject({ method: 'GET', url: '/api/dialogues', headers: platformH })).json();
    expect(list.map((d: { slug: string }) => d.slug)).not.toContain(slug);
    const home = await t.app.inject({ method: 'GET', url: `/api/dialogues/${slug}`, headers: platformH });
    expect(home.statusCode).toBe(200);
    expect(home.json().isArchived).toBe(true);
    // Writes anywhere in the dialogue are refused: settings, members, the statistics exchange.
    const edits = [
      t.app.inject({
        method: 'PATCH',
        url,
        headers: platformH,
        payload: { expectedRevision: archived.json().revision },
      }),
      t.app.inject({
        method: 'POST',
        url: `${url}/members/states`,
        headers: platformH,
        payload: { country: 'ITA', joinedOn: '2024-01-01' },
      }),
      t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${slug}/submissions`,
        headers: platformH,
        payload: { reporter: 'ITA', observations: [] },
      }),
    ];
    for (const res of await Promise.all(edits)) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('DIALOGUE_ARCHIVED');
    }
    const restored = await t.app.inject({
      method: 'POST',
      url: `${url}/unarchive`,
      headers: platformH,
      payload: { expectedRevision: archived.json().revision },
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().archivedAt).toBeNull();
    const again = (await t.app.inject({ method: 'GET', url: '/api/dialogues', headers: platformH })).json();
    expect(again.map((d: { slug: string }) => d.slug)).toContain(slug);
    const actions = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE dialogue_id = ${dialogueId} AND action LIKE 'dialogue.%' ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'dialogue.create',
      'dialogue.update',
      'dialogue.logo_set',
      'dialogue.archive',
      'dialogue.unarchive',
    ]);
  });
});
