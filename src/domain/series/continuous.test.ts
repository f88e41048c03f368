import { describe, expect, it } from 'vitest';
import { continuous } from './continuous';

interface Point {
  period: string;
  value: number | null;
}
const empty = (period: string): Point => ({ period, value: null });

describe('continuous', () => {
  it('fills a 13-month gap with missing months instead of joining the ends', () => {
    const out = continuous(
      [
        { period: '2025-09', value: 5000 },
        { period: '2026-11', value: 600 },
      ],
      empty,
    );
    expect(out).toHaveLength(15);
    expect(out[0]).toEqual({ period: '2025-09', value: 5000, status: 'reported' });
    expect(out[1]).toEqual({ period: '2025-10', value: null, status: 'missing' });
    expect(out.filter((p) => p.status === 'missing')).toHaveLength(13);
    expect(out.at(-1)).toEqual({ period: '2026-11', value: 600, status: 'reported' });
  });

  it('keeps a reported zero as a reported zero', () => {
    const out = continuous([{ period: '2026-01', value: 0 }], empty, { from: '2025-12', to: '2026-02' });
    expect(out.map((p) => [p.value, p.status])).toEqual([
      [null, 'missing'],
      [0, 'reported'],
      [null, 'missing'],
    ]);
  });

  it('uses the requested bounds, drops entries outside them and sorts', () => {
    const out = continuous(
      [
        { period: '2026-03', value: 3 },
        { period: '2025-01', value: 1 },
        { period: '2026-01', value: 2 },
      ],
      empty,
      { from: '2026-01', to: '2026-03' },
    );
    expect(out.map((p) => p.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(out.map((p) => p.status)).toEqual(['reported', 'missing', 'reported']);
  });

  it('gives an empty series when there is nothing and no range, all missing with a range', () => {
    expect(continuous([], empty)).toEqual([]);
    expect(continuous([], empty, { from: '2026-01', to: '2026-02' }).map((p) => p.status)).toEqual([
      'missing',
      'missing',
    ]);
  });

  it('refuses an unbounded range', () => {
    expect(() => continuous([], empty, { from: '1900-01', to: '2026-01' })).toThrow(RangeError);
  });
});
