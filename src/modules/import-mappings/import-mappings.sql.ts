/** Queries of saved import mappings and their revisions (migration 0036). */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface MappingRow {
  id: number;
  name: string;
  reporter_iso3: string | null;
  mapping: unknown;
  revision: number;
  updated_at: string;
}

const columns = sql`id, name, reporter_iso3, mapping, revision, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at`;

export function listMappings(db: Queryable, dialogueId: number): Promise<MappingRow[]> {
  return db.query(
    sql`SELECT ${columns} FROM import_mappings WHERE dialogue_id = ${dialogueId} ORDER BY name`,
  );
}

export async function findMapping(
  db: Queryable,
  dialogueId: number,
  name: string,
): Promise<MappingRow | undefined> {
  const [r] = await db.query<MappingRow>(
    sql`SELECT ${columns} FROM import_mappings WHERE dialogue_id = ${dialogueId} AND name = ${name}`,
  );
  return r;
}

/** Locks the mapping's row for a new revision (FOR UPDATE), or undefined when there is none by that name. */
export async function lockMapping(
  db: Queryable,
  dialogueId: number,
  name: string,
): Promise<MappingRow | undefined> {
  const [r] = await db.query<MappingRow>(
    sql`SELECT ${columns} FROM import_mappings WHERE dialogue_id = ${dialogueId} AND name = ${name} FOR UPDATE`,
  );
  return r;
}

export async function insertMapping(
  db: Queryable,
  m: { dialogueId: number; name: string; reporter: string | null; mapping: unknown; orgId: number },
): Promise<MappingRow> {
  const [r] = await db.query<MappingRow>(sql`INSERT INTO import_mappings
      (dialogue_id, name, reporter_iso3, mapping, originator_org_id)
    VALUES (${m.dialogueId}, ${m.name}, ${m.reporter}, ${JSON.stringify(m.mapping)}::jsonb, ${m.orgId})
    RETURNING ${columns}`);
  return r!;
}

export async function updateMapping(
  db: Queryable,
  m: { id: number; reporter: string | null; mapping: unknown },
): Promise<MappingRow> {
  const [r] = await db.query<MappingRow>(sql`UPDATE import_mappings
    SET mapping = ${JSON.stringify(m.mapping)}::jsonb, reporter_iso3 = ${m.reporter}, revision = revision + 1,
      updated_at = now()
    WHERE id = ${m.id} RETURNING ${columns}`);
  return r!;
}

export async function insertMappingRevision(
  db: Queryable,
  r: {
    mappingId: number;
    revision: number;
    dialogueId: number;
    reporter: string | null;
    mapping: unknown;
    userId: number;
    orgId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO import_mapping_revisions
      (mapping_id, revision, dialogue_id, mapping, reporter_iso3, user_id, organisation_id)
    VALUES (${r.mappingId}, ${r.revision}, ${r.dialogueId}, ${JSON.stringify(r.mapping)}::jsonb, ${r.reporter}, ${r.userId}, ${r.orgId})`);
}

export interface MappingRevisionRow {
  revision: number;
  reporter_iso3: string | null;
  user_id: number | null;
  mapping: unknown;
  created_at: string;
}

export function listMappingRevisions(db: Queryable, mappingId: number): Promise<MappingRevisionRow[]> {
  return db.query(sql`SELECT revision, reporter_iso3, user_id, mapping,
      to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
    FROM import_mapping_revisions WHERE mapping_id = ${mappingId} ORDER BY revision DESC`);
}
