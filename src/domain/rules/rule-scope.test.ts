import { describe, expect, it } from 'vitest';
import { type Breakdowns, DIMENSIONS } from '../observations/dimensions';
import { compileRules, evaluateRules } from './engine';
import { checkBreakdownFilter, expressionOfSides, ruleAppliesTo } from './rule-scope';

const totals = Object.fromEntries(DIMENSIONS.map((d) => [d, '_T'])) as Breakdowns;
const fig = (indicator: string, b: Partial<Breakdowns> = {}, value = 10) => ({
  ref: `${indicator}-${JSON.stringify(b)}`,
  indicator,
  reporter: 'ITA',
  period: '2024-03',
  breakdowns: { ...totals, ...b },
  value,
});

describe('rule scope and sides', () => {
  it('applies a rule to its indicators and the breakdown codes of its filter only', () => {
    const scope = { indicator: null, indicators: ['IBC', 'ASY'], breakdowns: { citizenship: ['_T'] } };
    expect(ruleAppliesTo(scope, fig('IBC'))).toBe(true);
    expect(ruleAppliesTo(scope, fig('REF'))).toBe(false);
    expect(ruleAppliesTo(scope, fig('IBC', { citizenship: 'SYR' }))).toBe(false);
    expect(ruleAppliesTo(scope, fig('ASY', { sex: 'F' }))).toBe(true);
    expect(ruleAppliesTo({ indicator: 'IBC' }, fig('ASY'))).toBe(false);
    expect(ruleAppliesTo({ indicator: null }, fig('ASY', { sex: 'F' }))).toBe(true);
  });

  it('turns left side, operator and right side into an expression the engine checks', () => {
    const expression = expressionOfSides('value', '<=', ' 2 * limit ');
    expect(expression).toBe('(value) <= (2 * limit)');
    const rules = compileRules([
      {
        key: 'rule:1',
        name: 'Under twice the limit',
        indicator: null,
        indicators: ['IBC'],
        breakdowns: { citizenship: ['_T'] },
        expression,
        severity: 'error',
        params: { limit: 10 },
      },
    ]);
    const findings = evaluateRules(rules, [
      fig('IBC', {}, 25), // flagged
      fig('IBC', { citizenship: 'SYR' }, 25), // not a citizenship total: out of scope
      fig('ASY', {}, 25), // another indicator: out of scope
      fig('IBC', { sex: 'F' }, 15), // holds
    ]);
    expect(findings.map((f) => f.ref)).toEqual([fig('IBC').ref]);
  });

  it('names what is wrong in a breakdown filter', () => {
    expect(checkBreakdownFilter({ citizenship: ['_T', 'SYR'] })).toEqual([]);
    expect(checkBreakdownFilter({ colour: ['red'] })[0]!.message).toMatch(/unknown breakdown "colour"/);
    expect(checkBreakdownFilter({ sex: ['F', 'a b'] })).toEqual([
      { at: 'sex[1]', message: '"a b" is not a code' },
    ]);
  });
});
