import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  isPrimary,
  recoverableGroups,
  storedTotal,
  sumOf,
  suppressTable,
  TOTAL,
  yearTotal,
} from './suppress';

/** A consistent table: parts of two breakdowns (a × b), their `_T` margins, over months of one or two years. */
const tableArb = fc
  .record({
    a: fc.integer({ min: 1, max: 4 }),
    b: fc.integer({ min: 0, max: 3 }),
    months: fc.integer({ min: 1, max: 5 }),
    reporters: fc.integer({ min: 1, max: 3 }),
    seed: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), {
      minLength: 240,
      maxLength: 240,
    }),
    withMissing: fc.boolean(),
  })
  .map(({ a, b, months, reporters, seed, withMissing }) => {
    const cells: Cell[] = [];
    let n = 0;
    const as = Array.from({ length: a }, (_, i) => `A${i}`);
    const bs = Array.from({ length: b }, (_, i) => `B${i}`);
    for (let r = 0; r < reporters; r++)
      for (let m = 0; m < months; m++) {
        const period = `${2023 + Math.floor(m / 3)}-${String((m % 3) + 1).padStart(2, '0')}`;
        const inner = new Map<string, number>();
        for (const x of as)
          for (const y of bs.length ? bs : [TOTAL]) inner.set(`${x}|${y}`, seed[n++ % seed.length]!);
        const put = (x: string, y: string, value: number | null) =>
          cells.push({ key: { reporter: `R${r}`, period, a: x, b: y }, value });
        for (const [k, v] of inner) {
          const [x, y] = k.split('|') as [string, string];
          put(x, y, withMissing && v === 1 ? null : v);
        }
        if (bs.length) {
          for (const x of as)
            put(
              x,
              TOTAL,
              bs.reduce((s, y) => s + inner.get(`${x}|${y}`)!, 0),
            );
          for (const y of bs)
            put(
              TOTAL,
              y,
              as.reduce((s, x) => s + inner.get(`${x}|${y}`)!, 0),
            );
        }
        put(
          TOTAL,
          TOTAL,
          [...inner.values()].reduce((s, v) => s + v, 0),
        );
      }
    return cells;
  });

const HIERARCHIES = [storedTotal('a'), storedTotal('b'), yearTotal('period'), sumOf('reporter')];

describe('disclosure: primary and secondary suppression', () => {
  it('suppresses a small cell and the smallest other part of its total', () => {
    const cells: Cell[] = [
      { key: { c: 'SYR' }, value: 3 },
      { key: { c: 'AFG' }, value: 10 },
      { key: { c: 'IRQ' }, value: 7 },
      { key: { c: TOTAL }, value: 20 },
    ];
    const r = suppressTable(cells, [storedTotal('c')], 5);
    expect(r.status).toEqual(['primary', null, 'secondary', null]);
    expect(recoverableGroups(cells, r)).toEqual([]);
  });

  it('publishes zeros and values at the threshold as primary-free; a confidential flag is primary', () => {
    const cells: Cell[] = [
      { key: { c: 'SYR' }, value: 0 },
      { key: { c: 'AFG' }, value: 5 },
      { key: { c: 'IRQ' }, value: 50, isConfidential: true },
      { key: { c: 'PAK' }, value: 9 },
      { key: { c: TOTAL }, value: 64 },
    ];
    const r = suppressTable(cells, [storedTotal('c')], 5);
    // The zero is the smallest other part, so it becomes the secondary cell (still hiding IRQ's 50).
    expect(r.status).toEqual(['secondary', null, 'primary', null, null]);
  });

  it('suppresses the total when the other parts are missing (missing values are not relied on)', () => {
    const cells: Cell[] = [
      { key: { c: 'SYR' }, value: 2 },
      { key: { c: 'AFG' }, value: null },
      { key: { c: TOTAL }, value: 12 },
    ];
    expect(suppressTable(cells, [storedTotal('c')], 5).status).toEqual(['primary', null, 'secondary']);
  });

  it('protects a month against the year total (a derived total)', () => {
    const cells: Cell[] = [
      { key: { p: '2024-01' }, value: 2 },
      { key: { p: '2024-02' }, value: 30 },
      { key: { p: '2024-03' }, value: 12 },
    ];
    const r = suppressTable(cells, [yearTotal('p')], 5);
    expect(r.status).toEqual(['primary', null, 'secondary']);
    expect(r.virtuals).toEqual([{ key: { p: '2024' }, value: 44, status: null }]);
  });

  it('property: no suppressed cell is recoverable from a published total minus its published parts', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 0, max: 10 }), (cells, threshold) => {
        const r = suppressTable(cells, HIERARCHIES, threshold);
        expect(recoverableGroups(cells, r)).toEqual([]);
        // Check by arithmetic too: for each stored group, published total − published parts is a sum of
        // two or more hidden values (never exactly one hidden value).
        for (const g of r.groups) {
          const members = [g.total, ...g.parts];
          const hidden = members.filter((m) => (m >= 0 ? r.status[m] : r.virtuals[-1 - m]!.status) !== null);
          expect(
            hidden.length === 1 && (hidden[0] !== g.total || g.parts.some((p) => cells[p]!.value !== null)),
          ).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: every primary cell is suppressed, as primary; every other suppression is secondary', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 0, max: 10 }), (cells, threshold) => {
        const r = suppressTable(cells, HIERARCHIES, threshold);
        cells.forEach((c, i) => {
          if (isPrimary(c, threshold)) expect(r.status[i]).toBe('primary');
          else expect(r.status[i]).not.toBe('primary');
        });
      }),
      { numRuns: 200 },
    );
  });

  it('property: suppression stays small: secondary ≤ groups touched, and nothing without a primary cell', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 0, max: 10 }), (cells, threshold) => {
        const r = suppressTable(cells, HIERARCHIES, threshold);
        const touched = r.groups.filter((g) =>
          [g.total, ...g.parts].some((m) => (m >= 0 ? r.status[m] : r.virtuals[-1 - m]!.status) !== null),
        ).length;
        expect(r.secondaryCount).toBeLessThanOrEqual(touched);
        if (r.primaryCount === 0) expect(r.secondaryCount).toBe(0);
        expect(r.status.filter((s) => s !== null).length + r.virtuals.filter((v) => v.status).length).toBe(
          r.primaryCount + r.secondaryCount,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('property: running it again on its own output suppresses nothing more', () => {
    fc.assert(
      fc.property(tableArb, (cells) => {
        const r = suppressTable(cells, HIERARCHIES, 5);
        const again = suppressTable(
          cells.map((c, i) => ({ ...c, isConfidential: r.status[i] !== null })),
          HIERARCHIES,
          5,
        );
        // Virtual totals suppressed in the first run are not cells, so only compare when none was needed.
        if (r.virtuals.every((v) => v.status === null))
          expect(again.status.map((s) => s !== null)).toEqual(r.status.map((s) => s !== null));
      }),
      { numRuns: 100 },
    );
  });
});
