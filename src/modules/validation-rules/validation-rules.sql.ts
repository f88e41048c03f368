/** Queries of the validation rules of a dialogue (table validation_rules). */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface RuleRow {
  id: number;
  indicator_code: string | null;
  name: string;
  kind: string;
  expression: string;
  severity: 'error' | 'warning';
  params: Record<string, number | string>;
  message: string | null;
  is_enabled: boolean;
}

const ruleColumns = sql`id, indicator_code, name, kind, expression, severity, params, message, is_enabled`;

export function listRuleRows(db: Queryable, dialogueId: number): Promise<RuleRow[]> {
  return db.query(
    sql`SELECT ${ruleColumns} FROM validation_rules WHERE dialogue_id = ${dialogueId} ORDER BY id`,
  );
}

export async function insertRule(
  db: Queryable,
  r: {
    dialogueId: number;
    indicator: string | null;
    name: string;
    kind: string;
    expression: string;
    severity: 'error' | 'warning';
    params: Record<string, number | string>;
    message: string | null;
    userId: number | null;
  },
): Promise<RuleRow> {
  const [row] = await db.query<RuleRow>(sql`INSERT INTO validation_rules
      (dialogue_id, indicator_code, name, kind, expression, severity, params, message, created_by)
    VALUES (${r.dialogueId}, ${r.indicator}, ${r.name}, ${r.kind}, ${r.expression}, ${r.severity},
      ${JSON.stringify(r.params)}::jsonb, ${r.message}, ${r.userId})
    RETURNING ${ruleColumns}`);
  return row!;
}

/** The rule, locked for an update in this transaction. */
export async function findRuleForUpdate(
  db: Queryable,
  dialogueId: number,
  id: number,
): Promise<RuleRow | undefined> {
  const [row] = await db.query<RuleRow>(sql`SELECT ${ruleColumns}
    FROM validation_rules WHERE dialogue_id = ${dialogueId} AND id = ${id} FOR UPDATE`);
  return row;
}

export async function updateRule(
  db: Queryable,
  id: number,
  r: {
    name: string;
    expression: string;
    severity: 'error' | 'warning';
    params: Record<string, number | string>;
    message: string | null;
    isEnabled: boolean;
  },
): Promise<RuleRow> {
  const [row] = await db.query<RuleRow>(sql`UPDATE validation_rules SET name = ${r.name},
      expression = ${r.expression}, severity = ${r.severity}, params = ${JSON.stringify(r.params)}::jsonb,
      message = ${r.message}, is_enabled = ${r.isEnabled}
    WHERE id = ${id} RETURNING ${ruleColumns}`);
  return row!;
}
