import { describe, expect, it } from 'vitest';
import { totalBreakdowns } from '../observations/dimensions';
import { DEFAULT_RULES, RULE_KINDS, withAdditiveRules } from './builtin';
import { compileRules, evaluateRules, type RuleDef, type RuleFigure } from './engine';

const nonNegative: RuleDef = { key: 'rule:1', name: 'nn', indicator: null, ...RULE_KINDS.non_negative };
const fig = (ref: number, indicator: string, sex: string, value: number): RuleFigure => ({
  ref,
  indicator,
  reporter: 'ITA',
  period: '2025-03',
  breakdowns: { ...totalBreakdowns(), sex },
  value,
});

describe('additive breakdowns of an indicator', () => {
  it('adds a total = sum rule per additive breakdown when no rule covers it', () => {
    const rules = withAdditiveRules([nonNegative], [{ code: 'ASY', additiveBreakdowns: ['sex'] }]);
    expect(rules.map((r) => r.key)).toEqual(['rule:1', 'indicator:ASY:total_equals_sum:sex']);
    const findings = evaluateRules(compileRules(rules), [
      fig(1, 'ASY', '_T', 10),
      fig(2, 'ASY', 'F', 4),
      fig(3, 'ASY', 'M', 5),
      // Another indicator without additive breakdowns is not checked.
      fig(4, 'IBC', '_T', 10),
      fig(5, 'IBC', 'F', 1),
    ]);
    expect(findings.map((f) => `${f.ruleKey}@${f.ref}`)).toEqual(['indicator:ASY:total_equals_sum:sex@1']);
  });

  it('adds nothing when the defaults (every dimension, every indicator) already check it', () => {
    const rules = withAdditiveRules(DEFAULT_RULES, [
      { code: 'ASY', additiveBreakdowns: ['sex', 'citizenship'] },
    ]);
    expect(rules).toHaveLength(DEFAULT_RULES.length);
  });
});
