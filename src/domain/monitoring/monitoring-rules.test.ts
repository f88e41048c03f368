import { describe, expect, it } from 'vitest';
import {
  buildDashboard,
  changeOf,
  isBeforeDeadline,
  progressAcrossCycles,
  statusAfter,
} from './monitoring-rules';

describe('monitoring rules', () => {
  it('walks the report workflow and refuses steps out of order', () => {
    expect(statusAfter(null, 'save')).toBe('draft');
    expect(statusAfter('draft', 'submit')).toBe('submitted');
    expect(statusAfter('submitted', 'save')).toBeNull();
    expect(statusAfter('submitted', 'questions')).toBe('questions');
    expect(statusAfter('questions', 'save')).toBe('draft');
    expect(statusAfter('questions', 'submit')).toBe('submitted');
    expect(statusAfter('submitted', 'accept')).toBe('accepted');
    expect(statusAfter('accepted', 'save')).toBeNull();
    expect(statusAfter('draft', 'accept')).toBeNull();
    expect(statusAfter(null, 'submit')).toBeNull();
  });

  it('keeps a cycle open until the end of its deadline day (UTC)', () => {
    expect(isBeforeDeadline('2026-03-31', new Date('2026-03-31T23:59:59Z'))).toBe(true);
    expect(isBeforeDeadline('2026-03-31', new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });

  it('tells the change since the previous cycle', () => {
    expect(changeOf('not_started', 'implemented')).toBe('better');
    expect(changeOf('implemented', 'in_progress')).toBe('worse');
    expect(changeOf('in_progress', 'in_progress')).toBe('same');
    expect(changeOf(null, 'in_progress')).toBe('new');
    expect(changeOf('in_progress', null)).toBeNull();
  });

  it('builds the matrix, completeness per state and counts per area, ignoring drafts', () => {
    const d = buildDashboard({
      commitments: [
        { id: 1, number: 'IV a', area: 'IV' },
        { id: 2, number: 'IV b', area: 'IV' },
        { id: 3, number: 'V a', area: 'V' },
      ],
      states: ['GRC', 'ITA'],
      reports: [
        { commitmentId: 1, state: 'GRC', progress: 'implemented', status: 'accepted' },
        { commitmentId: 2, state: 'GRC', progress: 'in_progress', status: 'submitted' },
        { commitmentId: 3, state: 'GRC', progress: 'implemented', status: 'draft' },
        { commitmentId: 1, state: 'ITA', progress: 'not_started', status: 'submitted' },
      ],
      previous: [{ commitmentId: 1, state: 'GRC', progress: 'in_progress', status: 'accepted' }],
    });
    expect(d.cells).toHaveLength(6);
    expect(d.cells.find((c) => c.commitmentId === 1 && c.state === 'GRC')).toMatchObject({
      progress: 'implemented',
      previous: 'in_progress',
      change: 'better',
    });
    expect(d.cells.find((c) => c.commitmentId === 3 && c.state === 'GRC')!.progress).toBeNull();
    expect(d.completeness).toEqual([
      { state: 'GRC', reported: 2, total: 3, percent: 67 },
      { state: 'ITA', reported: 1, total: 3, percent: 33 },
    ]);
    expect(d.byArea).toEqual([
      { area: 'IV', implemented: 1, inProgress: 1, notStarted: 1, notApplicable: 0, missing: 1 },
      { area: 'V', implemented: 0, inProgress: 0, notStarted: 0, notApplicable: 0, missing: 2 },
    ]);
  });

  it('sums progress per cycle for the ministerial view', () => {
    expect(
      progressAcrossCycles([1, 2], 3, 2, [
        { cycleId: 1, progress: 'in_progress', status: 'accepted' },
        { cycleId: 1, progress: 'implemented', status: 'draft' },
        { cycleId: 2, progress: 'implemented', status: 'submitted' },
        { cycleId: 2, progress: 'not_applicable', status: 'accepted' },
        { cycleId: 2, progress: 'not_started', status: 'questions' },
      ]),
    ).toEqual([
      {
        cycleId: 1,
        implemented: 0,
        inProgress: 1,
        notStarted: 0,
        notApplicable: 0,
        reported: 1,
        expected: 6,
        percentImplemented: 0,
      },
      {
        cycleId: 2,
        implemented: 1,
        inProgress: 0,
        notStarted: 1,
        notApplicable: 1,
        reported: 3,
        expected: 6,
        percentImplemented: 50,
      },
    ]);
  });
});
