/**
 * How an observation row is shown to API callers: one mapping, used by the submission workflow (a draft's
 * figures, edits) and by the readers of published data (lists, history, exports). A file of its own so that
 * neither side imports the other for it.
 */

import type { ObservationRow } from '../../db/observation-fragments';
import type { Breakdowns } from '../../domain/observations/dimensions';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import type { ObservationView } from './observations.schema';

export const iso = (v: string | Date) => new Date(v).toISOString();
export const isoOrNull = (v: string | Date | null) => (v === null ? null : iso(v));

export function toObservationView(r: ObservationRow): ObservationView {
  return {
    id: Number(r.id),
    indicator: r.indicator,
    reporter: r.reporter_iso3,
    period: r.period,
    breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, r[d]])) as Breakdowns,
    value: r.value,
    flags: r.flags,
    revision: r.revision,
    status: r.status,
    classification: r.classification,
    recordedBy: r.recorded_by === null ? null : { id: r.recorded_by, name: r.recorded_by_name ?? '' },
    recordedAt: iso(r.recorded_at),
    publishedAt: isoOrNull(r.published_at),
    supersededAt: isoOrNull(r.superseded_at),
    comment: r.comment,
    submissionId: r.submission_id,
    derived: r.derived,
  };
}
