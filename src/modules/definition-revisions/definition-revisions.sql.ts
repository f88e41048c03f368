/** Queries of definition_revisions: every version of an indicator, route or calendar entry. */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export async function insertDefinitionRevision(
  db: Queryable,
  r: {
    dialogueId: number;
    entity: 'indicator' | 'route' | 'calendar';
    id: number;
    revision: number;
    action: 'create' | 'update' | 'retire' | 'delete';
    data: object;
    userId: number | null;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO definition_revisions (dialogue_id, entity, entity_id, revision, action, data,
      edited_by)
    VALUES (${r.dialogueId}, ${r.entity}, ${r.id}, ${r.revision}, ${r.action}, ${JSON.stringify(r.data)}::jsonb,
      ${r.userId})`);
}

export function listDefinitionRevisions(
  db: Queryable,
  dialogueId: number,
  entity: 'indicator' | 'route' | 'calendar',
  id: number,
) {
  return db.query<{
    revision: number;
    action: string;
    data: Record<string, unknown>;
    edited_at: string | Date;
    edited_by: number | null;
    editor_name: string | null;
  }>(sql`SELECT r.revision, r.action, r.data, r.edited_at, r.edited_by, u.name AS editor_name
    FROM definition_revisions r LEFT JOIN users u ON u.id = r.edited_by
    WHERE r.dialogue_id = ${dialogueId} AND r.entity = ${entity} AND r.entity_id = ${id}
    ORDER BY r.revision DESC, r.id DESC`);
}
