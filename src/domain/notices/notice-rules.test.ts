import { describe, expect, it } from 'vitest';
import {
  acknowledgementStatus,
  checkNoticeDates,
  isCommentWindowOpen,
  isNotifyingSide,
  stageAfterOutcome,
} from './notice-rules';

describe('notice rules', () => {
  it('refuses an effective date before the adoption date, naming the field', () => {
    expect(checkNoticeDates({ adoptedOn: '2025-03-01', effectiveOn: '2025-02-01', endsOn: null })).toEqual([
      {
        field: 'body.effectiveOn',
        message: 'the effective date 2025-02-01 is before the adoption date 2025-03-01',
      },
    ]);
    expect(checkNoticeDates({ adoptedOn: '2025-03-01', effectiveOn: '2025-03-01', endsOn: null })).toEqual(
      [],
    );
    expect(
      checkNoticeDates({ adoptedOn: null, effectiveOn: '2025-05-01', endsOn: '2025-04-30' })[0]?.field,
    ).toBe('body.endsOn');
  });

  it('keeps comments open until the end of the deadline day (UTC)', () => {
    expect(isCommentWindowOpen('2025-06-30', new Date('2025-06-30T23:59:00Z'))).toBe(true);
    expect(isCommentWindowOpen('2025-06-30', new Date('2025-07-01T00:00:00Z'))).toBe(false);
    expect(isCommentWindowOpen(null, new Date())).toBe(true);
  });

  it('maps an outcome to a stage', () => {
    expect(stageAfterOutcome('abandoned', 'planned')).toBe('abandoned');
    expect(stageAfterOutcome('changed', 'planned')).toBe('adopted');
    expect(stageAfterOutcome('adopted_as_is', 'in_force')).toBe('in_force');
  });

  it('expects every organisation but the notifying side to acknowledge', () => {
    const n = { originatorOrgId: 1, stateIso3: 'GRC' };
    const orgs = [
      { id: 1, name: 'GR ministry', countryIso3: 'GRC' },
      { id: 2, name: 'GR police', countryIso3: 'GRC' },
      { id: 3, name: 'IT ministry', countryIso3: 'ITA' },
      { id: 4, name: 'AT ministry', countryIso3: 'AUT' },
    ];
    expect(isNotifyingSide(orgs[1]!, n)).toBe(true);
    const s = acknowledgementStatus(orgs, [{ ...orgs[2]!, at: '2025-01-01T00:00:00Z' }], n);
    expect(s.pending.map((o) => o.id)).toEqual([4]);
    expect(s.acknowledged.map((o) => o.id)).toEqual([3]);
  });
});
