import sql, { raw, type Sql } from 'sql-template-tag';
import { hasRole, isMember, type MaybeActor } from './actor';
import type { Classification } from './classification';
import { SECRETARIAT_ROLES } from './roles';

/**
 * The one rule for reading classified records, written once in JS (single records, abilities) and once in SQL
 * (lists): canSee (canSeeFigure for figures) / visibleTo. No other file writes the dialogue/classification condition; the twins are
 * compared on the same records by src/shared/tests/visibility.db.test.ts. Postgres row-level security repeats
 * the rule (src/db/migrations/0002_access_control.sql) as the last line of defence.
 *
 * - public: everyone; dialogue: the dialogue's members; restricted: the secretariat, the originator and the
 *   organisations it is shared with; originator: the secretariat and the originator.
 * - The originator is an organisation for most records (`originator_org_id`); for figures it is the
 *   reporting state (`reporter_iso3`: every organisation of that country), and figures are not shared.
 * - A dialogue itself is seen by everyone when public, else by its members (canSeeDialogue / dialogueVisibleTo).
 */

/** A record whose originator is an organisation (routes, indicators, alerts, reports …). */
export interface ClassifiedRecord {
  dialogueId: number;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds?: readonly number[];
}

/** A record whose originator is the reporting state (observations). */
export interface ReportedRecord {
  dialogueId: number;
  classification: Classification;
  reporterIso3: string;
}

export function canSee(actor: MaybeActor, r: ClassifiedRecord): boolean {
  return readable(
    actor,
    r,
    (a) => a.orgId === r.originatorOrgId,
    (a) => (r.sharedWithOrgIds ?? []).includes(a.orgId),
  );
}

/** canSee for figures: the originator is every organisation of the reporting state; figures are not shared. */
export function canSeeFigure(actor: MaybeActor, r: ReportedRecord): boolean {
  return readable(
    actor,
    r,
    (a) => a.countryIso3 !== null && a.countryIso3 === r.reporterIso3,
    () => false,
  );
}

function readable(
  actor: MaybeActor,
  r: { dialogueId: number; classification: Classification },
  isOriginator: (a: NonNullable<MaybeActor>) => boolean,
  isSharedWith: (a: NonNullable<MaybeActor>) => boolean,
): boolean {
  if (r.classification === 'public') return true;
  if (!actor || !isMember(actor, r.dialogueId)) return false;
  if (r.classification === 'dialogue') return true;
  if (hasRole(actor, r.dialogueId, SECRETARIAT_ROLES) || isOriginator(actor)) return true;
  return r.classification === 'restricted' && isSharedWith(actor);
}

/**
 * SQL condition: rows of `alias` the actor may read. The table has dialogue_id and classification, and
 * originator_org_id with shared_with_org_ids (the default) or, with `originator: 'reporting-state'`,
 * reporter_iso3.
 */
export function visibleTo(
  actor: MaybeActor,
  alias: string,
  opts: { originator?: 'organisation' | 'reporting-state' } = {},
): Sql {
  const t = raw(alias);
  if (!actor) return sql`${t}.classification = 'public'`;
  const memberOf = Object.keys(actor.roles).map(Number);
  const secretariatOf = memberOf.filter((d) => hasRole(actor, d, SECRETARIAT_ROLES));
  const byOriginator =
    opts.originator === 'reporting-state'
      ? sql`OR ${t}.reporter_iso3 = ${actor.countryIso3 ?? ''}`
      : sql`OR ${t}.originator_org_id = ${actor.orgId}
        OR (${t}.classification = 'restricted' AND ${actor.orgId} = ANY(${t}.shared_with_org_ids))`;
  return sql`(${t}.classification = 'public' OR (${t}.dialogue_id = ANY(${memberOf}::int[]) AND (
      ${t}.classification = 'dialogue'
      OR ${t}.dialogue_id = ANY(${secretariatOf}::int[])
      ${byOriginator})))`;
}

/** Whether the actor may see the dialogue at all: a public one, or one they hold a role in. */
export function canSeeDialogue(
  actor: MaybeActor,
  d: { id: number; classification: Classification },
): boolean {
  return d.classification === 'public' || isMember(actor, d.id);
}

/** SQL twin of canSeeDialogue for the dialogues table under `alias`. */
export function dialogueVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  const memberOf = actor ? Object.keys(actor.roles).map(Number) : [];
  return sql`(${t}.classification = 'public' OR ${t}.id = ANY(${memberOf}::int[]))`;
}

/**
 * Which of the openly shared classifications (public, dialogue) the actor reads in a dialogue: what the
 * dashboards and forecasts, built only from openly shared figures, may show them. Derived from canSee.
 */
export function sharedClassesVisibleTo(actor: MaybeActor, dialogueId: number): Classification[] {
  const shared: Classification[] = ['public', 'dialogue'];
  // No organisation has id 0, so the actor is never the originator here: only membership counts.
  return shared.filter((classification) => canSee(actor, { dialogueId, classification, originatorOrgId: 0 }));
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
