/**
 * What a stored situation report used, and the classification that follows from it (issue 13, item 6).
 *
 * A report shows figures, forecasts and alerts of several indicators and routes. It records each of them with
 * its classification and sharing at generation time (`reports.inputs`, migration 0015); reads re-check every
 * input against its classification now, so a report is readable only by those who may read all it contains.
 * The report's own classification is the most protected of its inputs (at least 'dialogue': the figures of
 * members), shared, when restricted, with the organisations every restricted input is shared with.
 * Pure: no I/O.
 */
import { type Classification, classificationRank } from '../../shared/classification';

export interface ReportInput {
  kind: 'indicator' | 'route';
  id: number;
  code: string;
  classification: Classification;
  sharedWithOrgIds: number[];
}

/** One entry per indicator or route, in a stable order (kind, then id). */
export function uniqueInputs(inputs: readonly ReportInput[]): ReportInput[] {
  const byKey = new Map(inputs.map((i) => [`${i.kind}:${i.id}`, i]));
  return [...byKey.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.id - b.id);
}

/** The report's classification and, when restricted, the organisations it is shared with. */
export function reportClassification(inputs: readonly ReportInput[]): {
  classification: Classification;
  sharedWith: number[];
} {
  const classification = inputs.reduce<Classification>(
    (acc, i) => (classificationRank(i.classification) > classificationRank(acc) ? i.classification : acc),
    'dialogue',
  );
  if (classification !== 'restricted') return { classification, sharedWith: [] };
  const restricted = inputs.filter((i) => i.classification === 'restricted');
  const sharedWith = restricted
    .slice(1)
    .reduce(
      (acc, i) => acc.filter((o) => i.sharedWithOrgIds.includes(o)),
      [...restricted[0]!.sharedWithOrgIds],
    )
    .sort((a, b) => a - b);
  return { classification, sharedWith };
}
