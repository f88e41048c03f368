/**
 * Queries of submission grants (migration 0048): which observer organisations of a dialogue may submit figures
 * for which member states. Row-level security repeats who reads and changes them (the secretariat; an
 * organisation reads its own).
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';

export interface GrantRow {
  organisation_id: number;
  organisation_name: string;
  reporter_iso3: string;
}

/** The grants of a dialogue, by organisation and reporter. */
export function listGrants(db: Queryable, dialogueId: number): Promise<GrantRow[]> {
  return db.query<GrantRow>(sql`SELECT g.organisation_id, o.name AS organisation_name,
      trim(g.reporter_iso3) AS reporter_iso3
    FROM submission_grants g JOIN organisations o ON o.id = g.organisation_id
    WHERE g.dialogue_id = ${dialogueId} ORDER BY o.name, g.organisation_id, g.reporter_iso3`);
}

/** The organisation, if it is an observer organisation of the dialogue (an international one). */
export async function findObserverOrganisation(
  db: Queryable,
  dialogueId: number,
  orgId: number,
): Promise<{ id: number; name: string } | undefined> {
  const [row] = await db.query<{ id: number; name: string }>(sql`SELECT o.id, o.name
    FROM dialogue_observers x JOIN organisations o ON o.id = x.organisation_id
    WHERE x.dialogue_id = ${dialogueId} AND x.organisation_id = ${orgId} AND o.kind = 'international'`);
  return row;
}

/** Replaces an organisation's grants in a dialogue with `reporters` (none: the organisation has no grant). */
export async function replaceGrants(
  db: Queryable,
  g: { dialogueId: number; orgId: number; reporters: readonly string[]; userId: number },
): Promise<void> {
  await db.query(
    sql`DELETE FROM submission_grants WHERE dialogue_id = ${g.dialogueId} AND organisation_id = ${g.orgId}`,
  );
  if (g.reporters.length)
    await db.query(sql`INSERT INTO submission_grants (dialogue_id, organisation_id, reporter_iso3, granted_by)
      SELECT ${g.dialogueId}, ${g.orgId}, r, ${g.userId} FROM unnest(${[...g.reporters]}::text[]) AS r`);
}
