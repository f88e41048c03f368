import { describe, expect, it } from 'vitest';
import { checkAdditive, checkValidityDates } from './definition-checks';

describe('definition checks', () => {
  it('accepts additive breakdowns among the breakdowns and names each one that is not', () => {
    expect(checkAdditive(['route', 'sex'], ['sex'])).toEqual([]);
    expect(checkAdditive(['route'], ['route', 'sex', 'age_group'])).toEqual([
      {
        field: 'body.additiveBreakdowns[1]',
        message: `"sex" is not one of the indicator's breakdowns (route)`,
      },
      {
        field: 'body.additiveBreakdowns[2]',
        message: `"age_group" is not one of the indicator's breakdowns (route)`,
      },
    ]);
    expect(checkAdditive([], ['sex'])).toEqual([
      {
        field: 'body.additiveBreakdowns[0]',
        message: `"sex" is not one of the indicator's breakdowns (none)`,
      },
    ]);
  });

  it('refuses a validity that ends before it starts; an open end or the same day is fine', () => {
    expect(checkValidityDates('2024-01-01', null)).toEqual([]);
    expect(checkValidityDates('2024-01-01', '2024-01-01')).toEqual([]);
    expect(checkValidityDates('2024-01-02', '2024-01-01')).toEqual([
      { field: 'body.validTo', message: 'is before validFrom (2024-01-02)' },
    ]);
  });
});
