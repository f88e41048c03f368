import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeRoute, makeUser } from '../../../../test/factories';

describe.each(testDatabases())('content translations API [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let route: { id: number; code: string };
  let manager: string;
  let analyst: string;
  let outsider: string;
  const url = () => `/api/dialogues/${d.slug}/translations`;

  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { classification: 'public' });
    await t.db.query(sql`UPDATE dialogues SET working_languages = '{en,fr,ru,ar}', description = 'About'
      WHERE id = ${d.id}`);
    route = await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code: 'WB' });
    await t.db.query(sql`INSERT INTO indicators (dialogue_id, code, name, originator_org_id)
      VALUES (${d.id}, 'IBC', '{"en":"Irregular crossings","fr":"Franchissements irréguliers"}'::jsonb,
        ${d.secretariatOrgId})`);
    const other = await makeDialogue(t.db);
    manager = await loginCookie(
      t.app,
      ...creds(
        await makeUser(t.db, {
          orgId: d.secretariatOrgId,
          roles: [{ dialogueId: d.id, role: 'data_manager' }],
        }),
      ),
    );
    analyst = await loginCookie(
      t.app,
      ...creds(await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] })),
    );
    outsider = await loginCookie(
      t.app,
      ...creds(await makeUser(t.db, { roles: [{ dialogueId: other.id, role: 'data_manager' }] })),
    );
  });
  afterAll(() => t?.close());

  const creds = (u: { email: string; password: string }) => [u.email, u.password] as const;
  const put = (cookie: string, body: object) =>
    t.app.inject({ method: 'PUT', url: url(), headers: sessionHeaders(cookie), payload: body });

  it('keeps the plain name and the translation map in step (trigger), both ways', async () => {
    const [r] = await t.db.query<{ name: string; name_i18n: Record<string, string> }>(
      sql`SELECT name, name_i18n FROM routes WHERE id = ${route.id}`,
    );
    expect(r).toEqual({ name: 'Route WB', name_i18n: { en: 'Route WB' } });
    await t.db.query(sql`UPDATE routes SET name = 'Western Balkans' WHERE id = ${route.id}`);
    await t.db.query(
      sql`UPDATE routes SET name_i18n = name_i18n || '{"fr":"Balkans occidentaux"}'::jsonb WHERE id = ${route.id}`,
    );
    const [after] = await t.db.query<{ name: string; name_i18n: Record<string, string> }>(
      sql`SELECT name, name_i18n FROM routes WHERE id = ${route.id}`,
    );
    expect(after).toEqual({
      name: 'Western Balkans',
      name_i18n: { en: 'Western Balkans', fr: 'Balkans occidentaux' },
    });
  });

  it('lists every text per language with coverage, for the secretariat', async () => {
    const res = await t.app.inject({ method: 'GET', url: url(), headers: sessionHeaders(manager) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.languages).toEqual(['en', 'fr', 'ru', 'ar']);
    const routeName = body.items.find(
      (i: { entity: string; field: string }) => i.entity === 'route' && i.field === 'name',
    );
    expect(routeName.cells.fr).toMatchObject({ text: 'Balkans occidentaux', revision: 0, isOutdated: false });
    expect(routeName.cells.ru.text).toBeNull();
    const fr = body.coverage.find((c: { language: string }) => c.language === 'fr');
    // dialogue name + description, route name, indicator name (the route and indicator have no description).
    expect(fr).toEqual({ language: 'fr', total: 4, translated: 2, outdated: 0 });
  });

  it('refuses readers and members of other dialogues', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: url(), headers: sessionHeaders(analyst) })).statusCode,
    ).toBe(403);
    const edit = await put(analyst, {
      entity: 'route',
      id: route.id,
      field: 'name',
      language: 'ru',
      text: 'x',
      baseRevision: 0,
    });
    expect(edit.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
    // Another dialogue's manager gets 403 (the dialogue is public, so visible); nothing was written.
    expect(
      (
        await put(outsider, {
          entity: 'route',
          id: route.id,
          field: 'name',
          language: 'ru',
          text: 'x',
          baseRevision: 0,
        })
      ).statusCode,
    ).toBe(403);
    const [r] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM translation_revisions`);
    expect(r!.n).toBe(0);
  });

  it('saves a translation as a revision, in the audit log, and refuses a stale edit with 409', async () => {
    const first = await put(manager, {
      entity: 'route',
      id: route.id,
      field: 'name',
      language: 'ru',
      text: 'Западные Балканы',
      baseRevision: 0,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().cells.ru).toMatchObject({ text: 'Западные Балканы', revision: 1 });
    const stale = await put(manager, {
      entity: 'route',
      id: route.id,
      field: 'name',
      language: 'ru',
      text: 'Балканы',
      baseRevision: 0,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'CONFLICT',
      current: { revision: 1, text: 'Западные Балканы' },
    });
    const [audit] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'translation.update' AND target_id = ${String(route.id)}`,
    );
    expect(audit!.n).toBe(1);
    const history = await t.app.inject({
      method: 'GET',
      url: `${url()}/history?entity=route&id=${route.id}&field=name&language=ru`,
      headers: sessionHeaders(manager),
    });
    expect(history.statusCode).toBe(200);
    expect(history.json()).toMatchObject([{ revision: 1, text: 'Западные Балканы', previousText: null }]);
  });

  it('marks translations outdated when the original changes, and shows them on the dialogue home', async () => {
    const edit = await put(manager, {
      entity: 'route',
      id: route.id,
      field: 'name',
      language: 'en',
      text: 'Western Balkans route',
      baseRevision: 0,
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().cells.fr.isOutdated).toBe(true);
    expect(edit.json().cells.ru.isOutdated).toBe(true);
    const home = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${d.slug}`,
      headers: sessionHeaders(analyst),
    });
    const r = home.json().routes.find((x: { code: string }) => x.code === 'WB');
    expect(r.name).toBe('Western Balkans route');
    expect(r.nameText).toEqual({
      source: 'en',
      values: { en: 'Western Balkans route', fr: 'Balkans occidentaux', ru: 'Западные Балканы' },
    });
    expect(home.json().indicators[0].nameText.values.fr).toBe('Franchissements irréguliers');
  });

  it('rejects bad input and writes nothing', async () => {
    const before = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM translation_revisions`);
    const cases = [
      { entity: 'route', id: route.id, field: 'name', language: 'en', text: null, baseRevision: 1 }, // removes the original
      { entity: 'route', id: route.id, field: 'name', language: 'de', text: 'x', baseRevision: 0 }, // not a language here
      { entity: 'route', id: route.id, field: 'colour', language: 'fr', text: 'x', baseRevision: 0 },
      { entity: 'route', id: route.id, field: 'name', language: 'fr', text: 'x', baseRevision: -1 },
    ];
    for (const body of cases) expect((await put(manager, body)).statusCode, JSON.stringify(body)).toBe(400);
    const missing = await put(manager, {
      entity: 'route',
      id: 999999,
      field: 'name',
      language: 'fr',
      text: 'x',
      baseRevision: 0,
    });
    expect(missing.statusCode).toBe(404);
    const after = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM translation_revisions`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('removes a translation (empty text) as a revision; the revisions table is append-only for the app', async () => {
    const res = await put(manager, {
      entity: 'dialogue',
      id: d.id,
      field: 'description',
      language: 'fr',
      text: 'À propos',
      baseRevision: 0,
    });
    expect(res.statusCode).toBe(200);
    const removed = await put(manager, {
      entity: 'dialogue',
      id: d.id,
      field: 'description',
      language: 'fr',
      text: '',
      baseRevision: 1,
    });
    expect(removed.json().cells.fr).toMatchObject({ text: null, revision: 2 });
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(sql`SET LOCAL ROLE passage_app`);
        await tx.query(sql`UPDATE translation_revisions SET text = 'forged'`);
      }),
    ).rejects.toThrow(/permission denied/);
  });
});

describe.each(testDatabases())('localized API errors and negotiated language [%s]', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('answers problem+json in the Accept-Language or ?lang= language, English otherwise; the code stays', async () => {
    const fr = await t.app.inject({
      method: 'GET',
      url: '/api/dialogues/nope',
      headers: { 'accept-language': 'fr-CH, en;q=0.5' },
    });
    expect(fr.statusCode).toBe(404);
    expect(fr.headers['content-language']).toBe('fr');
    expect(fr.json()).toMatchObject({
      code: 'NOT_FOUND',
      title: 'La ressource n’existe pas ou ne vous est pas visible',
      detail: 'Introuvable : Dialogue "nope"',
    });
    const ru = await t.app.inject({ method: 'GET', url: '/api/auth/session?lang=ru' });
    expect(ru.statusCode).toBe(401);
    expect(ru.json()).toMatchObject({ code: 'UNAUTHENTICATED', title: 'Необходимо войти в систему' });
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/dialogues/nope',
      headers: { 'accept-language': 'de, pt;q=0.8' },
    });
    expect(en.json()).toMatchObject({
      code: 'NOT_FOUND',
      title: 'The resource does not exist or is not visible to you',
    });
    expect(en.headers['content-language']).toBe('en');
  });

  it('negotiates the interface language for a visitor', async () => {
    const get = (headers: Record<string, string>, query = '') =>
      t.app.inject({ method: 'GET', url: `/api/i18n/language${query}`, headers }).then((r) => r.json());
    expect(await get({ 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' })).toEqual({
      language: 'ru',
      source: 'accept-language',
      available: ['en', 'fr', 'ru'],
    });
    expect(await get({ 'accept-language': 'de-DE, fr;q=0.7' })).toMatchObject({ language: 'fr' });
    expect(await get({ 'accept-language': 'de-DE' })).toMatchObject({ language: 'en', source: 'default' });
    expect(await get({ 'accept-language': 'ru' }, '?lang=fr-CA')).toMatchObject({
      language: 'fr',
      source: 'query',
    });
    const bad = await t.app.inject({ method: 'GET', url: '/api/i18n/language?colour=red' });
    expect(bad.statusCode).toBe(400);
  });
});

describe.each(testDatabases())('exports with headings in the chosen language [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public' });
    slug = d.slug;
    const [ind] = await t.db.query<{ id: number }>(sql`INSERT INTO indicators (dialogue_id, code, name,
        classification, originator_org_id)
      VALUES (${d.id}, 'IBC', '{"en":"Irregular crossings"}'::jsonb, 'public', ${d.secretariatOrgId}) RETURNING id`);
    await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value, status,
        classification, published_at)
      VALUES (${d.id}, ${ind!.id}, 'ITA', '2024-01-01', 12345, 'published', 'public', now())`);
  });
  afterAll(() => t?.close());

  const firstLine = (body: string) => body.split('\n')[0]!.replace(/^\uFEFF/, '');

  it('writes French or Russian headings with ?lang=, machine names without', async () => {
    const fr = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/observations?format=csv&lang=fr`,
    });
    expect(fr.statusCode).toBe(200);
    expect(firstLine(fr.body)).toMatch(/^Indicateur,État déclarant,Mois,Route,/);
    expect(fr.body).toContain('IBC,ITA,2024-01');
    const ru = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/observations?format=csv&lang=ru`,
    });
    expect(firstLine(ru.body)).toMatch(/^Показатель,Отчитывающееся государство,Месяц,/);
    const plain = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/observations?format=csv`,
    });
    expect(firstLine(plain.body)).toMatch(/^indicator,reporter,period,route,/);
  });

  it('writes localized headings in XLSX too, with the value still a number', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/observations?format=xlsx&lang=fr`,
    });
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Indicateur');
    const valueColumn = (ws.getRow(1).values as unknown[]).indexOf('Valeur');
    expect(ws.getRow(2).getCell(valueColumn).value).toBe(12345);
  });

  it('rejects a language it does not have', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/observations?format=csv&lang=de`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
