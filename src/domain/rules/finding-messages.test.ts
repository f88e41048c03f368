import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension, TOTAL_CODE } from '../observations/dimensions';
import { RULE_KINDS } from './builtin';
import { compileRules, evaluateRules, type RuleFigure } from './engine';
import {
  FINDING_CODE_BY_EXPRESSION,
  FINDING_MESSAGES,
  type FindingCode,
  findingMessage,
  readStoredFinding,
} from './finding-messages';

const KEYS = ['indicator', 'period', 'breakdowns', 'value', 'sum', 'dimension', 'pct', 'lastYear', 'median'];
const sample = Object.fromEntries([...KEYS, 'rule', 'text', 'values'].map((k, i) => [k, `⟦${k}${i}⟧`]));
const shown = (text: string) => Object.keys(sample).filter((k) => text.includes(String(sample[k])));
const codes = Object.keys(FINDING_MESSAGES) as FindingCode[];

describe('finding messages', () => {
  it.each(['fr', 'ru'] as const)(
    'words every code in %s with the same placeholders as in English',
    (lang) => {
      for (const code of codes) {
        const en = FINDING_MESSAGES[code].en(sample);
        const other = findingMessage(code, sample, lang)!;
        expect(other, code).not.toBe(en);
        expect(shown(other), code).toEqual(shown(en));
        expect(other, code).not.toMatch(/undefined|\$\{/);
      }
    },
  );

  it('knows the expression of every built-in rule kind', () => {
    expect(Object.keys(FINDING_CODE_BY_EXPRESSION).sort()).toEqual(
      Object.values(RULE_KINDS)
        .map((k) => k.expression)
        .sort(),
    );
  });

  const total = Object.fromEntries(DIMENSIONS.map((d) => [d, TOTAL_CODE])) as Record<Dimension, string>;
  const fig = (ref: number, citizenship: string, value: number): RuleFigure => ({
    ref,
    indicator: 'IBC',
    reporter: 'ITA',
    period: '2024-05',
    breakdowns: { ...total, citizenship },
    value,
  });

  it('gives findings a plain sentence, a code and the expression as detail; a stored one reads back in French', () => {
    const rules = compileRules([
      { key: 'k1', name: 'Sum', indicator: null, ...RULE_KINDS.total_equals_sum },
      { key: 'k2', name: 'Non-negative', indicator: null, ...RULE_KINDS.non_negative },
      {
        key: 'k3',
        name: 'Small',
        indicator: null,
        expression: 'value < 1000',
        severity: 'warning',
        params: {},
      },
    ]);
    const findings = evaluateRules(rules, [fig(1, '_T', 300), fig(2, 'SYR', -5), fig(3, 'AFG', 2000)]);
    expect(findings.map((f) => [f.code, f.message, f.detail])).toEqual([
      [
        'RULE_TOTAL_EQUALS_SUM',
        'The total (300) differs from the sum of its citizenship breakdown (1995) for IBC 2024-05 (total)',
        'value == breakdown_sum; value=300, breakdown_sum=1995',
      ],
      [
        'RULE_NON_NEGATIVE',
        'The figure is negative (-5) for IBC 2024-05 (citizenship=SYR)',
        'value >= 0; value=-5',
      ],
      [
        'RULE_CUSTOM',
        'Small: the rule does not hold for IBC 2024-05 (citizenship=AFG)',
        'value < 1000; value=2000',
      ],
    ]);
    const f = findings[1]!;
    const stored = { code: f.code, params: f.params, detail: f.detail };
    expect(readStoredFinding(f.message, stored, 'fr')).toEqual({
      message: 'Le chiffre est négatif (-5) pour IBC 2024-05 (citizenship=SYR)',
      detail: 'value >= 0; value=-5',
    });
    expect(readStoredFinding(f.message, stored, 'en').message).toBe(f.message);
    expect(readStoredFinding(f.message, stored, 'ru').message).toBe(
      'Значение отрицательное (-5) для IBC 2024-05 (citizenship=SYR)',
    );
    // A finding stored before findings had codes stays as it was.
    expect(readStoredFinding('Non-negative: "value >= 0" does not hold', null, 'fr')).toEqual({
      message: 'Non-negative: "value >= 0" does not hold',
      detail: null,
    });
    expect(findingMessage('RULE_TOTAL_EQUALS_SUM', findings[0]!.params, 'ru')).toBe(
      'Итог (300) не равен сумме разбивки по citizenship (1995) для IBC 2024-05 (итог)',
    );
  });
});
