/**
 * The agreements registry (issue 16): recording agreements (the secretariat for any parties, a state's analyst
 * for its own state), the refusals (ended before signed, in force before signed, an unknown party, fewer than
 * two parties, an unknown linked document, a stale revision, an observer or another state writing) writing
 * nothing, revisions and history, the filters, the matrix, the partners of a state, the CSV export, and
 * classification in lists, pages and the search.
 */
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';

type Who = 'manager' | 'analystGrc' | 'analystIta' | 'observer' | 'viewerGrc' | 'outsider';

describe.each(testDatabases())('agreements [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let cookies: Record<Who, string>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA', 'TUR'] });
    const other = await makeDialogue(t.db, { states: ['AUT'] });
    slug = d.slug;
    const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
    const ita = await makeOrganisation(t.db, { country: 'ITA', name: `Italian Ministry ${d.slug}` });
    const iom = await makeOrganisation(t.db, { kind: 'international', name: `IOM ${d.slug}` });
    ({ cookies } = await makePersonas(t, {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
      analystIta: { orgId: ita.id, dialogueId: d.id, role: 'analyst' },
      observer: { orgId: iom.id, dialogueId: d.id, role: 'observer' },
      viewerGrc: { orgId: grc.id, dialogueId: d.id, role: 'viewer' },
      outsider: { orgId: ita.id, dialogueId: other.id, role: 'analyst' },
    }));
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST' | 'PUT', path: string, who?: Who, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${slug}/agreements${path}`,
      headers: who ? sessionHeaders(cookies[who]) : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const ok = async (res: ReturnType<typeof api>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
    return r.json() as any;
  };
  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({ a: await count('agreements'), r: await count('agreement_revisions') });

  const euTur = {
    type: 'readmission',
    title: 'EU–Türkiye readmission agreement (synthetic)',
    parties: [{ kind: 'eu' }, { kind: 'state', iso3: 'tur' }],
    mandateOn: '2002-11-28',
    rounds: [
      { date: '2005-05-27', place: 'Brussels', note: 'first round' },
      { date: '2004-01-01', place: 'Ankara', note: 'exploratory' },
    ],
    signedOn: '2013-12-16',
    inForceOn: '2014-10-01',
    texts: [{ kind: 'link', url: 'https://example.org/agreement.pdf', title: 'Text' }],
  };
  let euTurId: number;
  let grcTurId: number;

  it('the secretariat records an agreement: status from the dates, rounds in order, a timeline, revision 1', async () => {
    const a = await ok(api('POST', '', 'manager', euTur), 201);
    euTurId = a.id;
    expect(a).toMatchObject({
      type: 'readmission',
      status: 'in_force',
      revision: 1,
      classification: 'dialogue',
      abilities: { canEdit: true },
    });
    expect(a.parties.map((p: { key: string }) => p.key)).toEqual(['EU', 'TUR']);
    expect(a.rounds.map((r: { place: string }) => r.place)).toEqual(['Ankara', 'Brussels']);
    expect(a.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'mandate',
      'round',
      'round',
      'signed',
      'in_force',
    ]);
    expect(await counts()).toEqual({ a: 1, r: 1 });
  });

  it('refuses bad agreements with the field and the reason, writing nothing', async () => {
    const before = await counts();
    const bad = async (body: unknown, field: string, message?: RegExp) => {
      const r = await api('POST', '', 'manager', body);
      expect(r.statusCode, r.body).toBe(400);
      const e = r.json();
      expect(e.code).toBe('VALIDATION_FAILED');
      const hit = e.errors.find((x: { field: string }) => x.field === field);
      expect(hit, JSON.stringify(e.errors)).toBeDefined();
      if (message) expect(hit.message).toMatch(message);
    };
    await bad({ ...euTur, endedOn: '2010-01-01' }, 'body.endedOn', /before it was signed \(2013-12-16\)/);
    await bad({ ...euTur, inForceOn: '2013-01-01' }, 'body.inForceOn', /before it was signed/);
    await bad(
      { ...euTur, parties: [{ kind: 'eu' }, { kind: 'state', iso3: 'XYZ' }] },
      'body.parties[1].iso3',
      /not a known country/,
    );
    await bad({ ...euTur, parties: [{ kind: 'eu' }] }, 'body.parties', /at least two/);
    await bad({ ...euTur, parties: [{ kind: 'eu' }, { kind: 'eu' }] }, 'body.parties', /at least two/);
    await bad({ ...euTur, texts: [{ kind: 'document', documentId: 999999 }] }, 'body.texts[0].documentId');
    await bad({ ...euTur, signedOn: '2013-02-30x' }, 'body.signedOn');
    await bad({ ...euTur, type: 'treaty' }, 'body.type');
    const fr = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/agreements`,
      headers: { ...sessionHeaders(cookies.manager), 'accept-language': 'fr' },
      payload: { ...euTur, endedOn: '2010-01-01' },
    });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().title).toBe('La requête n’a pas passé la validation');
    expect(await counts()).toEqual(before);
  });

  it('lets a state analyst record for their own state only; observers and viewers read only; outsiders see nothing', async () => {
    const grcTur = {
      type: 'working_arrangement',
      title: 'Greece–Türkiye working arrangement on returns (synthetic)',
      parties: [
        { kind: 'state', iso3: 'GRC' },
        { kind: 'state', iso3: 'TUR' },
        { kind: 'organisation', name: 'IOM' },
      ],
      signedOn: '2019-03-01',
      classification: 'originator',
    };
    const before = await counts();
    const notMine = await api('POST', '', 'analystIta', grcTur);
    expect(notMine.statusCode).toBe(403);
    expect((await api('POST', '', 'observer', grcTur)).statusCode).toBe(403);
    expect((await api('POST', '', 'viewerGrc', grcTur)).statusCode).toBe(403);
    expect((await api('POST', '', 'outsider', grcTur)).statusCode).toBe(404);
    expect((await api('POST', '', undefined, grcTur)).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
    const a = await ok(api('POST', '', 'analystGrc', grcTur), 201);
    grcTurId = a.id;
    expect(a.status).toBe('signed');
    // originator: Greece's ministry and the secretariat see it, Italy does not (list, page, search)
    expect((await api('GET', `/${a.id}`, 'analystIta')).statusCode).toBe(404);
    expect((await ok(api('GET', `/${a.id}`, 'manager'))).title).toBe(grcTur.title);
    const itaList = await ok(api('GET', '', 'analystIta'));
    expect(itaList.items.map((x: { id: number }) => x.id)).toEqual([euTurId]);
    expect(itaList.abilities.canRecord).toBe(true);
    expect((await ok(api('GET', '', 'observer'))).abilities.canRecord).toBe(false);
    const search = async (who: Who) =>
      (
        await ok(
          t.app.inject({
            method: 'GET',
            url: `/api/search?q=working%20arrangement%20returns&type=agreement`,
            headers: sessionHeaders(cookies[who]),
          }),
        )
      ).items.map((h: { id: string }) => h.id);
    expect(await search('analystGrc')).toContain(String(a.id));
    expect(await search('analystIta')).not.toContain(String(a.id));
    // Italy's analyst may not change Greece's agreement (even were it visible): the secretariat's is refused too
    const euTurNow = await ok(api('GET', `/${euTurId}`, 'analystIta'));
    expect(euTurNow.abilities.canEdit).toBe(false);
    expect(
      (await api('PUT', `/${euTurId}`, 'analystIta', { ...euTur, expectedRevision: 1 })).statusCode,
    ).toBe(403);
    expect((await api('PUT', `/${euTurId}`, 'observer', { ...euTur, expectedRevision: 1 })).statusCode).toBe(
      403,
    );
  });

  it('a change is a new revision; a stale revision is refused with 409 and writes nothing', async () => {
    const changed = await ok(
      api('PUT', `/${euTurId}`, 'manager', { ...euTur, suspendedOn: '2016-03-01', expectedRevision: 1 }),
    );
    expect(changed).toMatchObject({ revision: 2, status: 'suspended', suspendedOn: '2016-03-01' });
    const before = await counts();
    const stale = await api('PUT', `/${euTurId}`, 'manager', {
      ...euTur,
      title: 'Lost change',
      expectedRevision: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
    const badEdit = await api('PUT', `/${euTurId}`, 'manager', {
      ...euTur,
      suspendedOn: '2013-01-01',
      expectedRevision: 2,
    });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.json().errors[0].field).toBe('body.suspendedOn');
    const history = await ok(api('GET', `/${euTurId}/history`, 'viewerGrc'));
    expect(history.items.map((h: { revision: number; change: string }) => [h.revision, h.change])).toEqual([
      [1, 'created'],
      [2, 'edited'],
    ]);
    expect(history.items[1].content.suspendedOn).toBe('2016-03-01');
    expect((await api('GET', `/${euTurId}/history`, 'outsider')).statusCode).toBe(404);
  });

  it('filters, the matrix, the partners of a state and the CSV export agree with what the caller sees', async () => {
    await ok(
      api('POST', '', 'manager', {
        type: 'visa_facilitation',
        title: 'EU–Türkiye visa facilitation (synthetic)',
        parties: [{ kind: 'eu' }, { kind: 'state', iso3: 'TUR' }],
        mandateOn: '2030-01-01',
      }),
      201,
    );
    const ids = async (q: string, who: Who = 'manager') =>
      (await ok(api('GET', q, who))).items.map((x: { title: string }) => x.title.split(' (')[0]);
    expect(await ids('?type=readmission')).toEqual(['EU–Türkiye readmission agreement']);
    expect(await ids('?party=GRC')).toEqual(['Greece–Türkiye working arrangement on returns']);
    expect(await ids('?status=proposed')).toEqual(['EU–Türkiye visa facilitation']);
    expect(await ids('?year=2003')).toEqual(['EU–Türkiye readmission agreement']);
    expect((await api('GET', '?status=sleeping', 'manager')).statusCode).toBe(400);
    const list = await ok(api('GET', '', 'manager'));
    expect(list.parties).toEqual(['GRC', 'TUR', 'EU', 'ORG:IOM']);

    const matrix = await ok(api('GET', '/matrix', 'manager'));
    const pair = (a: string, b: string) =>
      matrix.cells.find((c: { a: string; b: string }) => c.a === a && c.b === b)?.agreements.length ?? 0;
    expect(pair('TUR', 'EU')).toBe(2);
    expect(pair('GRC', 'TUR')).toBe(1);
    expect(pair('GRC', 'EU')).toBe(0);
    const itaMatrix = await ok(api('GET', '/matrix?type=readmission', 'analystIta'));
    expect(itaMatrix.parties).toEqual(['TUR', 'EU']);

    const partners = await ok(api('GET', '/partners?party=TUR', 'manager'));
    expect(partners.partners.map((p: { party: string }) => p.party)).toEqual(['GRC', 'EU', 'ORG:IOM']);
    expect(
      (await ok(api('GET', '/partners?party=TUR', 'analystIta'))).partners.map(
        (p: { party: string }) => p.party,
      ),
    ).toEqual(['EU']);

    const csv = await api('GET', '.csv?type=readmission', 'manager');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,type,title,parties,status,mandate,rounds,signed,in_force,suspended,ended,texts,classification,revision',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('EU; TUR');
    expect(lines[1]).toContain('2004-01-01 Ankara; 2005-05-27 Brussels');
    expect(lines[1]).toContain('https://example.org/agreement.pdf');
    expect((await api('GET', '.csv', 'outsider')).statusCode).toBe(404);
    expect(grcTurId).toBeGreaterThan(0);
  });
});
