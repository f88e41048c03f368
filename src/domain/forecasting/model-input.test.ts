import { describe, expect, it } from 'vitest';
import { modelInput } from './model-input';

const o = { today: '2026-12', horizon: 6, minLength: 36 };
const run = (n: number, base = 5000) => Array.from({ length: n }, (_, i) => base + i);

describe('modelInput', () => {
  it('issue 14: 40 months ending 13 months before one new month — not forecast, the gap stated, no zeros', () => {
    // 2022-06 … 2025-09 (the demo's end in the issue), 13 months without figures, then 2026-11 alone.
    const values = [...run(40), ...Array<null>(13).fill(null), 600];
    const r = modelInput({ first: '2022-06', values }, o);
    expect(r).toEqual({
      ok: false,
      status: 'gaps',
      last: '2026-11',
      reason: expect.stringMatching(
        /^No figures for 13 months \(2025-10 to 2026-10\); since then only 1 month/,
      ),
    });
    if (!r.ok) expect(r.reason).toMatch(/not counted as zeros/);
  });

  it('feeds the model the unbroken run after a gap when it is long enough, never the gap', () => {
    const values = [...run(10), null, null, ...run(40, 100)];
    const r = modelInput({ first: '2022-08', values }, o);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.values).toEqual(run(40, 100));
    expect(r.values).not.toContain(0);
    expect(r).toMatchObject({ first: '2023-08', last: '2026-11', droppedMonths: 10 });
  });

  it('keeps reported zeros and trailing gaps do not count as figures', () => {
    const values = [...run(35), 0, 7, null];
    const r = modelInput({ first: '2023-11', values }, o);
    expect(r).toMatchObject({ ok: true, last: '2026-11', droppedMonths: 0 });
    if (r.ok) expect(r.values.slice(-2)).toEqual([0, 7]);
  });

  it('does not forecast a series whose last figures are older than the horizon, saying so', () => {
    const r = modelInput({ first: '2022-07', values: run(39) }, o); // ends 2025-09, 15 months before 2026-12
    expect(r).toEqual({
      ok: false,
      status: 'stale',
      last: '2025-09',
      reason:
        'The last figures are for 2025-09, 15 months before 2026-12: a forecast 6 months ahead of them would only forecast the past.',
    });
    // Six months old is still forecast (its forecasts reach this month).
    expect(modelInput({ first: '2023-04', values: run(39) }, { ...o, today: '2026-12' }).ok).toBe(true);
  });

  it('a series without figures is not forecast', () => {
    expect(modelInput({ first: '2026-01', values: [null, null] }, o)).toMatchObject({
      ok: false,
      status: 'gaps',
    });
  });
});
