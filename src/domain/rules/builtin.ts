/**
 * Built-in rule kinds: the secretariat picks one (or writes a custom expression) and sets its parameters.
 * A dialogue that has defined no rules of its own is checked with DEFAULT_RULES.
 */
import { DIMENSIONS } from '../observations/dimensions';
import type { RuleDef } from './engine';

export const RULE_KINDS = {
  non_negative: {
    expression: 'value >= 0',
    severity: 'error',
    params: {},
    description: 'A count cannot be negative.',
  },
  total_equals_sum: {
    expression: 'value == breakdown_sum',
    severity: 'error',
    params: { dimension: 'citizenship' },
    description:
      'The total (_T) equals the sum of its breakdown along params.dimension, when both are reported.',
  },
  yoy_change: {
    expression: 'last_year < min_base or abs(yoy_pct) <= threshold',
    severity: 'warning',
    params: { threshold: 50, min_base: 20 },
    description:
      'Change versus the same month last year above threshold % needs a comment (bases under min_base ignored).',
  },
  outlier: {
    expression: 'abs(robust_z) <= threshold',
    severity: 'warning',
    params: { threshold: 5 },
    description: "Robust z-score (median/MAD) against the series' own last 36 months above threshold.",
  },
} as const satisfies Record<
  string,
  {
    expression: string;
    severity: 'error' | 'warning';
    params: Record<string, number | string>;
    description: string;
  }
>;
export type RuleKind = keyof typeof RULE_KINDS | 'custom';

export const DEFAULT_RULES: readonly RuleDef[] = [
  { key: 'default:non_negative', name: 'Non-negative', indicator: null, ...RULE_KINDS.non_negative },
  ...DIMENSIONS.map(
    (dimension): RuleDef => ({
      key: `default:total_equals_sum:${dimension}`,
      name: `Total equals the sum of its ${dimension} breakdown`,
      indicator: null,
      ...RULE_KINDS.total_equals_sum,
      params: { dimension },
    }),
  ),
  { key: 'default:yoy_change', name: 'Change versus last year', indicator: null, ...RULE_KINDS.yoy_change },
  { key: 'default:outlier', name: 'Outlier against own history', indicator: null, ...RULE_KINDS.outlier },
];

/**
 * The "total = sum of breakdowns" rules an indicator's definition asks for (its additive breakdowns), added to
 * the rules a dialogue checks with unless a rule of the same kind already covers that indicator and dimension
 * (e.g. the defaults, which check every dimension of every indicator).
 */
export function withAdditiveRules(
  rules: readonly RuleDef[],
  indicators: readonly { code: string; additiveBreakdowns: readonly string[] }[],
): RuleDef[] {
  const kind = RULE_KINDS.total_equals_sum;
  const covers = (r: RuleDef, code: string, dimension: string) =>
    r.expression === kind.expression &&
    r.params.dimension === dimension &&
    (r.indicator === null || r.indicator === code);
  const added: RuleDef[] = [];
  for (const i of indicators)
    for (const dimension of i.additiveBreakdowns)
      if (!rules.some((r) => covers(r, i.code, dimension)))
        added.push({
          key: `indicator:${i.code}:total_equals_sum:${dimension}`,
          name: `${i.code}: total equals the sum of its ${dimension} breakdown`,
          indicator: i.code,
          expression: kind.expression,
          severity: kind.severity,
          params: { dimension },
        });
  return [...rules, ...added];
}
