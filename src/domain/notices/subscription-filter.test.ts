import { describe, expect, it } from 'vitest';
import {
  describeFilter,
  isDigestDue,
  type MatchableNotice,
  matchesFilter,
  wordsOf,
} from './subscription-filter';

const notice: MatchableNotice = {
  measureType: 'visa_regime',
  stateIso3: 'GRC',
  countries: ['TUR', 'ALB'],
  routes: ['EMR'],
  stage: 'adopted',
  title: 'Visa requirement for nationals of Freedonia',
  summary: 'Short-stay visas at the border crossing points.',
  legalReference: 'Law 4939/2022',
};

describe('matchesFilter', () => {
  it('an empty filter matches every notice', () => {
    expect(matchesFilter({}, notice)).toBe(true);
  });
  it('type and stage must be equal', () => {
    expect(matchesFilter({ type: 'visa_regime', stage: 'adopted' }, notice)).toBe(true);
    expect(matchesFilter({ type: 'reception' }, notice)).toBe(false);
    expect(matchesFilter({ stage: 'planned' }, notice)).toBe(false);
  });
  it('country: the notifying state or an affected country', () => {
    expect(matchesFilter({ country: 'GRC' }, notice)).toBe(true);
    expect(matchesFilter({ country: 'ALB' }, notice)).toBe(true);
    expect(matchesFilter({ country: 'ITA' }, notice)).toBe(false);
  });
  it('route: one of the routes affected', () => {
    expect(matchesFilter({ route: 'EMR' }, notice)).toBe(true);
    expect(matchesFilter({ route: 'CMR' }, notice)).toBe(false);
  });
  it('text: every word, in any case, in title, summary or legal reference', () => {
    expect(matchesFilter({ q: 'freedonia VISA' }, notice)).toBe(true);
    expect(matchesFilter({ q: '4939' }, notice)).toBe(true);
    expect(matchesFilter({ q: 'freedonia asylum' }, notice)).toBe(false);
    expect(matchesFilter({ q: 'free' }, notice)).toBe(false);
  });
  it('splits words of any script', () => {
    expect(wordsOf('Визовый режим, État-membre')).toEqual(['визовый', 'режим', 'état', 'membre']);
  });
});

describe('isDigestDue', () => {
  const created = new Date('2026-03-01T08:00:00Z');
  it('a daily digest a day after creation or the last digest (an hour of slack), not before', () => {
    expect(isDigestDue('daily', null, created, new Date('2026-03-01T20:00:00Z'))).toBe(false);
    expect(isDigestDue('daily', null, created, new Date('2026-03-02T07:10:00Z'))).toBe(true);
    const last = new Date('2026-03-05T08:00:00Z');
    expect(isDigestDue('daily', last, created, new Date('2026-03-05T23:00:00Z'))).toBe(false);
    expect(isDigestDue('daily', last, created, new Date('2026-03-06T08:00:00Z'))).toBe(true);
  });
  it('a weekly digest seven days after', () => {
    expect(isDigestDue('weekly', null, created, new Date('2026-03-05T08:00:00Z'))).toBe(false);
    expect(isDigestDue('weekly', null, created, new Date('2026-03-08T08:00:00Z'))).toBe(true);
  });
});

describe('describeFilter', () => {
  it('names the conditions in order, the text last', () => {
    expect(describeFilter({ q: 'border', country: 'GRC', type: 'visa_regime' })).toBe(
      'type=visa_regime, country=GRC, “border”',
    );
    expect(describeFilter({})).toBe('');
  });
});
