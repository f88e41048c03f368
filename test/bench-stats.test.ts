import { describe, expect, it } from 'vitest';
import { formatLine, timingResults } from '../bench/lib/report';
import { measure, percentile, round, summarise } from '../bench/lib/stats';

describe('benchmark statistics', () => {
  it('computes percentiles by interpolating between ranks', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 50)).toBe(5.5);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile(xs, 95)).toBeCloseTo(9.55);
    expect(percentile([7], 95)).toBe(7);
    expect(() => percentile([], 50)).toThrow(RangeError);
  });

  it('summarises unsorted samples without reordering them', () => {
    const s = summarise([30, 10, 20]);
    expect(s).toMatchObject({ median: 20, min: 10, max: 30, mean: 20 });
    expect(s.samples).toEqual([30, 10, 20]);
  });

  it('measures only the runs after the warm-up, calling before() each time', async () => {
    let calls = 0;
    let befores = 0;
    const t = await measure(
      async () => {
        calls++;
      },
      {
        warmup: 2,
        runs: 5,
        before: async () => {
          befores++;
        },
      },
    );
    expect(calls).toBe(7);
    expect(befores).toBe(7);
    expect(t.samples).toHaveLength(5);
  });

  it('prints result lines with ratio and reference, and judges targets', () => {
    const [median, p95] = timingResults(
      { bench: 'b', name: 'dash.q.postgres', referenceName: 'bare-sql' },
      summarise([10, 12, 40]),
      summarise([8, 8, 10]),
      { p95: { ms: 50, label: 'native' }, ratio: 1.5 },
    );
    expect(formatLine(median!)).toBe(
      'bench: dash.q.postgres.median 12 ms ratio=1.5 reference=bare-sql@8ms target="ratio ≤ 1.5" met',
    );
    expect(p95!.value).toBeCloseTo(37.2);
    expect(p95!.isTargetMet).toBe(false); // 37.2 / 9.8 > 1.5
    expect(round(123.456)).toBe(123);
    expect(round(1.23456)).toBe(1.23);
  });
});
