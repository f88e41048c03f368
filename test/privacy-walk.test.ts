/**
 * The privacy walk (issue 20, "Classification and privacy"; issue 13, item 17): a dialogue publishes public
 * figures whose recorder and comments are known strings; then EVERY route of the server's route table is
 * called, the `public` ones anonymously and as a member of another dialogue, the others as that member of
 * another dialogue, with their query parameters filled from the OpenAPI document (every `format` each).
 * No answer may contain a name or e-mail of the dialogue's users, a field naming one of them by id, or the
 * text of a comment. A member of the dialogue, by contrast, does see who recorded a figure (so the walk
 * would notice a leak).
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshForecasts } from '../src/modules/forecasting/forecasting.service';
import { admitsAnonymous, type RouteEntry } from '../src/shared/access';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from './app';
import { testDatabases } from './databases';
import { IBC_HEADER, makeIndicators } from './exchange-world';
import { makeDialogue, makeOrganisation, makeUser, type TestUser } from './factories';

const TAG = `pw${Date.now().toString(36)}`;
const COMMENTS = [`FIGURE-COMMENT-${TAG}`, `BREAKDOWN-COMMENT-${TAG}`];
const NOTES = [`SUBMIT-NOTE-${TAG}`, `VALIDATE-NOTE-${TAG}`, `PUBLISH-NOTE-${TAG}`];
/** JSON members that name a user by id. */
const USER_KEYS = new Set([
  'recordedBy',
  'createdBy',
  'author',
  'authorId',
  'userId',
  'actorUserId',
  'grantedBy',
  'recorded_by',
  'created_by',
  'author_id',
  'user_id',
  'owner',
  'ownerId',
  'user',
  'actor',
]);

interface Walked {
  key: string;
  as: 'anonymous' | 'outsider';
  url: string;
  res: LightMyRequestResponse;
}

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { enum?: unknown[] };
}

describe.each(testDatabases())('privacy walk over every route [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let dialogueId: number;
  let submissionId: number;
  let provider: TestUser;
  let providerOrgId: number;
  let outsider: TestUser;
  let outsiderCookie: string;
  let managerCookie: string;
  const people: { id: number; name: string; email: string }[] = [];
  const walked: Walked[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['ITA', 'GRC'] });
    slug = d.slug;
    dialogueId = d.id;
    await makeIndicators(t.db, d.id, d.secretariatOrgId, 'public');
    const ita = await makeOrganisation(t.db, { country: 'ITA' });
    providerOrgId = ita.id;
    provider = await makeUser(t.db, { orgId: ita.id, roles: [{ dialogueId: d.id, role: 'data_provider' }] });
    const manager = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'data_manager' }],
    });
    const admin = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'admin' }],
    });
    const other = await makeDialogue(t.db, { classification: 'public', states: ['TUR'] });
    outsider = await makeUser(t.db, { country: 'TUR', roles: [{ dialogueId: other.id, role: 'analyst' }] });
    for (const [u, name] of [
      [provider, `Ottavia Recorder ${TAG}`],
      [manager, `Sergio Publisher ${TAG}`],
      [admin, `Adelina Admin ${TAG}`],
    ] as const) {
      await t.db.query(sql`UPDATE users SET name = ${name} WHERE id = ${u.id}`);
      people.push({ id: u.id, name, email: u.email });
    }
    const providerCookie = await loginCookie(t.app, provider.email, provider.password);
    managerCookie = await loginCookie(t.app, manager.email, manager.password);
    outsiderCookie = await loginCookie(t.app, outsider.email, outsider.password);

    // The provider uploads figures with comments; the secretariat validates and publishes them.
    const csv = [
      IBC_HEADER,
      `IBC,ITA,2024-03,_T,_T,_T,_T,_T,500,,${COMMENTS[0]}`,
      `IBC,ITA,2024-03,_T,_T,SYR,_T,_T,300,,${COMMENTS[1]}`,
      'IBC,ITA,2024-03,_T,_T,AFG,_T,_T,200,,',
    ].join('\n');
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/imports`,
      headers: { ...sessionHeaders(providerCookie), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    submissionId = upload.json().submissionId;
    const step = async (cookie: string, action: string, body: object) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${slug}/submissions/${submissionId}/${action}`,
        headers: sessionHeaders(cookie),
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await step(providerCookie, 'submit', { comment: NOTES[0] });
    await step(managerCookie, 'validate', { comment: NOTES[1] });
    await step(managerCookie, 'publish', { comment: NOTES[2] });
    await refreshForecasts(t.db, d.id);
  });
  afterAll(() => t?.close());

  /** A value for a parameter, by name (path and query alike). */
  function sampleValue(name: string, p?: OpenApiParameter): string {
    const values: Record<string, string> = {
      slug,
      dialogueId: String(dialogueId),
      id: String(submissionId),
      userId: String(provider.id),
      role: 'viewer',
      organisationId: String(providerOrgId),
      tokenId: '1',
      indicator: 'IBC',
      reporter: 'ITA',
      period: '2024-03',
      year: '2024',
      route: '_T',
      by: 'reporter',
      codes: 'ITA,GRC',
      language: 'fr',
      field: 'name',
      expectedRevision: '1',
    };
    return values[name] || String(p?.schema?.enum?.[0] ?? '1');
  }

  /** Sample URLs of a route: path parameters filled, required query parameters set, each `format` once. */
  function urlsOf(
    route: RouteEntry,
    doc: { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> },
  ) {
    const docPath = route.url.replace(/:(\w+)/g, '{$1}');
    const params = doc.paths[docPath]?.[route.method.toLowerCase()]?.parameters ?? [];
    const path = route.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(sampleValue(name)));
    const query = params
      .filter((p) => p.in === 'query' && p.required)
      .map((p) => `${p.name}=${encodeURIComponent(sampleValue(p.name, p))}`);
    const formats = params.find((p) => p.in === 'query' && p.name === 'format')?.schema?.enum ?? [undefined];
    return formats.map((f) => {
      const q = [...query, ...(f === undefined ? [] : [`format=${String(f)}`])];
      return q.length ? `${path}?${q.join('&')}` : path;
    });
  }

  async function textOf(res: LightMyRequestResponse): Promise<string> {
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('spreadsheetml')) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? '')))));
      return cells.join('\n');
    }
    return res.body;
  }

  /** Members naming one of the dialogue's users by id, anywhere in a JSON value. */
  function userReferences(value: unknown, ids: Set<number>, at = '$'): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => userReferences(v, ids, `${at}[${i}]`));
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const named =
        USER_KEYS.has(k) &&
        ((typeof v === 'number' && ids.has(v)) ||
          (typeof v === 'object' && v !== null && ids.has(Number((v as { id?: unknown }).id))));
      return [...(named ? [`${at}.${k}`] : []), ...userReferences(v, ids, `${at}.${k}`)];
    });
  }

  it('walks every route: public ones anonymously and as another dialogue’s member, the others as that member', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      // Routes anonymous callers pass (public and open rules) are walked anonymously too.
      const callers: Walked['as'][] =
        route.access && admitsAnonymous(route.access) ? ['anonymous', 'outsider'] : ['outsider'];
      for (const as of callers) {
        for (const url of urlsOf(route, doc)) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: as === 'outsider' ? sessionHeaders(outsiderCookie) : {},
            ...(route.method === 'GET' ? {} : { payload: {} }),
          });
          walked.push({ key, as, url, res });
          if (key === 'POST /api/auth/logout' && as === 'outsider')
            outsiderCookie = await loginCookie(t.app, outsider.email, outsider.password);
        }
      }
    }
    const publicRoutes = routes
      .filter((r) => r.access && admitsAnonymous(r.access))
      .map((r) => `${r.method} ${r.url}`);
    const walkedAnonymously = new Set(walked.filter((w) => w.as === 'anonymous').map((w) => w.key));
    expect(publicRoutes.filter((k) => !walkedAnonymously.has(k))).toEqual([]);
    console.log(`privacy walk [${kind}]: ${routes.length} routes, ${walked.length} calls`);
  });

  it('finds no user name, e-mail, user id field or comment in any answer', async () => {
    expect(walked.length).toBeGreaterThan(100);
    const needles = [...people.flatMap((p) => [p.name, p.email]), ...COMMENTS, ...NOTES].map((s) =>
      s.toLowerCase(),
    );
    const ids = new Set(people.map((p) => p.id));
    const leaks: string[] = [];
    for (const w of walked) {
      const text = (await textOf(w.res)).toLowerCase();
      for (const n of needles)
        if (text.includes(n)) leaks.push(`${w.as} ${w.url} → ${w.res.statusCode}: contains "${n}"`);
      if (String(w.res.headers['content-type'] ?? '').includes('json')) {
        for (const ref of userReferences(JSON.parse(w.res.body || 'null'), ids))
          leaks.push(`${w.as} ${w.url} → ${w.res.statusCode}: ${ref} names a user of the dialogue`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('reaches the published figures on the way (the walk sees data, without its people)', () => {
    const ok = (urlPart: string) =>
      walked.filter((w) => w.as === 'anonymous' && w.url.includes(urlPart) && w.res.statusCode === 200);
    // A figure's history is for members (its revisions are not disclosure-controlled): 404 to the outsider.
    const history = walked.filter((w) => w.as === 'outsider' && w.url.includes('/figures/history'));
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((w) => w.res.statusCode === 404)).toBe(true);
    const figures = ok('/observations?format=json')[0]!.res.json() as { value: number }[];
    expect(figures.map((f) => f.value).sort()).toEqual([200, 300, 500]);
    expect(ok('/observations?format=csv')[0]!.res.body).toContain('500');
    expect(ok('/observations?format=xlsx')).toHaveLength(1);
    expect(ok('/observations?format=sdmx-csv')).toHaveLength(1);
  });

  it('shows the dialogue’s members who recorded a figure and its comment (so a leak would be seen)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/figures/history?indicator=IBC&reporter=ITA&period=2024-03`,
      headers: { cookie: managerCookie },
    });
    expect(res.json()).toMatchObject([
      { recordedBy: { id: provider.id, name: people[0]!.name }, comment: COMMENTS[0] },
    ]);
  });
});
