/**
 * Fuzzing of the importers (issue 19): valid files mutated by fast-check (cells replaced by hostile values,
 * cells dropped or added, lines duplicated, shuffled or cut, header names changed, quotes unbalanced, BOMs,
 * mixed line endings, NUL and invalid UTF-8 bytes), sent as CSV, as SDMX-CSV and as a declared XLSX, and
 * JSON submissions with mutated observation lists; plus the hostile shapes named in the issue: a header of
 * 10^6 columns, a 50 MB line, JSON nested 100,000 deep. The property: never a 5xx; a refusal is a
 * problem+json whose errors name where; nothing is written unless the answer is a success, and then exactly
 * what it says. Seeded and bounded.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import {
  countObservations,
  type ExchangeWorld,
  IBC_HEADER,
  makeExchangeWorld,
} from '../../../../test/exchange-world';

const SEED = 20261202;
const RUNS = 40;

const GOOD_ROWS = [
  'IBC,ITA,2024-01,CMR,SEA,_T,_T,_T,100,,',
  'IBC,ITA,2024-01,CMR,SEA,TUN,_T,_T,60,,',
  'IBC,ITA,2024-01,CMR,SEA,BGD,_T,_T,40,provisional,first estimate',
  'RET_DEC,,2024-01,,,SYR,,,12,,',
];

const hostileCell = fc.oneof(
  fc.constantFrom(
    '',
    '_T',
    '-1',
    '1e400',
    '9007199254740993',
    '0x10',
    '1,5',
    'NaN',
    '2024-13',
    '2999-01',
    'ita',
    ' ITA ',
    '"',
    '""',
    '"unclosed',
    '=HYPERLINK("x")',
    '\u0000',
    '\u202e',
    'provisional;provisional',
    'x'.repeat(3000),
  ),
  fc.string({ maxLength: 12 }),
);

type Mutation =
  | { kind: 'cell'; row: number; col: number; value: string }
  | { kind: 'drop'; row: number; col: number }
  | { kind: 'add'; row: number; value: string }
  | { kind: 'dup'; row: number }
  | { kind: 'cut'; row: number; at: number }
  | { kind: 'header'; col: number; value: string }
  | { kind: 'crlf'; row: number }
  | { kind: 'bytes'; row: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cell' as const), row: fc.nat(4), col: fc.nat(11), value: hostileCell }),
  fc.record({ kind: fc.constant('drop' as const), row: fc.nat(4), col: fc.nat(11) }),
  fc.record({ kind: fc.constant('add' as const), row: fc.nat(4), value: hostileCell }),
  fc.record({ kind: fc.constant('dup' as const), row: fc.nat(4) }),
  fc.record({ kind: fc.constant('cut' as const), row: fc.nat(4), at: fc.nat(60) }),
  fc.record({ kind: fc.constant('header' as const), col: fc.nat(11), value: hostileCell }),
  fc.record({ kind: fc.constant('crlf' as const), row: fc.nat(4) }),
  fc.record({
    kind: fc.constant('bytes' as const),
    row: fc.nat(4),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
);

/** Applies the mutations to the header + rows (row 0 is the header) and joins the file. */
function mutate(mutations: Mutation[], bom: boolean): Buffer {
  const lines = [IBC_HEADER, ...GOOD_ROWS].map((l) => l.split(','));
  const endings = lines.map(() => '\n');
  const extra: { row: number; bytes: number[] }[] = [];
  for (const m of mutations) {
    const row = 'row' in m ? Math.min(m.row, lines.length - 1) : 0;
    const cells = lines[row]!;
    if (m.kind === 'cell') cells[m.col % cells.length] = m.value;
    else if (m.kind === 'drop') cells.splice(m.col % cells.length, 1);
    else if (m.kind === 'add') cells.push(m.value);
    else if (m.kind === 'dup') lines.splice(row, 0, [...cells]) && endings.splice(row, 0, '\n');
    else if (m.kind === 'cut') lines[row] = cells.join(',').slice(0, m.at).split(',');
    else if (m.kind === 'header') lines[0]![m.col % lines[0]!.length] = m.value;
    else if (m.kind === 'crlf') endings[row] = '\r\n';
    else extra.push({ row, bytes: m.bytes });
  }
  const parts = lines.map((cells, i) => {
    const line = Buffer.from(cells.join(',') + endings[i], 'utf8');
    const add = extra.filter((e) => e.row === i).flatMap((e) => e.bytes);
    return add.length ? Buffer.concat([Buffer.from(add), line]) : line;
  });
  return Buffer.concat([...(bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : []), ...parts]);
}

const TYPES = [
  'text/csv',
  'application/vnd.sdmx.data+csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

describe.each(testDatabases())('importer fuzzing [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const upload = (body: Buffer | string, type: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=fuzz.csv`,
      headers: { 'content-type': type, 'x-passage-csrf': '1', cookie: w.cookies.providerIta },
      payload: body,
    });

  /** The answer is a success that wrote what it says, or a refusal that wrote nothing and says where. */
  async function expectSafe(
    send: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>,
    /** How many figures a success says it wrote: an import's `observations`, a submission's count. */
    written: (body: Record<string, unknown>) => unknown = (b) => b.observations,
  ): Promise<void> {
    const before = await countObservations(t.db, w.dialogueId);
    const res = await send();
    const after = await countObservations(t.db, w.dialogueId);
    expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
    if (res.statusCode === 201) {
      expect(after - before).toBe(written(JSON.parse(res.body)));
      return;
    }
    expect(res.statusCode, res.body.slice(0, 500)).toBeGreaterThanOrEqual(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    const problem = JSON.parse(res.body) as { code?: string; errors?: { field?: string; row?: number }[] };
    expect(problem.code).toEqual(expect.any(String));
    for (const e of problem.errors ?? []) expect(e.field ?? e.row, JSON.stringify(e)).toBeDefined();
    expect(after).toBe(before);
  }

  it('never fails on a mutated CSV, SDMX-CSV or XLSX-declared file, and writes nothing it refuses', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom(...TYPES),
        async (mutations, bom, type) => {
          await expectSafe(async () => {
            const res = await upload(mutate(mutations, bom), type);
            if (res.statusCode === 201) accepted++;
            else refused++;
            return res;
          });
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`importer fuzzing [${kind}]: ${accepted} files accepted, ${refused} refused`);
    expect(refused).toBeGreaterThan(0);
  }, 300_000);

  it('never fails on mutated JSON submissions', async () => {
    const value = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 8 }),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    );
    const observation = fc.record(
      {
        indicator: fc.oneof(fc.constantFrom('IBC', 'RET_DEC', 'NOPE'), value),
        period: fc.oneof(fc.constantFrom('2024-01', '2024-13', '1999-01'), value),
        route: fc.oneof(fc.constantFrom('CMR', 'EMR', '_T'), value),
        citizenship: fc.oneof(fc.constantFrom('SYR', 'XXX', '_T'), value),
        value: value,
        flags: fc.oneof(fc.constant(['provisional']), value),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(observation, { maxLength: 4 }),
        fc.constantFrom('ITA', 'GRC', 'ZZZ', ''),
        async (observations, reporter) => {
          await expectSafe(
            () =>
              t.app.inject({
                method: 'POST',
                url: `/api/dialogues/${w.slug}/submissions`,
                headers: { 'x-passage-csrf': '1', cookie: w.cookies.providerIta },
                payload: { reporter, observations },
              }),
            (b) => b.observationCount,
          );
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);
});

/**
 * The hostile shapes once, on the embedded database: they test the parsers and the request limits, which are
 * the same code whatever the database (and they cost seconds of CPU each).
 */
describe('importer limits [pglite]', () => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const send = async (url: string, type: string, payload: string) => {
    const before = await countObservations(t.db, w.dialogueId);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}${url}`,
      headers: { 'content-type': type, 'x-passage-csrf': '1', cookie: w.cookies.providerIta },
      payload,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
    return res;
  };

  it('refuses a header of 10^6 columns, a 50 MB line and JSON nested 100,000 deep, writing nothing', async () => {
    const wide = `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`;
    await send('/imports?fileName=wide.csv', 'text/csv', wide);
    const longLine = `${IBC_HEADER}\nIBC,ITA,2024-01,CMR,SEA,_T,_T,_T,100,,${'x'.repeat(50 * 1024 * 1024)}\n`;
    const long = await send('/imports?fileName=long.csv', 'text/csv', longLine);
    // The JSON API's limit holds in files too: the 50 MB comment is refused on its row (it was stored before).
    expect(long.json().errors).toEqual([
      expect.objectContaining({ row: 2, field: 'comment', message: expect.stringContaining('at most 2000') }),
    ]);
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await send('/submissions', 'application/json', `{"reporter":"ITA","observations":${nested}}`);
  }, 120_000);
});
