/**
 * Validation rules of a dialogue: rules are data (a built-in kind with parameters, an expression over the
 * rule variables, or DHIS2-style a left side, an operator and a right side), applying to some indicators and
 * breakdown codes, defined by the secretariat's data managers, read by every member, with how many figures
 * each flagged. `activeRules` is what the submission workflow and the re-runs check figures with. Every
 * version of a rule is kept; a change names the revision it started from. One use case per function, one
 * transaction each, run as the actor so row-level security applies too. Re-runs: validation-rules.run.ts.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { DEFAULT_RULES, RULE_KINDS, withAdditiveRules } from '../../domain/rules/builtin';
import { compileRules, type RuleDef } from '../../domain/rules/engine';
import { RULE_VARIABLES, RuleExpressionError } from '../../domain/rules/expression';
import { checkBreakdownFilter, expressionOfSides, type SideOperator } from '../../domain/rules/rule-scope';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { requireMemberDialogue } from '../dialogues/dialogues.service';
import { listAdditiveBreakdowns, listIndicatorCodes } from '../indicators/indicators.service';
import { validationRulesPolicy } from './validation-rules.policy';
import type { RuleCreateBody, RuleList, RuleUpdateBody, RuleView } from './validation-rules.schema';
import {
  countFlaggedInSubmissions,
  findRuleForUpdate,
  insertRule,
  insertRuleRevision,
  latestDoneRun,
  listRuleRows,
  type RuleFields,
  type RuleRow,
  updateRule as updateRuleRow,
} from './validation-rules.sql';
import { toRunView } from './validation-rules.views';

type Flagged = RuleView['flagged'];
const NO_FLAGS: Flagged = { inSubmissions: 0, inLastRun: null };
const FLAG_WINDOW_DAYS = 30;

const ruleView = (r: RuleRow, flagged: Flagged = NO_FLAGS): RuleView => ({
  id: r.id,
  key: `rule:${r.id}`,
  name: r.name,
  kind: r.kind,
  indicator: r.indicator_code,
  indicators: r.indicator_codes,
  breakdowns: r.breakdown_filter,
  expression: r.expression,
  leftSide: r.left_side,
  operator: r.operator,
  rightSide: r.right_side,
  severity: r.severity,
  params: r.params,
  message: r.message,
  isEnabled: r.is_enabled,
  revision: r.revision,
  flagged,
});
const defaultView = (r: RuleDef, flagged: Flagged = NO_FLAGS): RuleView => ({
  id: null,
  key: r.key,
  name: r.name,
  kind: r.key.split(':')[1] ?? 'custom',
  indicator: r.indicator,
  indicators: [],
  breakdowns: {},
  expression: r.expression,
  leftSide: null,
  operator: null,
  rightSide: null,
  severity: r.severity,
  params: { ...r.params },
  message: r.message ?? null,
  isEnabled: true,
  revision: 0,
  flagged,
});

/** A rule as the engine runs it. */
export const ruleDefOf = (r: RuleRow): RuleDef => ({
  key: `rule:${r.id}`,
  name: r.name,
  indicator: r.indicator_code,
  indicators: r.indicator_codes,
  breakdowns: r.breakdown_filter,
  expression: r.expression,
  severity: r.severity,
  params: r.params,
  message: r.message,
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
  return rows.filter((r) => r.is_enabled).map(ruleDefOf);
}

export async function listRules(ctx: Ctx, slug: string): Promise<RuleList> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const rows = await listRuleRows(db, d.id);
    const since = new Date(Date.now() - FLAG_WINDOW_DAYS * 86_400_000);
    const inSubmissions = new Map(
      (await countFlaggedInSubmissions(db, d.id, since)).map((c) => [c.rule_key, c.n]),
    );
    // Runs are the secretariat's (row-level security): others see no last run.
    const last = await latestDoneRun(db, d.id);
    const inRun = new Map((last?.counts ?? []).map((c) => [c.rule_key, c.n]));
    const flagsOf = (key: string): Flagged => ({
      inSubmissions: inSubmissions.get(key) ?? 0,
      inLastRun: last ? (inRun.get(key) ?? 0) : null,
    });
    return {
      rules: rows.map((r) => ruleView(r, flagsOf(`rule:${r.id}`))),
      isUsingDefaults: rows.length === 0,
      defaults: DEFAULT_RULES.map((r) => defaultView(r, flagsOf(r.key))),
      variables: { ...RULE_VARIABLES },
      flaggedSince: since.toISOString(),
      lastRun: last ? toRunView(last.run) : null,
    };
  });
}

function checkRule(def: Pick<RuleDef, 'expression' | 'params'>, field = 'body.expression'): void {
  try {
    compileRules([{ key: 'x', name: 'x', indicator: null, severity: 'error', ...def }]);
  } catch (e) {
    if (e instanceof RuleExpressionError) throw new Invalid([{ field, message: e.message }]);
    throw e;
  }
}

interface SidesInput {
  expression?: string | undefined;
  leftSide?: string | undefined;
  operator?: SideOperator | undefined;
  rightSide?: string | undefined;
}

/** Left side, operator and right side all or none, and not together with an expression. */
function sidesOf(input: SidesInput): { leftSide: string; operator: SideOperator; rightSide: string } | null {
  const given = (['leftSide', 'operator', 'rightSide'] as const).filter((k) => input[k] !== undefined);
  if (!given.length) return null;
  const errors: FieldError[] = (['leftSide', 'operator', 'rightSide'] as const)
    .filter((k) => input[k] === undefined)
    .map((k) => ({ field: `body.${k}`, message: 'is required with a left side, operator and right side' }));
  if (input.expression !== undefined)
    errors.push({
      field: 'body.expression',
      message: 'give either an expression or a left side, operator and right side, not both',
    });
  if (errors.length) throw new Invalid(errors);
  return { leftSide: input.leftSide!, operator: input.operator!, rightSide: input.rightSide! };
}

/** Indicators must be the dialogue's (and visible to the caller); breakdown filters well formed. */
async function checkScope(
  db: Queryable,
  dialogueId: number,
  input: { indicators?: string[] | undefined; breakdowns?: Record<string, string[]> | undefined },
): Promise<void> {
  const errors: FieldError[] = [];
  if (input.indicators?.length) {
    const known = new Set((await listIndicatorCodes(db, dialogueId)).map((i) => i.code));
    input.indicators.forEach((code, i) => {
      if (!known.has(code))
        errors.push({ field: `body.indicators[${i}]`, message: `unknown indicator "${code}"` });
    });
  }
  for (const p of checkBreakdownFilter(input.breakdowns ?? {}))
    errors.push({ field: `body.breakdowns.${p.at}`, message: p.message });
  if (errors.length) throw new Invalid(errors);
}

const revisionData = (r: RuleRow) => ({
  name: r.name,
  kind: r.kind,
  expression: r.expression,
  leftSide: r.left_side,
  operator: r.operator,
  rightSide: r.right_side,
  severity: r.severity,
  params: r.params,
  message: r.message,
  isEnabled: r.is_enabled,
  indicators: r.indicator_codes,
  breakdowns: r.breakdown_filter,
});

export async function createRule(ctx: Ctx, slug: string, input: RuleCreateBody): Promise<RuleView> {
  const d = await requireMemberDialogue(ctx, slug);
  if (!allows(ctx.actor, validationRulesPolicy.manage, { dialogueId: d.id }))
    throw new Forbidden('Only data managers of the secretariat define validation rules');
  const sides = sidesOf(input);
  if (input.indicator && input.indicators?.length)
    throw new Invalid([
      { field: 'body.indicators', message: 'give either indicator or indicators, not both' },
    ]);
  const kind = input.kind === 'custom' || sides ? undefined : RULE_KINDS[input.kind];
  const expression = sides
    ? expressionOfSides(sides.leftSide, sides.operator, sides.rightSide)
    : (input.expression ?? kind?.expression);
  if (!expression)
    throw new Invalid([{ field: 'body.expression', message: 'is required for a custom rule' }]);
  const params = { ...(kind?.params ?? {}), ...(input.params ?? {}) };
  const severity = input.severity ?? kind?.severity ?? 'error';
  checkRule({ expression, params }, sides ? 'body.leftSide' : 'body.expression');
  return withActor(ctx.db, ctx.actor, async (db) => {
    await checkScope(db, d.id, input);
    const fields: RuleFields = {
      indicator: input.indicator ?? null,
      indicators: input.indicators ?? (input.indicator ? [input.indicator] : []),
      breakdowns: input.breakdowns ?? {},
      name: input.name,
      expression,
      leftSide: sides?.leftSide ?? null,
      operator: sides?.operator ?? null,
      rightSide: sides?.rightSide ?? null,
      severity,
      params,
      message: input.message ?? null,
    };
    const row = await insertRule(db, {
      ...fields,
      dialogueId: d.id,
      kind: sides ? 'custom' : input.kind,
      userId: ctx.actor?.userId ?? null,
    });
    await insertRuleRevision(db, {
      ruleId: row.id,
      dialogueId: d.id,
      revision: row.revision,
      data: revisionData(row),
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
  const sides = sidesOf(input);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const cur = await findRuleForUpdate(db, d.id, id);
    if (!cur) throw new NotFound(`Rule ${id}`);
    if (input.expectedRevision !== undefined && input.expectedRevision !== cur.revision)
      throw new Conflict(
        `Rule ${id} was changed after you opened it (now revision ${cur.revision}); reload it`,
        ruleView(cur),
      );
    await checkScope(db, d.id, input);
    // A new expression replaces the sides; new sides replace the expression.
    const expression = sides
      ? expressionOfSides(sides.leftSide, sides.operator, sides.rightSide)
      : (input.expression ?? cur.expression);
    const params = input.params ?? cur.params;
    checkRule({ expression, params }, sides ? 'body.leftSide' : 'body.expression');
    const keepSides = !sides && input.expression === undefined;
    const row = await updateRuleRow(db, id, {
      name: input.name ?? cur.name,
      indicator: input.indicators ? null : cur.indicator_code,
      indicators: input.indicators ?? cur.indicator_codes,
      breakdowns: input.breakdowns ?? cur.breakdown_filter,
      expression,
      leftSide: sides?.leftSide ?? (keepSides ? cur.left_side : null),
      operator: sides?.operator ?? (keepSides ? cur.operator : null),
      rightSide: sides?.rightSide ?? (keepSides ? cur.right_side : null),
      severity: input.severity ?? cur.severity,
      params,
      message: input.message === undefined ? cur.message : input.message,
      isEnabled: input.isEnabled ?? cur.is_enabled,
    });
    await insertRuleRevision(db, {
      ruleId: id,
      dialogueId: d.id,
      revision: row.revision,
      data: revisionData(row),
      userId: ctx.actor?.userId ?? null,
    });
    await recordAudit(db, ctx.actor, 'rule.update', { type: 'validation_rule', id, dialogueId: d.id }, input);
    return ruleView(row);
  });
}
