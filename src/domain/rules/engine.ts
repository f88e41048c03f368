/**
 * The rule engine: checks the figures of a submission against rules defined as data. Pure: the caller passes
 * the figures and the published history of their series; findings come back, nothing is written.
 *
 * Each rule is an expression (see expression.ts) that must hold for every figure it applies to; a rule
 * whose variables are undefined for a figure (no value last year, not a total …) does not apply to it.
 */

import type { MessageParams } from '../import-mapping/messages';
import {
  type Breakdowns,
  DIMENSIONS,
  type Dimension,
  describeBreakdowns,
  TOTAL_CODE,
} from '../observations/dimensions';
import { addMonths } from '../periods';
import { type CompiledExpression, compileExpression, type RuleVariable } from './expression';
import { FINDING_CODE_BY_EXPRESSION, FINDING_MESSAGES, type FindingCode } from './finding-messages';
import { median, robustZ } from './robust';
import { type BreakdownFilter, ruleAppliesTo } from './rule-scope';

export type Severity = 'error' | 'warning';

export interface RuleDef {
  /** Stable id of the rule: `rule:12` for a stored rule, `default:…` for a built-in default. */
  key: string;
  name: string;
  /** Indicator code it applies to; null = all. */
  indicator: string | null;
  /** Indicator codes it applies to (empty or absent: all) and the breakdown codes (rule-scope.ts). */
  indicators?: readonly string[] | undefined;
  breakdowns?: BreakdownFilter | undefined;
  expression: string;
  severity: Severity;
  params: Readonly<Record<string, number | string>>;
  message?: string | null;
}

export interface RuleFigure {
  /** Reference of the figure (observation id) carried into findings. */
  ref: number | string;
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
}

/** Published values of a series (same indicator, reporter and breakdowns) by period. */
export type SeriesHistory = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface Finding {
  /** Stable within a submission: `${ruleKey}@${figure ref}`; a warning's comment is given under this key. */
  key: string;
  ruleKey: string;
  ruleName: string;
  severity: Severity;
  ref: number | string;
  indicator: string;
  period: string;
  breakdowns: Breakdowns;
  /** A plain sentence in English (finding-messages.ts), without the rule's expression. */
  message: string;
  /** The sentence's stable code and parameters: readers word it in their language. */
  code: FindingCode;
  params: MessageParams;
  /** The rule's expression and the values it used, e.g. `value == breakdown_sum; value=300, breakdown_sum=295`. */
  detail: string;
  /** The variables the rule used, as they were. */
  values: Record<string, number | null>;
}

export interface CompiledRule {
  def: RuleDef;
  expr: CompiledExpression;
  dimension: Dimension | undefined;
}

/** Compiles rules; throws RuleExpressionError on a bad expression. */
export function compileRules(defs: readonly RuleDef[]): CompiledRule[] {
  return defs.map((def) => {
    const numericParams = Object.entries(def.params)
      .filter(([, v]) => typeof v === 'number')
      .map(([k]) => k);
    const dim = def.params.dimension;
    const dimension =
      typeof dim === 'string' && (DIMENSIONS as readonly string[]).includes(dim)
        ? (dim as Dimension)
        : undefined;
    return { def, expr: compileExpression(def.expression, numericParams), dimension };
  });
}

/** Key of a series: the figure key without the period. */
export function seriesKey(f: Pick<RuleFigure, 'indicator' | 'reporter' | 'breakdowns'>): string {
  return `${f.indicator}|${f.reporter}|${DIMENSIONS.map((d) => f.breakdowns[d]).join('|')}`;
}

const HISTORY_MONTHS = 36;

/** Checks every figure against every applicable rule. */
export function evaluateRules(
  rules: readonly CompiledRule[],
  figures: readonly RuleFigure[],
  history: SeriesHistory = new Map(),
): Finding[] {
  // The submission's own figures count as history too (a file may hold several years).
  const own = new Map<string, Map<string, number>>();
  for (const f of figures) {
    if (f.value === null) continue;
    const k = seriesKey(f);
    const m = own.get(k) ?? new Map<string, number>();
    own.set(k, m);
    m.set(f.period, f.value);
  }
  const lookup = (series: string, period: string): number | undefined =>
    own.get(series)?.get(period) ?? history.get(series)?.get(period);

  // Sums of breakdowns per dimension, keyed by the total they belong to.
  const sums = new Map<Dimension, Map<string, number>>();
  for (const d of new Set(rules.map((r) => r.dimension).filter((d): d is Dimension => d !== undefined))) {
    const m = new Map<string, number>();
    for (const f of figures) {
      if (f.breakdowns[d] === TOTAL_CODE || f.value === null) continue;
      const k = `${f.period}|${seriesKey({ ...f, breakdowns: { ...f.breakdowns, [d]: TOTAL_CODE } })}`;
      m.set(k, (m.get(k) ?? 0) + f.value);
    }
    sums.set(d, m);
  }

  const findings: Finding[] = [];
  for (const f of figures) {
    const series = seriesKey(f);
    const base = lazyScope(f, series, lookup);
    for (const rule of rules) {
      if (!ruleAppliesTo(rule.def, f)) continue;
      const scope: Record<string, number | undefined> = {};
      for (const s of rule.expr.symbols) {
        if (s === 'breakdown_sum') {
          scope[s] =
            rule.dimension && f.breakdowns[rule.dimension] === TOTAL_CODE
              ? sums.get(rule.dimension)?.get(`${f.period}|${series}`)
              : undefined;
        } else if (s in base) {
          scope[s] = base[s as Exclude<RuleVariable, 'breakdown_sum'>]();
        } else {
          const p = rule.def.params[s];
          scope[s] = typeof p === 'number' ? p : undefined;
        }
      }
      if (rule.expr.test(scope) !== false) continue;
      const values = Object.fromEntries(rule.expr.symbols.map((s) => [s, scope[s] ?? null]));
      findings.push({
        key: `${rule.def.key}@${f.ref}`,
        ruleKey: rule.def.key,
        ruleName: rule.def.name,
        severity: rule.def.severity,
        ref: f.ref,
        indicator: f.indicator,
        period: f.period,
        breakdowns: f.breakdowns,
        ...describeFinding(rule, f, values, base),
        values,
      });
    }
  }
  return findings;
}

type Scope = Record<Exclude<RuleVariable, 'breakdown_sum'>, () => number | undefined>;

function lazyScope(
  f: RuleFigure,
  series: string,
  lookup: (series: string, period: string) => number | undefined,
): Scope {
  const memo = <T>(fn: () => T) => {
    let done = false;
    let v: T;
    return () => {
      if (!done) {
        v = fn();
        done = true;
      }
      return v;
    };
  };
  const historyValues = memo(() => {
    const xs: number[] = [];
    for (let i = 1; i <= HISTORY_MONTHS; i++) {
      const v = lookup(series, addMonths(f.period, -i));
      if (v !== undefined) xs.push(v);
    }
    return xs;
  });
  const value = () => f.value ?? undefined;
  const lastYear = memo(() => lookup(series, addMonths(f.period, -12)));
  const historyMedian = memo(() => median(historyValues()));
  return {
    value,
    previous: memo(() => lookup(series, addMonths(f.period, -1))),
    last_year: lastYear,
    yoy_pct: () => {
      const v = value();
      const ly = lastYear();
      return v === undefined || ly === undefined || ly === 0 ? undefined : ((v - ly) / ly) * 100;
    },
    history_count: () => historyValues().length,
    history_median: historyMedian,
    history_mad: memo(() => {
      const m = historyMedian();
      return m === undefined ? undefined : median(historyValues().map((x) => Math.abs(x - m)));
    }),
    robust_z: memo(() => {
      const v = value();
      return v === undefined ? undefined : robustZ(v, historyValues());
    }),
  };
}

const shownNumber = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : Number.isInteger(v) ? String(v) : v.toFixed(2);

function describeFinding(
  rule: CompiledRule,
  f: RuleFigure,
  values: Record<string, number | null>,
  base: Scope,
): Pick<Finding, 'message' | 'code' | 'params' | 'detail'> {
  const breakdowns = describeBreakdowns(f.breakdowns);
  const at = {
    indicator: f.indicator,
    period: f.period,
    breakdowns: breakdowns === 'total' ? '' : breakdowns,
  };
  const shown = Object.entries(values)
    .map(([k, v]) => `${k}=${shownNumber(v)}`)
    .join(', ');
  const detail = `${rule.def.expression}; ${shown}`;
  const kind = rule.def.message ? undefined : FINDING_CODE_BY_EXPRESSION[rule.def.expression];
  const v = shownNumber(values.value ?? f.value);
  const params: MessageParams = rule.def.message
    ? { ...at, text: rule.def.message, values: shown }
    : kind === 'RULE_NON_NEGATIVE'
      ? { ...at, value: v }
      : kind === 'RULE_TOTAL_EQUALS_SUM'
        ? { ...at, value: v, sum: shownNumber(values.breakdown_sum), dimension: rule.dimension ?? '' }
        : kind === 'RULE_YOY_CHANGE'
          ? { ...at, value: v, lastYear: shownNumber(values.last_year), pct: shownNumber(values.yoy_pct) }
          : kind === 'RULE_OUTLIER'
            ? { ...at, value: v, median: shownNumber(base.history_median()) }
            : { ...at, rule: rule.def.name };
  const code: FindingCode = rule.def.message ? 'RULE_OWN_MESSAGE' : (kind ?? 'RULE_CUSTOM');
  return { message: FINDING_MESSAGES[code].en(params), code, params, detail };
}
