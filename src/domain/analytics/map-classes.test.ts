import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classOf, niceCeil, quantileBreaks } from './map-classes';

describe('choropleth classes', () => {
  it('separates skewed figures that equal-width classes would lump together', () => {
    // One large state and twelve small ones: equal classes of 0–60,000 put all twelve in the first class.
    const values = [60_000, 120, 150, 180, 240, 300, 420, 500, 800, 950, 1_200, 2_000, 3_100];
    const breaks = quantileBreaks(values);
    expect(breaks).toHaveLength(5);
    expect(breaks.at(-1)).toBe(60_000);
    const classes = new Set(values.map((v) => classOf(v, breaks)));
    expect(classes.size).toBe(5);
    const equalWidth = new Set(values.map((v) => Math.min(4, Math.floor(v / 12_000))));
    expect(equalWidth.size).toBeLessThan(classes.size);
  });

  it('rounds bounds up to two significant digits', () => {
    expect(niceCeil(1234)).toBe(1300);
    expect(niceCeil(87)).toBe(87);
    expect(niceCeil(0.4)).toBe(1);
    expect(niceCeil(0)).toBe(0);
  });

  it('has no classes without positive figures, and fewer when values repeat', () => {
    expect(quantileBreaks([])).toEqual([]);
    expect(quantileBreaks([0, 0])).toEqual([]);
    expect(quantileBreaks([7, 7, 7, 7, 7, 7])).toEqual([7]);
  });

  it('always: breaks increase, every value falls in a class, the last break covers the maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 200 }),
        (vs) => {
          const b = quantileBreaks(vs);
          for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
          expect(b.at(-1)!).toBeGreaterThanOrEqual(Math.max(...vs));
          for (const v of vs) expect(v).toBeLessThanOrEqual(b[classOf(v, b)]!);
        },
      ),
    );
  });
});
