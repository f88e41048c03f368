/**
 * SQL fragments of an observation row, shared by the modules that read and write the observations table (the
 * observations module and the submission workflow): the columns of a row as the API shows it, the breakdown
 * columns, and "same figure" (the key of a revision). Here, in src/db, because a module never imports another
 * module's .sql.ts.
 */
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import { DIMENSIONS } from '../domain/observations/dimensions';
import type { MaybeActor } from '../shared/actor';
import type { Classification } from '../shared/classification';
import { visibleTo } from '../shared/visibility';

export const DIMENSION_COLUMNS = raw(DIMENSIONS.join(', '));

export interface ObservationRow {
  id: number;
  indicator: string;
  reporter_iso3: string;
  period: string;
  route: string;
  border_type: string;
  citizenship: string;
  sex: string;
  age_group: string;
  reason: string;
  place: string;
  document_type: string;
  fraud_type: string;
  return_type: string;
  value: number | null;
  flags: string[];
  revision: number;
  status: string;
  classification: Classification;
  recorded_by: number | null;
  recorded_by_name: string | null;
  recorded_at: string;
  published_at: string | null;
  superseded_at: string | null;
  comment: string | null;
  submission_id: number | null;
  /** A total Passage derived from its parts (migration 0046), not reported. */
  derived: boolean;
}

export const observationColumns = sql`o.id, i.code AS indicator, trim(o.reporter_iso3) AS reporter_iso3,
  to_char(o.period, 'YYYY-MM') AS period, o.route, o.border_type, o.citizenship, o.sex, o.age_group, o.reason,
  o.place, o.document_type, o.fraud_type, o.return_type, o.value, o.flags, o.revision, o.status, o.classification,
  o.recorded_by, u.name AS recorded_by_name, o.recorded_at, o.published_at, o.superseded_at, o.comment, o.submission_id,
  o.derived`;

/** What `observationColumns` reads from: the observation `o`, its indicator `i` and who recorded it `u`. */
export const fromObservationRows = sql`FROM observations o JOIN indicators i ON i.id = o.indicator_id
  LEFT JOIN users u ON u.id = o.recorded_by`;

/** Key columns of `alias` equal to those of `other`. */
export function sameKey(alias: string, other: string): Sql {
  const a = raw(alias);
  const b = raw(other);
  return join(
    ['indicator_id', 'reporter_iso3', 'period', ...DIMENSIONS].map(
      (c) => sql`${a}.${raw(c)} = ${b}.${raw(c)}`,
    ),
    ' AND ',
  );
}

/**
 * Figures of `alias` whose route the actor may see: a figure on a route the actor may not read (a restricted
 * route, for outsiders) is hidden with its route, whatever the figure's own classification, which follows its
 * indicator. `_T` (no route breakdown) is always seen.
 */
export function figureRouteVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  return sql`(${t}.route = '_T' OR EXISTS (SELECT 1 FROM routes fr
    WHERE fr.dialogue_id = ${t}.dialogue_id AND fr.code = ${t}.route AND ${visibleTo(actor, 'fr')}))`;
}

/**
 * The rows observations_dialogue_period_idx holds (migration 0052): every row but the current unpublished
 * figures of a submission. A read of published figures by dialogue, indicator and month implies it; a read that
 * also wants pending figures adds it to one branch and takes the other rows with `pendingOfDialogue`.
 */
export function inDialoguePeriodIndex(alias: string): Sql {
  const a = raw(alias);
  return sql`(${a}.status = 'published' OR ${a}.superseded_at IS NOT NULL OR ${a}.submission_id IS NULL)`;
}

/**
 * The rows `inDialoguePeriodIndex` leaves out: the current unpublished figures of the dialogue's submissions,
 * found through observations_pending_key (it leads with submission_id), not by reading the dialogue's rows.
 * A figure's submission is of the figure's dialogue (every writer takes both from the submission row).
 * `statuses` narrows to submissions in those states: a current unpublished figure has its submission's status
 * (the workflow sets both at each step, src/modules/submissions/submissions.sql.ts setSubmissionStatus), so a
 * read of submitted figures need not walk the entries of every draft.
 */
export function pendingOfDialogue(alias: string, dialogueId: number, statuses?: readonly string[]): Sql {
  const a = raw(alias);
  const narrowed = statuses ? sql` AND ps.status = ANY(${[...statuses]}::text[])` : empty;
  return sql`(${a}.superseded_at IS NULL AND ${a}.status <> 'published'
    AND ${a}.submission_id = ANY(ARRAY(SELECT ps.id FROM submissions ps WHERE ps.dialogue_id = ${dialogueId}${narrowed})))`;
}
