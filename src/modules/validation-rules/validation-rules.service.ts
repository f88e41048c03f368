/**
 * Validation rules of a dialogue: rules are data (a built-in kind with parameters, or an expression over the
 * rule variables), defined by the secretariat's data managers, read by every member. `activeRules` is what the
 * submission workflow checks a submission with. One use case per function, one transaction each, run as the
 * actor so row-level security applies too.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { DEFAULT_RULES, RULE_KINDS, withAdditiveRules } from '../../domain/rules/builtin';
import { compileRules, type RuleDef } from '../../domain/rules/engine';
import { RULE_VARIABLES, RuleExpressionError } from '../../domain/rules/expression';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { requireMemberDialogue } from '../dialogues/dialogues.service';
import { listAdditiveBreakdowns } from '../indicators/indicators.service';
import { validationRulesPolicy } from './validation-rules.policy';
import type { RuleCreateBody, RuleList, RuleUpdateBody, RuleView } from './validation-rules.schema';
import {
  findRuleForUpdate,
  insertRule,
  listRuleRows,
  type RuleRow,
  updateRule as updateRuleRow,
} from './validation-rules.sql';

const ruleView = (r: RuleRow): RuleView => ({
  id: r.id,
  key: `rule:${r.id}`,
  name: r.name,
  kind: r.kind,
  indicator: r.indicator_code,
  expression: r.expression,
  severity: r.severity,
  params: r.params,
  message: r.message,
  isEnabled: r.is_enabled,
});
const defaultView = (r: RuleDef): RuleView => ({
  id: null,
  key: r.key,
  name: r.name,
  kind: r.key.split(':')[1] ?? 'custom',
  indicator: r.indicator,
  expression: r.expression,
  severity: r.severity,
  params: { ...r.params },
  message: r.message ?? null,
  isEnabled: true,
});

/**
 * The rules a submission is checked with: the dialogue's enabled rules, or the defaults if it has none, plus
 * "total = sum of breakdowns" for each additive breakdown an indicator's definition declares. Runs in the
 * caller's transaction.
 */
export async function activeRules(db: Queryable, dialogueId: number): Promise<RuleDef[]> {
  return withAdditiveRules(await dialogueRules(db, dialogueId), await listAdditiveBreakdowns(db, dialogueId));
}

async function dialogueRules(db: Queryable, dialogueId: number): Promise<RuleDef[]> {
  const rows = await listRuleRows(db, dialogueId);
  if (!rows.length) return [...DEFAULT_RULES];
  return rows
    .filter((r) => r.is_enabled)
    .map((r) => ({
      key: `rule:${r.id}`,
      name: r.name,
      indicator: r.indicator_code,
      expression: r.expression,
      severity: r.severity,
      params: r.params,
      message: r.message,
    }));
}

export async function listRules(ctx: Ctx, slug: string): Promise<RuleList> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const rows = await listRuleRows(db, d.id);
    return {
      rules: rows.map(ruleView),
      isUsingDefaults: rows.length === 0,
      defaults: DEFAULT_RULES.map(defaultView),
      variables: { ...RULE_VARIABLES },
    };
  });
}

function checkRule(def: Pick<RuleDef, 'expression' | 'params'>): void {
  try {
    compileRules([{ key: 'x', name: 'x', indicator: null, severity: 'error', ...def }]);
  } catch (e) {
    if (e instanceof RuleExpressionError)
      throw new Invalid([{ field: 'body.expression', message: e.message }]);
    throw e;
  }
}

export async function createRule(ctx: Ctx, slug: string, input: RuleCreateBody): Promise<RuleView> {
  const d = await requireMemberDialogue(ctx, slug);
  if (!allows(ctx.actor, validationRulesPolicy.manage, { dialogueId: d.id }))
    throw new Forbidden('Only data managers of the secretariat define validation rules');
  const kind = input.kind === 'custom' ? undefined : RULE_KINDS[input.kind];
  const expression = input.expression ?? kind?.expression;
  if (!expression)
    throw new Invalid([{ field: 'body.expression', message: 'is required for a custom rule' }]);
  const params = { ...(kind?.params ?? {}), ...(input.params ?? {}) };
  const severity = input.severity ?? kind?.severity ?? 'error';
  checkRule({ expression, params });
  return withActor(ctx.db, ctx.actor, async (db) => {
    const row = await insertRule(db, {
      dialogueId: d.id,
      indicator: input.indicator ?? null,
      name: input.name,
      kind: input.kind,
      expression,
      severity,
      params,
      message: input.message ?? null,
      userId: ctx.actor?.userId ?? null,
    });
    await recordAudit(
      db,
      ctx.actor,
      'rule.create',
      { type: 'validation_rule', id: row.id, dialogueId: d.id },
      { expression, severity },
    );
    return ruleView(row);
  });
}

export async function updateRule(
  ctx: Ctx,
  slug: string,
  id: number,
  input: RuleUpdateBody,
): Promise<RuleView> {
  const d = await requireMemberDialogue(ctx, slug);
  if (!allows(ctx.actor, validationRulesPolicy.manage, { dialogueId: d.id }))
    throw new Forbidden('Only data managers of the secretariat change validation rules');
  return withActor(ctx.db, ctx.actor, async (db) => {
    const cur = await findRuleForUpdate(db, d.id, id);
    if (!cur) throw new NotFound(`Rule ${id}`);
    const next = { ...cur, ...input };
    const expression = input.expression ?? cur.expression;
    const params = input.params ?? cur.params;
    checkRule({ expression, params });
    const row = await updateRuleRow(db, id, {
      name: next.name,
      expression,
      severity: input.severity ?? cur.severity,
      params,
      message: input.message === undefined ? cur.message : input.message,
      isEnabled: input.isEnabled ?? cur.is_enabled,
    });
    await recordAudit(db, ctx.actor, 'rule.update', { type: 'validation_rule', id, dialogueId: d.id }, input);
    return ruleView(row);
  });
}
