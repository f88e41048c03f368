/**
 * Issue 13, item 9: U+0000 in a text field or a path parameter gave a 500 (PostgreSQL refuses it). Every
 * request is now checked in one place (src/server/plugins/reject-nul.ts): 400 VALIDATION_FAILED naming the
 * field. Property-based over the free-text fields of the JSON API (fast-check), and every path parameter of
 * every API route from the server's own route table.
 */
import fc from 'fast-check';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { type ExchangeWorld, makeExchangeWorld } from '../../../test/exchange-world';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface TextCase {
  method: Method;
  /** URL; the text goes in the body, or (for GET) where the URL puts it. */
  url: (w: ExchangeWorld, ids: Ids, text: string) => string;
  body?: (text: string) => object;
  field: string;
  isAnonymous?: boolean;
}
interface Ids {
  submission: number;
  rule: number;
}

const q = (s: string) => encodeURIComponent(s);
const d = (w: ExchangeWorld) => `/api/dialogues/${w.slug}`;
const name = (text: string) => ({ source: 'en', values: { en: text } });

/** Free-text fields across the modules: comments, names, descriptions, rule names, translations, passwords … */
const TEXT_CASES: TextCase[] = [
  {
    method: 'POST',
    url: (w) => `${d(w)}/submissions`,
    body: (text) => ({
      reporter: 'ITA',
      observations: [{ indicator: 'RET_DEC', period: '2020-01', value: 1, comment: text }],
    }),
    field: 'body.observations[0].comment',
  },
  {
    method: 'PUT',
    url: (w, ids) => `${d(w)}/submissions/${ids.submission}/figures`,
    body: (text) => ({
      indicator: 'RET_DEC',
      period: '2020-01',
      value: 2,
      comment: text,
      expectedRevision: 1,
    }),
    field: 'body.comment',
  },
  {
    method: 'POST',
    url: (w, ids) => `${d(w)}/submissions/${ids.submission}/submit`,
    body: (text) => ({ comment: text }),
    field: 'body.comment',
  },
  {
    method: 'POST',
    url: (w, ids) => `${d(w)}/submissions/${ids.submission}/submit`,
    body: (text) => ({ warningComments: { 'default:yoy_change:1': text } }),
    field: 'body.warningComments.default:yoy_change:1',
  },
  {
    method: 'POST',
    url: (w, ids) => `${d(w)}/submissions/${ids.submission}/return`,
    body: (text) => ({ comment: text }),
    field: 'body.comment',
  },
  {
    method: 'POST',
    url: (w) => `${d(w)}/rules`,
    body: (text) => ({ name: text, expression: 'value < 10' }),
    field: 'body.name',
  },
  {
    method: 'PATCH',
    url: (w, ids) => `${d(w)}/rules/${ids.rule}`,
    body: (text) => ({ message: text }),
    field: 'body.message',
  },
  {
    method: 'POST',
    url: (w) => `${d(w)}/alerts/rules`,
    body: (text) => ({ name: text, kind: 'threshold', indicator: 'IBC', params: { threshold: 5 } }),
    field: 'body.name',
  },
  {
    method: 'PUT',
    url: (w) => `${d(w)}/translations`,
    body: (text) => ({ entity: 'indicator', id: 1, field: 'name', language: 'fr', text }),
    field: 'body.text',
  },
  {
    method: 'POST',
    url: (w) => `${d(w)}/definitions/indicators`,
    body: (text) => ({
      code: 'NUL_TEST',
      name: name('ok'),
      description: name(text),
      unit: 'persons',
      breakdowns: [],
    }),
    field: 'body.description.values.en',
  },
  {
    method: 'POST',
    url: (w) => `${d(w)}/definitions/indicators`,
    body: (text) => ({ code: 'NUL_TEST', name: name(text), unit: 'persons', breakdowns: [] }),
    field: 'body.name.values.en',
  },
  {
    method: 'POST',
    url: () => '/api/admin/organisations',
    body: (text) => ({ kind: 'international', name: text }),
    field: 'body.name',
  },
  {
    method: 'POST',
    url: () => '/api/tokens',
    body: (text) => ({ name: text, scopes: ['observations:read'] }),
    field: 'body.name',
  },
  {
    method: 'POST',
    url: () => '/api/auth/login',
    body: (text) => ({ email: 'nobody@test.passage', password: text }),
    field: 'body.password',
    isAnonymous: true,
  },
  // Query parameters.
  {
    method: 'GET',
    url: (w, _ids, text) => `${d(w)}/observations?indicator=${q(text)}`,
    field: 'querystring.indicator',
    isAnonymous: true,
  },
  {
    method: 'GET',
    url: (w, _ids, text) =>
      `${d(w)}/figures/history?indicator=IBC&reporter=ITA&period=2020-01&route=${q(text)}`,
    field: 'querystring.route',
  },
  {
    method: 'GET',
    url: (w, _ids, text) => `${d(w)}/submissions?reporter=${q(text)}`,
    field: 'querystring.reporter',
  },
];

/** Text with at least one NUL somewhere. */
const withNul = fc
  .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }))
  .map(([a, b]) => `${a}\u0000${b}`);

describe.each(testDatabases())('NUL characters in requests [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let ids: Ids;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    // Real records behind the URLs, so a NUL that got through would reach PostgreSQL (the 500 of the issue).
    const sub = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions`,
      headers: sessionHeaders(w.cookies.manager),
      payload: { reporter: 'ITA', observations: [{ indicator: 'RET_DEC', period: '2020-01', value: 1 }] },
    });
    const rule = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/rules`,
      headers: sessionHeaders(w.cookies.manager),
      payload: { name: 'Small', expression: 'value < 1000000' },
    });
    ids = { submission: sub.json().id, rule: rule.json().id };
  });
  afterAll(() => t?.close());

  const send = (c: TextCase, text: string) =>
    t.app.inject({
      method: c.method,
      url: c.url(w, ids, text),
      headers: c.isAnonymous ? {} : sessionHeaders(w.cookies.manager),
      ...(c.body && { payload: c.body(text) }),
    });

  const expectRefused = (res: Awaited<ReturnType<typeof send>>, field: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().errors).toEqual([{ field, message: 'must not contain the NUL character (U+0000)' }]);
  };

  it('refuses U+0000 in every free-text field and query parameter with 400 naming the field (property)', async () => {
    const before = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEXT_CASES), withNul, async (c, text) => {
        expectRefused(await send(c, text), c.field);
      }),
      { numRuns: 120 },
    );
    for (const c of TEXT_CASES) expectRefused(await send(c, 'a\u0000b'), c.field);
    // Nothing was written meanwhile.
    const after = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('accepts the same requests without the NUL (the 400 is about the NUL, not the sample)', async () => {
    const ok = await send(TEXT_CASES[0]!, 'late reports added');
    expect(ok.statusCode, ok.body).toBe(201);
    const byQuery = TEXT_CASES.find((c) => c.field === 'querystring.indicator')!;
    const query = await send({ ...byQuery, isAnonymous: false }, 'IBC');
    expect(query.statusCode).toBe(200);
  });

  it('refuses U+0000 in every path parameter of every API route', async () => {
    const routes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && r.url.includes('/:') && r.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const r of routes) {
      const params = r.url
        .split('/')
        .filter((p) => p.startsWith(':'))
        .map((p) => p.slice(1));
      for (const p of params) {
        const url = r.url.replace(/:(\w+)/g, (_m, n: string) =>
          n === p
            ? 'x%00y'
            : n === 'slug'
              ? w.slug
              : n === 'role'
                ? 'viewer'
                : n === 'reporter'
                  ? 'ITA'
                  : '1',
        );
        const res = await t.app.inject({
          method: r.method as Method, // the route table's methods, HEAD left out above
          url,
          headers: sessionHeaders(w.cookies.manager),
          ...(r.method === 'GET' ? {} : { payload: {} }),
        });
        // The SDMX API answers with SDMX error messages (docs/sdmx.md), naming the parameter in their text:
        // SDMX-ML `mes:Error` (2.1) or SDMX-JSON `errors` (2.1 to JSON callers, 3.0).
        const isSdmxError =
          url.startsWith('/api/sdmx/') &&
          (res.body.includes('<mes:Error') || res.body.includes('"errors":')) &&
          res.body.includes(p);
        const body = res.body.startsWith('{') ? res.json() : {};
        if (res.statusCode !== 400 || (!isSdmxError && body.errors?.[0]?.field !== `params.${p}`))
          failures.push(`${r.method} ${url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
