/**
 * Fuzzing of every query-parameter parser (issue 19): each GET route of the API, as the secretariat's data
 * manager (who passes most doors, so the request reaches the parsers and the services), gets query strings
 * made by fast-check from the route's own declared parameters (the OpenAPI document) and hostile values:
 * empty, huge numbers, negative and fractional numbers, dates out of range, inverted ranges, repeated keys,
 * very long strings, control and right-to-left characters, SQL and path fragments, malformed percent escapes.
 * Never a 5xx; every refusal a problem+json — or, on the SDMX REST API, an SDMX error message, where 501 (not
 * implemented) is the standard's answer to a feature it does not have. Seeded, bounded (runs per route below).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { type ExchangeWorld, makeExchangeWorld } from '../../../test/exchange-world';

const RUNS_PER_ROUTE = 6;
const SEED = 20261202;

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
}

/** Values a careless parser trips on. */
const hostile = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1.5',
    '1e309',
    '99999999999999999999999',
    'NaN',
    'Infinity',
    'null',
    'true',
    '2024-13',
    '0000-00',
    '9999-12',
    '2024-01-32',
    '2024-02-30T25:61:00Z',
    "' OR 1=1 --",
    '../../etc/passwd',
    '%',
    '%ZZ',
    '%00',
    '\u202e\u0000\u0007',
    '_T',
    'ITA,GRC',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** One query string: some of the route's parameters (sometimes repeated), sometimes an unknown one. */
function queryArbitrary(names: string[]) {
  const key = names.length
    ? fc.oneof(fc.constantFrom(...names), fc.constant('unknownParam'))
    : fc.constant('x');
  return fc
    .array(fc.tuple(key, hostile), { minLength: 1, maxLength: 6 })
    .map((pairs) =>
      pairs
        .map(([k, v]) => `${encodeURIComponent(k)}=${v === '%' || v === '%ZZ' ? v : encodeURIComponent(v)}`)
        .join('&'),
    );
}

describe.each(testDatabases())('query-parameter fuzzing [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  it('answers every GET route with hostile query strings without a 5xx, refusals as problem+json', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDoc;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      ops.get
        ? [{ path, query: (ops.get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }]
        : [],
    );
    expect(routes.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      // Path parameters: the world's dialogue, ids that exist or not (1), codes the world has.
      const path = route.path
        .replace('{slug}', w.slug)
        .replace('{dialogueId}', String(w.dialogueId))
        .replace(/\{code\}/g, 'EMR')
        .replace(/\{[A-Za-z]+\}/g, '1');
      if (path === '/api/auth/logout') continue; // ends the session (a GET only in name: it is a POST)
      await fc.assert(
        fc.asyncProperty(queryArbitrary(route.query), async (qs) => {
          calls++;
          const res = await t.app.inject({
            method: 'GET',
            url: `${path}?${qs}`,
            headers: sessionHeaders(w.cookies.manager),
          });
          const isSdmx = path.startsWith('/api/sdmx/');
          const where = `GET ${path}?${qs.slice(0, 200)}`;
          if (res.statusCode >= 500 && !(isSdmx && res.statusCode === 501))
            failures.push(`${res.statusCode} ${where}: ${res.body.slice(0, 300)}`);
          else if (res.statusCode >= 400 && isSdmx && !/<mes:Error|"errors"\s*:/.test(res.body))
            failures.push(`${res.statusCode} without an SDMX error message: ${where}`);
          else if (
            res.statusCode >= 400 &&
            !isSdmx &&
            !String(res.headers['content-type']).includes('problem+json')
          )
            failures.push(`${res.statusCode} without problem+json: ${where}`);
          return true;
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED },
      );
    }
    console.log(`query fuzzing [${kind}]: ${routes.length} GET routes, ${calls} calls`);
    expect(failures).toEqual([]);
  }, 300_000);
});
