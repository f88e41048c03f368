import sql, { raw, type Sql } from 'sql-template-tag';
import { hasRole, isMember, type MaybeActor } from './actor';
import type { Classification } from './classification';
import { SECRETARIAT_ROLES } from './roles';

/** The fields every classified record carries. */
export interface ClassifiedRecord {
  dialogueId: number;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds?: readonly number[];
}

/**
 * The one rule for reading classified records, in JS (for single records and abilities) and in SQL
 * (for lists, see visibleTo). Keep both in step: tests compare them on the same records.
 */
export function canSee(actor: MaybeActor, r: ClassifiedRecord): boolean {
  if (r.classification === 'public') return true;
  if (!actor || !isMember(actor, r.dialogueId)) return false;
  if (r.classification === 'dialogue') return true;
  if (hasRole(actor, r.dialogueId, SECRETARIAT_ROLES) || actor.orgId === r.originatorOrgId) return true;
  return r.classification === 'restricted' && (r.sharedWithOrgIds ?? []).includes(actor.orgId);
}

/**
 * SQL condition: rows of `alias` the actor may read. The table must have dialogue_id, classification,
 * originator_org_id and (if `hasSharing`) shared_with_org_ids.
 */
export function visibleTo(actor: MaybeActor, alias: string, hasSharing = true): Sql {
  const t = raw(alias);
  if (!actor) return sql`${t}.classification = 'public'`;
  const memberOf = Object.keys(actor.roles).map(Number);
  const secretariatOf = memberOf.filter((d) => hasRole(actor, d, SECRETARIAT_ROLES));
  const shared = hasSharing
    ? sql`OR (${t}.classification = 'restricted' AND ${actor.orgId} = ANY(${t}.shared_with_org_ids))`
    : sql``;
  return sql`(${t}.classification = 'public' OR (${t}.dialogue_id = ANY(${memberOf}::int[]) AND (
      ${t}.classification = 'dialogue'
      OR ${t}.dialogue_id = ANY(${secretariatOf}::int[])
      OR ${t}.originator_org_id = ${actor.orgId}
      ${shared})))`;
}

/**
 * Indicators: as canSee, and also an indicator shared with the actor's organisation (a member of its dialogue)
 * whatever its classification, so a state can report the figures of a restricted or originator indicator the
 * secretariat shares with it. Only the definition: its published figures stay with the reporter and the
 * secretariat (publishedVisibleTo, observations_read).
 */
export function canSeeIndicator(actor: MaybeActor, r: ClassifiedRecord): boolean {
  if (canSee(actor, r)) return true;
  return !!actor && isMember(actor, r.dialogueId) && (r.sharedWithOrgIds ?? []).includes(actor.orgId);
}

/**
 * SQL condition: indicators of `alias` the actor may read (canSeeIndicator). As visibleTo, and also an indicator shared with the
 * actor's organisation whatever its classification: a state reports the figures of a restricted or originator
 * indicator shared with it (row-level security: indicators_read_shared, migration 0014).
 */
export function indicatorVisibleTo(actor: MaybeActor, alias: string): Sql {
  if (!actor) return visibleTo(actor, alias);
  const t = raw(alias);
  const memberOf = Object.keys(actor.roles).map(Number);
  return sql`(${visibleTo(actor, alias)} OR (${t}.dialogue_id = ANY(${memberOf}::int[])
    AND ${actor.orgId} = ANY(${t}.shared_with_org_ids)))`;
}
