/**
 * What a validation rule applies to, and rules written DHIS2-style as left side, operator, right side.
 * Pure. A rule applies to the figures of its indicators (none listed: every indicator) whose breakdown codes
 * are within its filter: `{ citizenship: ['_T'] }` checks citizenship totals only, `{ border_type: ['SEA'] }`
 * figures of sea borders only; a dimension not in the filter may take any code.
 */
import { type Breakdowns, DIMENSIONS, type Dimension } from '../observations/dimensions';

export type BreakdownFilter = Readonly<Partial<Record<Dimension, readonly string[]>>>;

export interface RuleScope {
  /** The single indicator of older rules; null = no restriction from it. */
  indicator: string | null;
  /** Indicator codes; empty or absent = every indicator. */
  indicators?: readonly string[] | undefined;
  breakdowns?: BreakdownFilter | undefined;
}

export function ruleAppliesTo(scope: RuleScope, f: { indicator: string; breakdowns: Breakdowns }): boolean {
  if (scope.indicator !== null && scope.indicator !== f.indicator) return false;
  if (scope.indicators?.length && !scope.indicators.includes(f.indicator)) return false;
  for (const d of DIMENSIONS) {
    const codes = scope.breakdowns?.[d];
    if (codes?.length && !codes.includes(f.breakdowns[d])) return false;
  }
  return true;
}

export const SIDE_OPERATORS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type SideOperator = (typeof SIDE_OPERATORS)[number];

/** The rule expression of "left side OPERATOR right side" (each side an arithmetic expression). */
export function expressionOfSides(left: string, operator: SideOperator, right: string): string {
  return `(${left.trim()}) ${operator} (${right.trim()})`;
}

const DIMENSION_NAMES: ReadonlySet<string> = new Set(DIMENSIONS);

/** Problems with a breakdown filter, as (dimension or dimension[i], message); empty when it is fine. */
export function checkBreakdownFilter(
  filter: Readonly<Record<string, readonly string[]>>,
): { at: string; message: string }[] {
  const problems: { at: string; message: string }[] = [];
  for (const [d, codes] of Object.entries(filter)) {
    if (!DIMENSION_NAMES.has(d)) {
      problems.push({ at: d, message: `unknown breakdown "${d}"; use one of: ${DIMENSIONS.join(', ')}` });
      continue;
    }
    codes.forEach((c, i) => {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(c))
        problems.push({ at: `${d}[${i}]`, message: `"${c}" is not a code` });
    });
  }
  return problems;
}
