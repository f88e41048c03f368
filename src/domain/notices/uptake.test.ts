import { describe, expect, it } from 'vitest';
import {
  computeUptake,
  lastQuarters,
  median,
  monthsBefore,
  nudgeMonths,
  nudgePeriod,
  quarterOf,
  statesToNudge,
  type UptakeNotice,
} from './uptake';

const now = new Date('2026-07-15T12:00:00Z');
const n = (p: Partial<UptakeNotice> & Pick<UptakeNotice, 'id' | 'state' | 'sentAt'>): UptakeNotice => ({
  title: `Notice ${p.id}`,
  adoptedOn: null,
  effectiveOn: null,
  expected: [],
  ...p,
});

describe('quarters', () => {
  it('names the quarter of a day and the last quarters, oldest first, across a year', () => {
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01T00:00:00Z')).toBe('2026-Q2');
    expect(lastQuarters(now, 4)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
  });
});

describe('median', () => {
  it('middle value, or the mean of the two middle ones; null for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });
});

describe('computeUptake', () => {
  const notices = [
    n({
      id: 1,
      state: 'GRC',
      sentAt: '2026-02-10T09:00:00Z',
      adoptedOn: '2026-02-01',
      effectiveOn: '2026-03-01',
      expected: [
        { country: 'ITA', acknowledged: true },
        { country: 'AUT', acknowledged: false },
      ],
    }),
    n({
      id: 2,
      state: 'GRC',
      sentAt: '2026-07-02T09:00:00Z',
      adoptedOn: '2026-06-02',
      effectiveOn: '2026-07-01',
      expected: [
        { country: 'ITA', acknowledged: true },
        { country: 'AUT', acknowledged: true },
      ],
    }),
    n({ id: 3, state: 'ITA', sentAt: '2026-05-05T09:00:00Z', adoptedOn: '2026-05-06' }),
  ];
  const u = computeUptake(['AUT', 'GRC', 'ITA'], notices, now, 4);

  it('counts notices per state per quarter', () => {
    expect(u.quarters).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    const grc = u.states.find((s) => s.state === 'GRC')!;
    expect(grc).toMatchObject({ total: 2, byQuarter: [0, 1, 0, 1], lastSentOn: '2026-07-02', late: 1 });
    expect(u.states.find((s) => s.state === 'ITA')!.byQuarter).toEqual([0, 0, 1, 0]);
  });
  it('lists the member states that never notified', () => {
    expect(u.neverNotified).toEqual(['AUT']);
  });
  it('medians of days from adoption to notification (negative when notified before adoption)', () => {
    expect(u.states.find((s) => s.state === 'GRC')!.medianDaysToNotify).toBe(19.5);
    expect(u.states.find((s) => s.state === 'ITA')!.medianDaysToNotify).toBe(-1);
    expect(u.states.find((s) => s.state === 'AUT')!.medianDaysToNotify).toBeNull();
    expect(u.medianDaysToNotify).toBe(9);
  });
  it('marks notices sent after their effective date as late, by how much', () => {
    expect(u.late).toEqual([
      {
        id: 2,
        title: 'Notice 2',
        state: 'GRC',
        effectiveOn: '2026-07-01',
        sentOn: '2026-07-02',
        daysLate: 1,
      },
    ]);
  });
  it('acknowledgement rate overall and per receiving state', () => {
    expect(u.acknowledgements).toEqual({ expected: 4, acknowledged: 3, rate: 0.75 });
    expect(u.states.find((s) => s.state === 'AUT')!.acknowledgementRate).toBe(0.5);
    expect(u.states.find((s) => s.state === 'ITA')!.acknowledgementRate).toBe(1);
    expect(u.states.find((s) => s.state === 'GRC')!.acknowledgementRate).toBeNull();
  });
  it('an empty dialogue: everyone never notified, no rates', () => {
    const e = computeUptake(['GRC'], [], now);
    expect(e.neverNotified).toEqual(['GRC']);
    expect(e.acknowledgements.rate).toBeNull();
    expect(e.quarters).toHaveLength(8);
  });
});

describe('nudges', () => {
  it('reads PASSAGE_NOTICE_NUDGE_MONTHS, default 6, refusing nonsense', () => {
    expect(nudgeMonths({})).toBe(6);
    expect(nudgeMonths({ PASSAGE_NOTICE_NUDGE_MONTHS: '3' })).toBe(3);
    expect(nudgeMonths({ PASSAGE_NOTICE_NUDGE_MONTHS: '0' })).toBe(6);
    expect(nudgeMonths({ PASSAGE_NOTICE_NUDGE_MONTHS: 'x' })).toBe(6);
  });
  it('months before, clamped to the end of a shorter month', () => {
    expect(monthsBefore(now, 6)).toBe('2026-01-15');
    expect(monthsBefore(new Date('2026-08-31T00:00:00Z'), 6)).toBe('2026-02-28');
  });
  it('periods are blocks of N months: the same all through a block, another after', () => {
    expect(nudgePeriod(new Date('2026-07-01T00:00:00Z'), 6)).toBe('2026-07/6m');
    expect(nudgePeriod(new Date('2026-12-31T23:00:00Z'), 6)).toBe('2026-07/6m');
    expect(nudgePeriod(new Date('2027-01-01T00:00:00Z'), 6)).toBe('2027-01/6m');
    expect(nudgePeriod(new Date('2026-05-01T00:00:00Z'), 3)).toBe('2026-04/3m');
  });
  it('states whose last notice is older than N months, or that never notified', () => {
    const last = new Map([
      ['GRC', '2026-07-02'],
      ['ITA', '2025-12-01'],
    ]);
    expect(statesToNudge(['AUT', 'GRC', 'ITA'], last, now, 6)).toEqual(['AUT', 'ITA']);
    expect(statesToNudge(['AUT', 'GRC', 'ITA'], last, now, 12)).toEqual(['AUT']);
  });
});
