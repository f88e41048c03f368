/** zod schemas of the validation rules of a dialogue (rules are data: a built-in kind or an expression). */
import { z } from 'zod';
import { SlugParams } from '../observations/observations.schema';

export const RuleParams = SlugParams.extend({ id: z.coerce.number().int().positive() });

export const RuleView = z.object({
  id: z.number().nullable(),
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  indicator: z.string().nullable(),
  expression: z.string(),
  severity: z.enum(['error', 'warning']),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  message: z.string().nullable(),
  isEnabled: z.boolean(),
});
export type RuleView = z.infer<typeof RuleView>;
export const RuleList = z.object({
  rules: z.array(RuleView),
  /** true when the dialogue has no rules of its own and the built-in defaults apply. */
  isUsingDefaults: z.boolean(),
  defaults: z.array(RuleView),
  variables: z.record(z.string(), z.string()),
});
export type RuleList = z.infer<typeof RuleList>;

export const RuleCreateBody = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(['non_negative', 'total_equals_sum', 'yoy_change', 'outlier', 'custom']).default('custom'),
    indicator: z.string().nullable().optional(),
    expression: z.string().min(1).max(500).optional(),
    severity: z.enum(['error', 'warning']).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    message: z.string().max(500).nullable().optional(),
  })
  .strict();
export type RuleCreateBody = z.infer<typeof RuleCreateBody>;
export const RuleUpdateBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    expression: z.string().min(1).max(500).optional(),
    severity: z.enum(['error', 'warning']).optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    message: z.string().max(500).nullable().optional(),
    isEnabled: z.boolean().optional(),
  })
  .strict();
export type RuleUpdateBody = z.infer<typeof RuleUpdateBody>;
