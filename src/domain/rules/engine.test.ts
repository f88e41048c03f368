import { describe, expect, it } from 'vitest';
import { totalBreakdowns } from '../observations/dimensions';
import { DEFAULT_RULES, RULE_KINDS } from './builtin';
import { compileRules, evaluateRules, type RuleDef, type RuleFigure, seriesKey } from './engine';
import { compileExpression, RuleExpressionError } from './expression';
import { mad, median, robustZ } from './robust';

const fig = (p: Partial<RuleFigure> & { citizenship?: string }): RuleFigure => ({
  ref: p.ref ?? 1,
  indicator: p.indicator ?? 'IBC',
  reporter: 'ITA',
  period: p.period ?? '2025-03',
  breakdowns: { ...totalBreakdowns(), citizenship: p.citizenship ?? '_T' },
  value: p.value === undefined ? 10 : p.value,
});
const rule = (kind: keyof typeof RULE_KINDS, over: Partial<RuleDef> = {}): RuleDef => ({
  key: `test:${kind}`,
  name: kind,
  indicator: null,
  ...RULE_KINDS[kind],
  ...over,
});

describe('rule expressions', () => {
  it('evaluates arithmetic and comparisons over the figure variables', () => {
    const e = compileExpression('abs(value - last_year) / last_year * 100 <= threshold', ['threshold']);
    expect([...e.symbols].sort()).toEqual(['last_year', 'threshold', 'value']);
    expect(e.test({ value: 120, last_year: 100, threshold: 50 })).toBe(true);
    expect(e.test({ value: 200, last_year: 100, threshold: 50 })).toBe(false);
    expect(e.test({ value: 200, threshold: 50 })).toBeUndefined();
  });

  it('short-circuits "or", so a guard can make a rule not apply', () => {
    const e = compileExpression('last_year < 20 or value <= 2 * last_year');
    expect(e.test({ last_year: 5, value: 1000 })).toBe(true);
    expect(e.test({ last_year: 50, value: 1000 })).toBe(false);
  });

  it.each([
    ['x = 1', /assignment/],
    ['f(x) = 1', /defining a function/],
    ['value.constructor', /property access/],
    ['[1, 2]', /matrix/],
    ['evaluate("1")', /function "evaluate" is not allowed/],
    ['import({})', /function "import" is not allowed/],
    ['pi > value', /unknown variable "pi"/],
    ['value >=', /cannot parse/],
  ])('refuses %s', (src, msg) => {
    expect(() => compileExpression(src)).toThrow(RuleExpressionError);
    expect(() => compileExpression(src)).toThrow(msg);
  });
});

describe('robust statistics', () => {
  it('computes median, MAD and the robust z-score', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    const history = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9];
    expect(robustZ(10, history)).toBe(0);
    expect(robustZ(30, history)!).toBeGreaterThan(10);
    expect(robustZ(30, history.slice(0, 5))).toBeUndefined();
    expect(robustZ(30, Array(12).fill(5))).toBeUndefined();
  });
});

describe('evaluateRules', () => {
  it('non-negative: an error for a negative value, nothing for not-available', () => {
    const findings = evaluateRules(compileRules([rule('non_negative')]), [
      fig({ ref: 1, value: -3 }),
      fig({ ref: 2, value: 4, citizenship: 'SYR' }),
      fig({ ref: 3, value: null, citizenship: 'AFG' }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: 'test:non_negative@1',
      severity: 'error',
      values: { value: -3 },
    });
    expect(findings[0]!.message).toContain('IBC 2025-03 (total)');
  });

  it('total equals the sum of its breakdown, only where both are reported', () => {
    const rules = compileRules([rule('total_equals_sum', { params: { dimension: 'citizenship' } })]);
    const ok = [
      fig({ ref: 1, value: 10 }),
      fig({ ref: 2, value: 4, citizenship: 'SYR' }),
      fig({ ref: 3, value: 6, citizenship: 'AFG' }),
    ];
    expect(evaluateRules(rules, ok)).toEqual([]);
    const bad = [fig({ ref: 1, value: 11 }), ...ok.slice(1)];
    expect(evaluateRules(rules, bad).map((f) => [f.ref, f.values])).toEqual([
      [1, { value: 11, breakdown_sum: 10 }],
    ]);
    expect(evaluateRules(rules, [fig({ ref: 1, value: 11 })])).toEqual([]);
  });

  it('change versus last year: a warning above the threshold, bases under min_base ignored', () => {
    const rules = compileRules([rule('yoy_change')]);
    const history = new Map([[seriesKey(fig({})), new Map([['2024-03', 100]])]]);
    expect(evaluateRules(rules, [fig({ value: 140 })], history)).toEqual([]);
    const f = evaluateRules(rules, [fig({ value: 180 })], history);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', values: { last_year: 100, yoy_pct: 80 } });
    const small = new Map([[seriesKey(fig({})), new Map([['2024-03', 5]])]]);
    expect(evaluateRules(rules, [fig({ value: 180 })], small)).toEqual([]);
    // Last year's figure may come from the same submission.
    expect(
      evaluateRules(rules, [fig({ ref: 1, value: 300 }), fig({ ref: 2, period: '2024-03', value: 100 })]),
    ).toHaveLength(1);
  });

  it("outlier against the series' own history", () => {
    const months = new Map<string, number>();
    for (let i = 1; i <= 24; i++)
      months.set(
        `20${i <= 14 ? '24' : '23'}-${String(((14 - i + 24) % 12) + 1).padStart(2, '0')}`,
        100 + (i % 5),
      );
    const history = new Map([[seriesKey(fig({})), months]]);
    const rules = compileRules([rule('outlier')]);
    expect(evaluateRules(rules, [fig({ value: 103 })], history)).toEqual([]);
    expect(evaluateRules(rules, [fig({ value: 400 })], history)[0]?.ruleKey).toBe('test:outlier');
  });

  it('applies a rule to its indicator only, and the default set compiles', () => {
    const rules = compileRules([rule('non_negative', { indicator: 'ASY' })]);
    expect(evaluateRules(rules, [fig({ value: -1 })])).toEqual([]);
    expect(compileRules(DEFAULT_RULES).length).toBe(DEFAULT_RULES.length);
  });
});
