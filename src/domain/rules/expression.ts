/**
 * Rule expressions: arithmetic and comparisons over the variables of one figure (see RULE_VARIABLES), parsed
 * with mathjs's expression parser (no eval) and checked against an allow-list before they can run: only
 * numbers, the listed variables and parameters, arithmetic/comparison/logical operators, `? :` and a few
 * numeric functions. Assignments, property access, matrices and function definitions are refused.
 */
import { all, create, type MathNode } from 'mathjs';

const math = create(all!);

/** Variables a rule can use for the figure being checked; undefined ones make the rule not applicable. */
export const RULE_VARIABLES = {
  value: 'the figure',
  previous: 'the same figure one month earlier',
  last_year: 'the same figure in the same month of the previous year',
  yoy_pct: 'percentage change versus the same month of the previous year (undefined when last_year is 0)',
  breakdown_sum: 'sum of the figures broken down along params.dimension (defined on its _T total only)',
  history_count: 'number of published months in the 36 months before the period',
  history_median: 'median of those months',
  history_mad: 'median absolute deviation of those months',
  robust_z: 'robust z-score of the figure against those months (undefined with < 12 months or no spread)',
} as const;
export type RuleVariable = keyof typeof RULE_VARIABLES;

export const RULE_FUNCTIONS = ['abs', 'min', 'max', 'round', 'floor', 'ceil', 'sqrt', 'log', 'exp'] as const;

const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'unaryMinus',
  'unaryPlus',
  'pow',
  'mod',
  'equal',
  'unequal',
  'smaller',
  'larger',
  'smallerEq',
  'largerEq',
  'and',
  'or',
  'not',
]);
const ALLOWED_NODES = new Set([
  'ConstantNode',
  'SymbolNode',
  'OperatorNode',
  'ParenthesisNode',
  'FunctionNode',
  'ConditionalNode',
]);

export class RuleExpressionError extends Error {}

export interface CompiledExpression {
  readonly source: string;
  /** Variables and parameters it refers to. */
  readonly symbols: readonly string[];
  /** true/false, or undefined when a variable it needs is undefined for this figure. */
  test(scope: Readonly<Record<string, number | undefined>>): boolean | undefined;
}

/** Parses and checks an expression; `paramNames` are the rule's own parameters (threshold …). */
export function compileExpression(source: string, paramNames: readonly string[] = []): CompiledExpression {
  if (source.length > 500) throw new RuleExpressionError('expression is longer than 500 characters');
  let root: MathNode;
  try {
    root = math.parse(source);
  } catch (e) {
    throw new RuleExpressionError(`cannot parse expression: ${(e as Error).message}`);
  }
  const allowedSymbols = new Set<string>([...Object.keys(RULE_VARIABLES), ...paramNames]);
  const functions: ReadonlySet<string> = new Set(RULE_FUNCTIONS);
  const symbols = new Set<string>();
  root.traverse((node, path, parent) => {
    if (!ALLOWED_NODES.has(node.type)) throw new RuleExpressionError(`${describe(node)} is not allowed`);
    if (node.type === 'OperatorNode') {
      const fn = (node as unknown as { fn: string; op: string }).fn;
      if (!OPERATORS.has(fn))
        throw new RuleExpressionError(`operator "${(node as unknown as { op: string }).op}" is not allowed`);
    }
    if (node.type === 'FunctionNode') {
      const name = (node as unknown as { fn: { name?: string } }).fn.name;
      if (!name || !functions.has(name))
        throw new RuleExpressionError(
          `function "${name ?? '?'}" is not allowed; use one of: ${RULE_FUNCTIONS.join(', ')}`,
        );
    }
    if (node.type === 'SymbolNode' && !(parent?.type === 'FunctionNode' && path === 'fn')) {
      const name = (node as unknown as { name: string }).name;
      if (!allowedSymbols.has(name))
        throw new RuleExpressionError(
          `unknown variable "${name}"; use one of: ${[...allowedSymbols].join(', ')}`,
        );
      symbols.add(name);
    }
  });
  const code = root.compile();
  return {
    source,
    symbols: [...symbols],
    test(scope) {
      const defined: Record<string, number> = {};
      for (const s of symbols) {
        const v = scope[s];
        if (v !== undefined && v !== null && Number.isFinite(v)) defined[s] = v;
      }
      // mathjs throws on an undefined variable it needs; without a stack trace to capture the throw is cheap
      // (it was most of a submit's rule run: a figure without last year's value throws for every rule that
      // reads it). evaluate is synchronous, so nothing else runs while the limit is 0.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        const r: unknown = code.evaluate(defined);
        return typeof r === 'boolean' ? r : typeof r === 'number' ? r !== 0 : undefined;
      } catch {
        // An undefined variable that was needed: the rule does not apply to this figure.
        return undefined;
      } finally {
        Error.stackTraceLimit = limit;
      }
    },
  };
}

function describe(node: MathNode): string {
  const names: Record<string, string> = {
    AssignmentNode: 'assignment',
    FunctionAssignmentNode: 'defining a function',
    AccessorNode: 'property access',
    ArrayNode: 'a matrix',
    ObjectNode: 'an object',
    IndexNode: 'indexing',
    RangeNode: 'a range',
    BlockNode: 'several statements',
    RelationalNode: 'a chained comparison',
  };
  return names[node.type] ?? node.type;
}
