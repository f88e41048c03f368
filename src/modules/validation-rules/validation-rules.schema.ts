/**
 * zod schemas of the validation rules of a dialogue (rules are data: a built-in kind, an expression, or a
 * left side, operator and right side), what they flagged, and their re-runs over published figures.
 */
import { z } from 'zod';
import { SIDE_OPERATORS } from '../../domain/rules/rule-scope';
import { SlugParams } from '../observations/observations.schema';

export const RuleParams = SlugParams.extend({ id: z.coerce.number().int().positive() });
export const RunParams = SlugParams.extend({ runId: z.coerce.number().int().positive() });

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const Side = z.string().trim().min(1).max(240);
const Breakdowns = z
  .record(z.string(), z.array(z.string()).max(300))
  .describe(
    'breakdown codes a figure must have, per dimension: {"citizenship": ["_T"]} = citizenship totals only',
  );

export const RuleView = z.object({
  id: z.number().nullable(),
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  indicator: z.string().nullable(),
  /** Indicator codes it applies to; empty = every indicator. */
  indicators: z.array(z.string()),
  breakdowns: z.record(z.string(), z.array(z.string())),
  expression: z.string(),
  leftSide: z.string().nullable(),
  operator: z.enum(SIDE_OPERATORS).nullable(),
  rightSide: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  message: z.string().nullable(),
  isEnabled: z.boolean(),
  /** 0 for a built-in default. */
  revision: z.number().int(),
  flagged: z.object({
    /** Figures it flagged in submissions submitted in the last 30 days (warnings, explained by a comment). */
    inSubmissions: z.number().int(),
    /** Violations in the latest finished re-run over published figures; null before any. */
    inLastRun: z.number().int().nullable(),
  }),
});
export type RuleView = z.infer<typeof RuleView>;

export const RunView = z.object({
  id: z.number(),
  from: z.string(),
  to: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  figuresChecked: z.number().int(),
  violations: z.number().int(),
  /** More violations than were kept (the export lists the first ones). */
  isTruncated: z.boolean(),
  error: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RunView = z.infer<typeof RunView>;

export const RuleList = z.object({
  rules: z.array(RuleView),
  /** true when the dialogue has no rules of its own and the built-in defaults apply. */
  isUsingDefaults: z.boolean(),
  defaults: z.array(RuleView),
  variables: z.record(z.string(), z.string()),
  /** Start of the window of `flagged.inSubmissions`. */
  flaggedSince: z.string(),
  /** The latest finished re-run (secretariat only; null for others or before any). */
  lastRun: RunView.nullable(),
});
export type RuleList = z.infer<typeof RuleList>;

export const RuleCreateBody = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(['non_negative', 'total_equals_sum', 'yoy_change', 'outlier', 'custom']).default('custom'),
    indicator: z.string().nullable().optional(),
    indicators: z.array(z.string().min(1).max(32)).max(100).optional(),
    breakdowns: Breakdowns.optional(),
    expression: z.string().min(1).max(500).optional(),
    leftSide: Side.optional(),
    operator: z.enum(SIDE_OPERATORS).optional(),
    rightSide: Side.optional(),
    severity: z.enum(['error', 'warning']).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    message: z.string().max(500).nullable().optional(),
  })
  .strict();
export type RuleCreateBody = z.infer<typeof RuleCreateBody>;
export const RuleUpdateBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    indicators: z.array(z.string().min(1).max(32)).max(100).optional(),
    breakdowns: Breakdowns.optional(),
    expression: z.string().min(1).max(500).optional(),
    leftSide: Side.optional(),
    operator: z.enum(SIDE_OPERATORS).optional(),
    rightSide: Side.optional(),
    severity: z.enum(['error', 'warning']).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    message: z.string().max(500).nullable().optional(),
    /** false retires the rule (it stays, with its history, and can be reactivated). */
    isEnabled: z.boolean().optional(),
    /** The revision the editor started from: a newer one answers 409 with the current rule. */
    expectedRevision: z.number().int().min(1).optional(),
  })
  .strict();
export type RuleUpdateBody = z.infer<typeof RuleUpdateBody>;

export const RunCreateBody = z
  .object({
    /** First and last month of published figures to check (default: the twelve months before this one). */
    from: Period.optional(),
    to: Period.optional(),
  })
  .strict();
export type RunCreateBody = z.infer<typeof RunCreateBody>;

export const RunList = z.object({ runs: z.array(RunView) });

export const ViolationsQuery = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    rule: z.string().max(100).optional().describe('a rule key, e.g. rule:12'),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    afterId: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ViolationsQuery = z.infer<typeof ViolationsQuery>;

export const ViolationView = z.object({
  id: z.number(),
  ruleKey: z.string(),
  rule: z.string(),
  severity: z.string(),
  observationId: z.number().nullable(),
  indicator: z.string(),
  reporter: z.string(),
  period: z.string(),
  breakdowns: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  /** In the caller's language (a violation kept before its wording was: English). */
  message: z.string(),
  /** The rule's expression and the values it saw (null for violations kept before). */
  detail: z.string().nullable(),
});
export const ViolationList = z.object({ run: RunView, violations: z.array(ViolationView) });
