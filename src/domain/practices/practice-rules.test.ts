import { describe, expect, it } from 'vitest';
import {
  type ComparedPractice,
  checkPractice,
  comparePractices,
  impactChange,
  overlapsPeriod,
  statusAfter,
  THEMATIC_AREA_TITLES,
  THEMATIC_AREAS,
} from './practice-rules';

const KNOWN = new Set(['GRC', 'ITA', 'TUR']);

describe('thematic areas', () => {
  it('are the six sections of the Istanbul declaration, in order', () => {
    expect(THEMATIC_AREAS.map((a) => THEMATIC_AREA_TITLES[a])).toEqual([
      'I. Migration and Mobility',
      'II. Integration',
      'III. Migration and Development',
      'IV. Irregular Migration',
      'V. Trafficking in Persons',
      'VI. International Protection',
    ]);
  });
});

describe('statusAfter', () => {
  it('runs draft → submitted → published, or returned → submitted again', () => {
    expect(statusAfter('draft', 'save')).toBe('draft');
    expect(statusAfter('draft', 'submit')).toBe('submitted');
    expect(statusAfter('submitted', 'save')).toBeNull();
    expect(statusAfter('submitted', 'return')).toBe('returned');
    expect(statusAfter('returned', 'save')).toBe('returned');
    expect(statusAfter('returned', 'submit')).toBe('submitted');
    expect(statusAfter('submitted', 'publish')).toBe('published');
    expect(statusAfter('published', 'save')).toBe('published');
  });
  it('refuses steps out of order', () => {
    expect(statusAfter('draft', 'publish')).toBeNull();
    expect(statusAfter('returned', 'publish')).toBeNull();
    expect(statusAfter('published', 'submit')).toBeNull();
    expect(statusAfter('published', 'return')).toBeNull();
    expect(statusAfter('draft', 'return')).toBeNull();
  });
});

describe('checkPractice', () => {
  const ok = { periodFrom: '2020-01', periodTo: '2021-06', countries: ['GRC'], impact: [] };
  it('accepts a sound practice, an ongoing one and a one-month one', () => {
    expect(checkPractice(ok, KNOWN)).toEqual([]);
    expect(checkPractice({ ...ok, periodTo: null }, KNOWN)).toEqual([]);
    expect(checkPractice({ ...ok, periodTo: '2020-01' }, KNOWN)).toEqual([]);
  });
  it('says where each problem is', () => {
    expect(
      checkPractice(
        {
          periodFrom: '2021-02',
          periodTo: '2021-01',
          countries: ['GRC', 'ZZZ'],
          impact: [
            { name: 'Trained', unit: '', before: null, after: null },
            { name: 'Reached', unit: '', before: 0, after: null },
            { name: ' trained', unit: '', before: 1, after: 2 },
          ],
        },
        KNOWN,
      ),
    ).toEqual([
      { field: 'body.periodTo', message: 'the period ends (2021-01) before it starts (2021-02)' },
      { field: 'body.countries[1]', message: 'unknown country "ZZZ"' },
      {
        field: 'body.impact[0]',
        message: 'the impact indicator "Trained" has no value: give the value before, after, or both',
      },
      { field: 'body.impact[2].name', message: 'the impact indicator " trained" is listed twice (1 and 3)' },
    ]);
  });
});

describe('impactChange', () => {
  it('gives the change and the per cent of the value before', () => {
    expect(impactChange({ before: 40, after: 30 })).toEqual({ change: -10, percent: -25 });
    expect(impactChange({ before: 3, after: 4 })).toEqual({ change: 1, percent: 33.3 });
    expect(impactChange({ before: -10, after: -5 })).toEqual({ change: 5, percent: 50 });
  });
  it('says nothing it cannot know', () => {
    expect(impactChange({ before: 0, after: 5 })).toEqual({ change: 5, percent: null });
    expect(impactChange({ before: null, after: 5 })).toEqual({ change: null, percent: null });
    expect(impactChange({ before: 5, after: null })).toEqual({ change: null, percent: null });
  });
});

describe('overlapsPeriod', () => {
  const p = { periodFrom: '2020-03', periodTo: '2020-09' };
  it('keeps practices that run at some time of the months asked', () => {
    expect(overlapsPeriod(p, undefined, undefined)).toBe(true);
    expect(overlapsPeriod(p, '2020-09', undefined)).toBe(true);
    expect(overlapsPeriod(p, undefined, '2020-03')).toBe(true);
    expect(overlapsPeriod(p, '2020-10', undefined)).toBe(false);
    expect(overlapsPeriod(p, undefined, '2020-02')).toBe(false);
    expect(overlapsPeriod({ periodFrom: '2019-01', periodTo: null }, '2030-01', '2030-02')).toBe(true);
  });
});

describe('comparePractices', () => {
  const base: ComparedPractice = {
    title: 'A',
    area: 'integration',
    countries: ['GRC', 'ITA'],
    partners: ['IOM'],
    periodFrom: '2020-01',
    periodTo: null,
    funding: 'EU',
    objectives: 'o',
    results: 'r',
    lessons: 'l',
    tags: ['x', 'y'],
    impact: [
      { name: 'Persons reached', unit: '', before: 10, after: 20 },
      { name: 'Courses', unit: '', before: null, after: 4 },
    ],
  };
  it('says per field whether the two agree, lists compared regardless of order', () => {
    const c = comparePractices(base, {
      ...base,
      countries: ['TUR', 'GRC'],
      tags: ['y', 'x'],
      periodTo: '2021-12',
      funding: ' EU ',
      impact: [
        { name: 'persons  REACHED', unit: '', before: 5, after: 6 },
        { name: 'Hotlines', unit: '', before: 1, after: 1 },
      ],
    });
    const row = (f: string) => c.rows.find((r) => r.field === f)!;
    expect(c.rows.map((r) => r.field)).toEqual([
      'area',
      'countries',
      'partners',
      'period',
      'funding',
      'objectives',
      'results',
      'lessons',
      'tags',
    ]);
    expect(row('countries')).toEqual({
      field: 'countries',
      a: 'GRC, ITA',
      b: 'TUR, GRC',
      isSame: false,
      shared: ['GRC'],
    });
    expect(row('tags').isSame).toBe(true);
    expect(row('funding').isSame).toBe(true);
    expect(row('period')).toMatchObject({ a: '2020-01 – …', b: '2020-01 – 2021-12', isSame: false });
    expect(c.indicators).toEqual([
      {
        name: 'Persons reached',
        a: { name: 'Persons reached', unit: '', before: 10, after: 20, change: 10, percent: 100 },
        b: { name: 'persons  REACHED', unit: '', before: 5, after: 6, change: 1, percent: 20 },
      },
      {
        name: 'Courses',
        a: { name: 'Courses', unit: '', before: null, after: 4, change: null, percent: null },
        b: null,
      },
      {
        name: 'Hotlines',
        a: null,
        b: { name: 'Hotlines', unit: '', before: 1, after: 1, change: 0, percent: 0 },
      },
    ]);
  });
});
