/**
 * The observations module's use cases besides import and export (observations.import.ts, .export.ts), and
 * what other modules use of it: the submission workflow opens drafts, parses and inserts figures, and shows
 * them the way this module does. Other modules import from here, never from observations.sql.ts.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { type Breakdowns, DIMENSIONS, TOTAL_CODE } from '../../domain/observations/dimensions';
import { isMember } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { figureForReader } from '../../shared/privacy';
import { auditRestrictedRows } from '../audit/audit.restricted';
import { requireDialogue } from '../dialogues/dialogues.service';
import { observationsPolicy } from './observations.policy';
import type { FigureQuery, ObservationView } from './observations.schema';
import {
  type InsertRow,
  insertObservationBatch,
  insertSubmission,
  latestReporterPublication,
  listFigureRevisions,
} from './observations.sql';
import { toObservationView } from './observations.views';

export { sdmxStructureOf } from './observations.export';
export { type LoadedRowContext, loadRowContext } from './observations.import';
export { observationsPolicy } from './observations.policy';
export { toObservationView } from './observations.views';

/** Opens a draft submission (the batch figures arrive in); returns its id. Runs in the caller's transaction. */
export function openDraftSubmission(
  db: Queryable,
  s: { dialogueId: number; reporter: string; source: string; fileName: string | null; userId: number | null },
): Promise<number> {
  return insertSubmission(db, s);
}

/** Inserts checked figures into a draft, each numbered as the revision after the current published one. */
export function insertDraftObservations(
  db: Queryable,
  s: { submissionId: number; dialogueId: number; reporter: string; userId: number | null },
  rows: readonly InsertRow[],
): Promise<{ inserted: number; firstId: number | null }> {
  return insertObservationBatch(db, s, rows);
}

/**
 * When the latest current figures of one reporter in the given classifications were published, or null (a
 * country profile's "data as published on"). Runs in the caller's transaction.
 */
export function latestPublicationOf(
  db: Queryable,
  f: { dialogueId: number; reporter: string; classes: readonly string[] },
): Promise<Date | null> {
  return latestReporterPublication(db, f);
}

/** Every revision of one figure with who, when and why; unpublished ones only for the reporter and secretariat. */
export async function figureHistory(ctx: Ctx, slug: string, q: FigureQuery): Promise<ObservationView[]> {
  const d = await requireDialogue(ctx, slug);
  const breakdowns = Object.fromEntries(DIMENSIONS.map((c) => [c, q[c] ?? TOTAL_CODE])) as Breakdowns;
  const seePending = observationsPolicy.readPending(ctx.actor, { dialogueId: d.id, reporter: q.reporter });
  const rows = await withActor(ctx.db, ctx.actor, (db) =>
    listFigureRevisions(db, ctx.actor, {
      dialogueId: d.id,
      indicator: q.indicator,
      reporter: q.reporter,
      period: q.period,
      breakdowns,
      seePending,
    }),
  );
  await auditRestrictedRows(
    ctx,
    rows,
    'read.restricted',
    { type: 'figure', id: q.indicator, dialogueId: d.id },
    q,
  );
  // Who recorded each revision, and its comment, only for the dialogue's members (src/shared/privacy.ts).
  return rows.map((r) => figureForReader(toObservationView(r), isMember(ctx.actor, d.id)));
}
