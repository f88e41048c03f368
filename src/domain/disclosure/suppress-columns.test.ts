import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../observations/dimensions';
import { OBSERVATION_HIERARCHIES } from './observations';
import {
  type Cell,
  type Hierarchy,
  type SuppressionKind,
  storedTotal,
  sumOf,
  suppressTable,
  TOTAL,
  yearTotal,
} from './suppress';
import { columnTableOf, PRIMARY, PUBLISHED, SECONDARY, suppressColumns } from './suppress-columns';

const kindOf = (s: number): SuppressionKind | null =>
  s === PUBLISHED ? null : s === PRIMARY ? 'primary' : s === SECONDARY ? 'secondary' : null;

/** suppressColumns gives the reference's answer: every cell, every derived total (order, key, value, status). */
function expectSameAsReference(cells: readonly Cell[], hierarchies: readonly Hierarchy[], threshold: number) {
  const ref = suppressTable(cells, hierarchies, threshold);
  for (const keys of ['auto', 'interned'] as const) {
    const col = suppressColumns(columnTableOf(cells), hierarchies, threshold, keys);
    expectSameColumns(col, ref);
  }
}

function expectSameColumns(col: ReturnType<typeof suppressColumns>, ref: ReturnType<typeof suppressTable>) {
  expect([...col.status].map(kindOf)).toEqual(ref.status);
  const totals = Array.from({ length: col.totals.size }, (_, v) => ({
    key: col.totals.keyOf(v),
    value: col.totals.values[v],
    status: kindOf(col.totals.status[v]!),
  }));
  expect(totals).toEqual(ref.virtuals);
  for (let v = 0; v < col.totals.size; v++) expect(col.totals.indexOf(col.totals.keyOf(v))).toBe(v);
  expect(col.groupCount).toBe(ref.groups.length);
  expect(col.primaryCount).toBe(ref.primaryCount);
  expect(col.secondaryCount).toBe(ref.secondaryCount);
}

/** A permutation of 0…n-1 from random numbers (fast-check shrinks the numbers, not the order). */
const shuffled = <T>(xs: readonly T[], order: readonly number[]): T[] =>
  xs
    .map((x, i) => ({ x, r: order[i % Math.max(1, order.length)]! + i / (xs.length + 1) }))
    .sort((a, b) => a.r - b.r)
    .map((e) => e.x);

const valueArb = fc.oneof(
  fc.constant<number | null>(null),
  fc.integer({ min: 0, max: 6 }),
  fc.integer({ min: 0, max: 60 }),
);

/** Observation-shaped tables (every Passage dimension) with OBSERVATION_HIERARCHIES, some totals left out. */
const observationTableArb = fc
  .record({
    indicators: fc.integer({ min: 1, max: 2 }),
    reporters: fc.integer({ min: 1, max: 3 }),
    months: fc.integer({ min: 1, max: 5 }),
    routes: fc.integer({ min: 0, max: 2 }),
    citizenships: fc.integer({ min: 0, max: 2 }),
    values: fc.array(valueArb, { minLength: 50, maxLength: 50 }),
    keep: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 30, maxLength: 30 }),
    confidential: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    order: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }),
  })
  .map(({ indicators, reporters, months, routes, citizenships, values, keep, confidential, order }) => {
    const cells: Cell[] = [];
    const codes = (n: number, prefix: string) => [
      TOTAL,
      ...Array.from({ length: n }, (_, i) => `${prefix}${i}`),
    ];
    let n = 0;
    for (let x = 0; x < indicators; x++)
      for (let r = 0; r < reporters; r++)
        for (let m = 0; m < months; m++)
          for (const route of codes(routes, 'RT'))
            for (const citizenship of codes(citizenships, 'C')) {
              n++;
              if (keep[n % keep.length] === 0) continue; // a figure (maybe a total) not published
              const key: Record<string, string> = {
                indicator: `I${x}`,
                reporter: `R${r}`,
                period: `${2023 + Math.floor(m / 3)}-${String((m % 3) + 1).padStart(2, '0')}`,
              };
              for (const d of DIMENSIONS) key[d] = TOTAL;
              key.route = route;
              key.citizenship = citizenship;
              cells.push({
                key,
                value: values[n % values.length]!,
                isConfidential: confidential[n % confidential.length]! && n % 5 === 0,
              });
            }
    return shuffled(cells, order);
  });

/** Small free-form tables: odd codes (`*`, a year, `_T` everywhere), duplicate keys, hierarchies sharing a dimension. */
const HIERARCHY_POOL: Hierarchy[] = [
  storedTotal('x'),
  sumOf('x'),
  yearTotal('p'),
  storedTotal('p'),
  sumOf('y'),
  storedTotal('y'),
  // A stored total under the same parent code as sumOf('x'): the two share groups, as in the reference.
  { dimension: 'x', parentOf: (c) => (c === '*' ? null : '*'), isDerived: false },
];
const freeTableArb = fc.record({
  cells: fc.array(
    fc.record({
      x: fc.constantFrom(TOTAL, 'a', 'b', '*'),
      y: fc.constantFrom(TOTAL, 'u', 'v', '*'),
      p: fc.constantFrom('2024-01', '2024-02', '2025-01', '2024', TOTAL),
      value: valueArb,
      isConfidential: fc.boolean(),
    }),
    { maxLength: 40 },
  ),
  hierarchies: fc.shuffledSubarray(HIERARCHY_POOL),
});

describe('suppressColumns: the reference suppression on a table in columns', () => {
  it('hides a small cell and the smallest other part, as suppressTable', () => {
    const cells: Cell[] = [
      { key: { c: 'SYR' }, value: 3 },
      { key: { c: 'AFG' }, value: 10 },
      { key: { c: 'IRQ' }, value: 7 },
      { key: { c: TOTAL }, value: 20 },
    ];
    const r = suppressColumns(columnTableOf(cells), [storedTotal('c')], 5);
    expect([...r.status]).toEqual([PRIMARY, PUBLISHED, SECONDARY, PUBLISHED]);
    expectSameAsReference(cells, [storedTotal('c')], 5);
  });

  it('withholds the total when the other parts are missing, and derives a year total', () => {
    const missing: Cell[] = [
      { key: { c: 'SYR' }, value: 2 },
      { key: { c: 'AFG' }, value: null },
      { key: { c: TOTAL }, value: 12 },
    ];
    expect([...suppressColumns(columnTableOf(missing), [storedTotal('c')], 5).status]).toEqual([
      PRIMARY,
      PUBLISHED,
      SECONDARY,
    ]);
    const months: Cell[] = [
      { key: { p: '2024-01' }, value: 2 },
      { key: { p: '2024-02' }, value: 30 },
      { key: { p: '2024-03' }, value: 12 },
    ];
    const r = suppressColumns(columnTableOf(months), [yearTotal('p')], 5);
    expect([...r.status]).toEqual([PRIMARY, PUBLISHED, SECONDARY]);
    expect(r.totals.keyOf(0)).toEqual({ p: '2024' });
    expect(r.totals.values[0]).toBe(44);
    expect(r.totals.indexOf({ p: '2024' })).toBe(0);
    expect(r.totals.indexOf({ p: '2025' })).toBe(-1);
  });

  it('withholds the sum over reporters when one reporter is left to hide it (a virtual total)', () => {
    const cells: Cell[] = [{ key: { reporter: 'GRC', period: '2024-01' }, value: 3 }];
    const r = suppressColumns(columnTableOf(cells), [sumOf('reporter')], 5);
    expect(r.totals.status[r.totals.indexOf({ reporter: '*', period: '2024-01' })]).toBe(SECONDARY);
    expectSameAsReference(cells, [sumOf('reporter')], 5);
  });

  it('an empty table has no groups', () => {
    const r = suppressColumns(columnTableOf([]), OBSERVATION_HIERARCHIES, 5);
    expect(r.status.length).toBe(0);
    expect(r.totals.size).toBe(0);
  });

  it('property: observation tables with OBSERVATION_HIERARCHIES, cell by cell and total by total', () => {
    fc.assert(
      fc.property(observationTableArb, fc.integer({ min: 0, max: 10 }), (cells, threshold) =>
        expectSameAsReference(cells, OBSERVATION_HIERARCHIES, threshold),
      ),
      { numRuns: 200 },
    );
  });

  it('property: odd codes, duplicate keys and hierarchies sharing a dimension', () => {
    fc.assert(
      fc.property(freeTableArb, fc.integer({ min: 0, max: 8 }), ({ cells, hierarchies }, threshold) =>
        expectSameAsReference(
          cells.map(({ x, y, p, value, isConfidential }) => ({ key: { x, y, p }, value, isConfidential })),
          hierarchies,
          threshold,
        ),
      ),
      { numRuns: 500 },
    );
  });
});
