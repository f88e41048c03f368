/**
 * The best-practice inventory (issue 16): a member writes a practice (draft, private to the organisation and
 * the secretariat), changes it (revisions, a stale one refused), submits it; the secretariat returns it with a
 * comment or publishes it (a non-secretariat member may not); then the list's filters, the map's counts, the
 * CSV export, the comparison, the history, the contacts hidden from outsiders and the search index. Every
 * refusal (period end before start, unknown country, impact indicator without a value, stale revision)
 * writes nothing.
 */
import type { LightMyRequestResponse } from 'fastify';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';

type Who = 'manager' | 'analystGrc' | 'analystGrc2' | 'viewerGrc' | 'providerIta' | 'outsider';

const PRACTICE = {
  title: 'Mobile counselling for returnees in border regions',
  area: 'migration_development',
  summary: 'Mobile teams advise returnees on reintegration support.',
  countries: ['GRC', 'ALB'],
  partners: ['IOM', 'Regional employment office'],
  periodFrom: '2021-03',
  periodTo: '2023-12',
  funding: 'EUR 1.2 million, national budget and EU co-funding',
  objectives: 'Reach returnees within three months of return.',
  results: 'Counselling offered in twelve municipalities.',
  impact: [
    { name: 'Returnees counselled per year', unit: 'persons', before: 120, after: 480 },
    { name: 'Municipalities covered', before: 2, after: 12 },
  ],
  lessons: 'Local partners make the difference.',
  contacts: [
    {
      organisation: 'Hellenic Ministry of Migration',
      function: 'Head of the return unit',
      name: 'Contact Person',
      email: 'returns@example.test',
    },
  ],
  links: ['https://example.test/practice'],
  tags: ['Reintegration', 'return'],
  classification: 'dialogue',
};

describe.each(testDatabases())('practices [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let cookies: Record<Who, string>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    const other = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
    slug = d.slug;
    const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
    const grc2 = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Police ${d.slug}` });
    const ita = await makeOrganisation(t.db, { country: 'ITA', name: `Italian Ministry ${d.slug}` });
    ({ cookies } = await makePersonas<Who>(t, {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
      analystGrc2: { orgId: grc2.id, dialogueId: d.id, role: 'analyst' },
      viewerGrc: { orgId: grc.id, dialogueId: d.id, role: 'viewer' },
      providerIta: { orgId: ita.id, dialogueId: d.id, role: 'data_provider' },
      outsider: { orgId: ita.id, dialogueId: other.id, role: 'analyst' },
    }));
  });
  afterAll(() => t?.close());

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    who?: Who,
    body?: unknown,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url: `/api/dialogues/${slug}/practices${path}`,
      headers: who ? sessionHeaders(cookies[who]) : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
    return r.json() as any;
  };
  const counts = async () =>
    (
      await t.db.query<{ p: number; r: number }>(sql`SELECT (SELECT count(*)::int FROM practices) AS p,
        (SELECT count(*)::int FROM practice_revisions) AS r`)
    )[0]!;

  let id: number;
  let otherId: number;

  it('writes a draft; refuses a bad period, an unknown country, an indicator without a value, viewers and outsiders', async () => {
    const before = await counts();
    const bad = await api('POST', '', 'analystGrc', {
      ...PRACTICE,
      periodFrom: '2022-05',
      periodTo: '2021-01',
      countries: ['GRC', 'XXX'],
      impact: [{ name: 'Returnees counselled', unit: 'persons' }],
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(bad.json().errors).toEqual([
      { field: 'body.periodTo', message: 'the period ends (2021-01) before it starts (2022-05)' },
      { field: 'body.countries[1]', message: 'unknown country "XXX"' },
      {
        field: 'body.impact[0]',
        message:
          'the impact indicator "Returnees counselled" has no value: give the value before, after, or both',
      },
    ]);
    const noArea = await api('POST', '', 'analystGrc', { ...PRACTICE, area: 'health' });
    expect(noArea.statusCode).toBe(400);
    expect(noArea.json().errors[0].field).toBe('body.area');
    // French caller: the problem's title in French
    const fr = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/practices`,
      headers: { ...sessionHeaders(cookies.analystGrc), 'accept-language': 'fr' },
      payload: { ...PRACTICE, periodTo: '2020-01' },
    });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().title).not.toBe(bad.json().title);
    expect((await api('POST', '', 'viewerGrc', PRACTICE)).statusCode).toBe(403);
    expect((await api('POST', '', 'outsider', PRACTICE)).statusCode).toBe(404);
    expect((await api('POST', '', undefined, PRACTICE)).statusCode).toBe(401);
    expect(await counts()).toEqual(before);

    const p = await ok(api('POST', '', 'analystGrc', PRACTICE), 201);
    id = p.id;
    expect(p).toMatchObject({
      status: 'draft',
      revision: 1,
      countries: ['GRC', 'ALB'],
      tags: ['reintegration', 'return'],
      abilities: { canEdit: true, canSubmit: true, canVerify: false },
    });
    expect(p.impact[0]).toMatchObject({ before: 120, after: 480, change: 360, percent: 300 });
    expect(p.impact[1]).toMatchObject({ unit: '', change: 10, percent: 500 });
    expect(await counts()).toEqual({ p: before.p + 1, r: before.r + 1 });
  });

  it('keeps a draft with its organisation and the secretariat', async () => {
    expect((await api('GET', `/${id}`, 'analystGrc2')).statusCode).toBe(404);
    expect((await api('GET', `/${id}`, 'providerIta')).statusCode).toBe(404);
    expect((await api('GET', `/${id}`)).statusCode).toBe(404);
    expect((await ok(api('GET', `/${id}`, 'manager'))).abilities).toEqual({
      canEdit: false,
      canSubmit: false,
      canVerify: false,
    });
    expect((await ok(api('GET', '', 'providerIta'))).items).toEqual([]);
    expect((await ok(api('GET', '', 'viewerGrc'))).items.map((x: { id: number }) => x.id)).toEqual([id]);
    // another organisation may not change it (it does not exist for them)
    expect(
      (await api('PATCH', `/${id}`, 'analystGrc2', { title: 'Taken over', expectedRevision: 1 })).statusCode,
    ).toBe(404);
  });

  it('changes a draft as a new revision and refuses a stale revision, writing nothing', async () => {
    const v2 = await ok(
      api('PATCH', `/${id}`, 'analystGrc', {
        results: 'Counselling in 12 municipalities.',
        expectedRevision: 1,
      }),
    );
    expect(v2).toMatchObject({ revision: 2, results: 'Counselling in 12 municipalities.', status: 'draft' });
    expect(v2.title).toBe(PRACTICE.title);
    const before = await counts();
    const stale = await api('PATCH', `/${id}`, 'analystGrc', {
      lessons: 'Overwritten?',
      expectedRevision: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', current: { revision: 2 } });
    const badEdit = await api('PATCH', `/${id}`, 'analystGrc', { periodTo: '2019-01', expectedRevision: 2 });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.json().errors[0].field).toBe('body.periodTo');
    expect(await counts()).toEqual(before);
    expect((await ok(api('GET', `/${id}`, 'analystGrc'))).lessons).toBe(PRACTICE.lessons);
  });

  it('is submitted, returned with a comment, changed, submitted again and published by the secretariat only', async () => {
    await ok(api('POST', `/${id}/submit`, 'analystGrc', { expectedRevision: 2 }));
    const waiting = await api('PATCH', `/${id}`, 'analystGrc', { lessons: 'x', expectedRevision: 3 });
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().code).toBe('PRACTICE_WRONG_STATUS');
    // members who are not the secretariat do not verify
    for (const who of ['analystGrc', 'providerIta'] as const)
      expect(
        (await api('POST', `/${id}/verify`, who, { decision: 'publish', expectedRevision: 3 })).statusCode,
      ).toBe(403);
    const noComment = await api('POST', `/${id}/verify`, 'manager', {
      decision: 'return',
      expectedRevision: 3,
    });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].field).toBe('body.comment');
    const returned = await ok(
      api('POST', `/${id}/verify`, 'manager', {
        decision: 'return',
        comment: 'Give the source of the figures.',
        expectedRevision: 3,
      }),
    );
    expect(returned).toMatchObject({ status: 'returned', reviewComment: 'Give the source of the figures.' });
    await ok(
      api('PATCH', `/${id}`, 'analystGrc', {
        links: ['https://example.test/practice', 'https://example.test/evaluation'],
        expectedRevision: 4,
      }),
    );
    await ok(api('POST', `/${id}/submit`, 'analystGrc', { expectedRevision: 5 }));
    const before = await counts();
    const stale = await api('POST', `/${id}/verify`, 'manager', { decision: 'publish', expectedRevision: 5 });
    expect(stale.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
    const published = await ok(
      api('POST', `/${id}/verify`, 'manager', { decision: 'publish', expectedRevision: 6 }),
    );
    expect(published).toMatchObject({ status: 'published', revision: 7, reviewComment: null });
    expect(published.publishedAt).not.toBeNull();
    expect(
      (await api('POST', `/${id}/verify`, 'manager', { decision: 'publish', expectedRevision: 7 })).json()
        .code,
    ).toBe('PRACTICE_WRONG_STATUS');
    // published: the originator no longer changes it, the secretariat corrects it
    expect(
      (await api('PATCH', `/${id}`, 'analystGrc', { lessons: 'x', expectedRevision: 7 })).statusCode,
    ).toBe(403);

    const history = await ok(api('GET', `/${id}/history`, 'providerIta'));
    expect(history.items.map((h: { change: string }) => h.change)).toEqual([
      'saved',
      'saved',
      'submitted',
      'returned',
      'saved',
      'submitted',
      'published',
    ]);
    expect(history.items[1].changed).toEqual(['results']);
    expect(history.items[3].comment).toBe('Give the source of the figures.');
    expect((await api('GET', `/${id}/history`)).statusCode).toBe(401);
    expect((await api('GET', `/${id}/history`, 'outsider')).statusCode).toBe(404);
  });

  it('shows a published practice to members by classification, contacts to members only', async () => {
    const seen = await ok(api('GET', `/${id}`, 'providerIta'));
    expect(seen.contacts[0].name).toBe('Contact Person');
    expect((await api('GET', `/${id}`)).statusCode).toBe(404); // classification dialogue

    // a second practice, public, by the other Greek organisation, published
    const p = await ok(
      api('POST', '', 'analystGrc2', {
        ...PRACTICE,
        title: '=HYPERLINK("http://evil.test") Joint border patrol training',
        area: 'irregular_migration',
        summary: 'Border guards of two states train together.',
        objectives: 'Common detection standards.',
        results: 'Three joint courses a year.',
        lessons: 'Start with the trainers.',
        countries: ['GRC', 'TUR'],
        periodFrom: '2018-01',
        periodTo: null,
        tags: ['training', 'return'],
        impact: [
          { name: 'Municipalities covered', before: 5, after: 6 },
          { name: 'Officers trained', after: 300 },
        ],
        classification: 'public',
      }),
      201,
    );
    otherId = p.id;
    await ok(api('POST', `/${otherId}/submit`, 'analystGrc2', { expectedRevision: 1 }));
    await ok(api('POST', `/${otherId}/verify`, 'manager', { decision: 'publish', expectedRevision: 2 }));
    const anon = await ok(api('GET', `/${otherId}`));
    expect(anon.contacts).toEqual([]);
    expect(anon.areContactsHidden).toBe(true);
    expect(anon.abilities).toEqual({ canEdit: false, canSubmit: false, canVerify: false });
    expect((await ok(api('GET', '', 'outsider'))).items.map((x: { id: number }) => x.id)).toEqual([otherId]);
  });

  it('filters by area, country, tag, text and period, counts per country, exports CSV', async () => {
    const ids = async (query: string) =>
      (await ok(api('GET', `?${query}`, 'providerIta'))).items.map((x: { id: number }) => x.id).sort();
    const both = [id, otherId].sort();
    expect(await ids('')).toEqual(both);
    expect(await ids('area=irregular_migration')).toEqual([otherId]);
    expect(await ids('country=alb')).toEqual([id]);
    expect(await ids('tag=return')).toEqual(both);
    expect(await ids('tag=training')).toEqual([otherId]);
    expect(await ids('q=MUNICIPALITIES')).toEqual([id]);
    expect(await ids('q=100%25')).toEqual([]);
    expect(await ids('from=2024-01')).toEqual([otherId]); // still running
    expect(await ids('to=2020-12')).toEqual([otherId]);
    expect(await ids('from=2021-01&to=2021-06')).toEqual(both);
    const bad = await api('GET', '?from=2021-13', 'providerIta');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain('from');
    const list = await ok(api('GET', '', 'providerIta'));
    expect(list.byCountry).toEqual([
      { country: 'GRC', count: 2 },
      { country: 'ALB', count: 1 },
      { country: 'TUR', count: 1 },
    ]);
    expect(list.tags).toEqual(['reintegration', 'return', 'training']);
    expect(list.abilities).toEqual({ canCreate: true, canVerify: false });

    const csv = await api('GET', '/export.csv?area=irregular_migration', 'providerIta');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^id,title,thematic_area,countries/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${otherId},"'=HYPERLINK(""http://evil.test"") Joint border patrol training"`);
    expect(lines[1]).toContain('IV. Irregular Migration');
    expect(csv.body).not.toContain('returns@example.test');
    // anonymous: only the public one
    const anonCsv = await api('GET', '/export.csv');
    expect(anonCsv.body.trim().split('\n')).toHaveLength(2);
  });

  it('compares two practices side by side, aligning their indicators', async () => {
    const c = await ok(api('GET', `/compare?a=${id}&b=${otherId}`, 'providerIta'));
    expect(c.a.id).toBe(id);
    expect(c.b.id).toBe(otherId);
    const row = (f: string) => c.rows.find((r: { field: string }) => r.field === f);
    expect(row('countries')).toMatchObject({ a: 'GRC, ALB', b: 'GRC, TUR', isSame: false, shared: ['GRC'] });
    expect(row('funding').isSame).toBe(true);
    expect(row('period')).toMatchObject({ a: '2021-03 – 2023-12', b: '2018-01 – …' });
    expect(c.indicators.map((i: { name: string }) => i.name)).toEqual([
      'Returnees counselled per year',
      'Municipalities covered',
      'Officers trained',
    ]);
    expect(c.indicators[1].a.change).toBe(10);
    expect(c.indicators[1].b.change).toBe(1);
    expect(c.indicators[0].b).toBeNull();
    expect(c.indicators[2]).toMatchObject({ a: null, b: { after: 300, change: null } });
    // one the caller may not see: 404; the same twice: 400
    expect((await api('GET', `/compare?a=${id}&b=${otherId}`)).statusCode).toBe(404);
    const same = await api('GET', `/compare?a=${id}&b=${id}`, 'providerIta');
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('querystring.b');
  });

  it('indexes published practices for the search, with their visibility', async () => {
    const search = async (who: Who | undefined, q: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/search?q=${encodeURIComponent(q)}&type=practice`,
        headers: who ? sessionHeaders(cookies[who]) : {},
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { id: string }) => Number(i.id));
    };
    expect(await search('providerIta', 'counselling returnees')).toEqual([id]);
    expect(await search(undefined, 'counselling returnees')).toEqual([]);
    expect(await search(undefined, 'patrol training')).toEqual([otherId]);
    // a draft is never indexed
    const draft = await ok(
      api('POST', '', 'analystGrc', { ...PRACTICE, title: 'Unpublished quokka scheme' }),
      201,
    );
    expect(draft.status).toBe('draft');
    expect(await search('manager', 'quokka')).toEqual([]);
  });
});
