/**
 * Queries of the SDMX REST API: the published, current figures of a dialogue that an actor may read (the whole
 * table of the indicators concerned: disclosure control needs every cell, whatever the query's key), and the
 * dialogue's disclosure threshold.
 */
import sql, { raw } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { figureRouteVisibleTo } from '../../db/observation-fragments';
import { DIMENSIONS, type Dimension } from '../../domain/observations/dimensions';
import type { MaybeActor } from '../../shared/actor';
import { indicatorVisibleTo, visibleTo } from '../../shared/visibility';

export type PublishedFigure = Record<Dimension, string> & {
  indicator: string;
  reporter: string;
  period: string;
  value: string | number | null;
  flags: string[];
  comment: string | null;
  published_at: string | Date;
};

export function listPublishedFigures(
  db: Queryable,
  actor: MaybeActor,
  f: { dialogueId: number; indicators: readonly string[] | null; reporters: readonly string[] | null },
): Promise<PublishedFigure[]> {
  return db.query<PublishedFigure>(sql`SELECT i.code AS indicator, trim(o.reporter_iso3) AS reporter,
      to_char(o.period, 'YYYY-MM') AS period, ${raw(DIMENSIONS.map((d) => `o.${d}`).join(', '))}, o.value, o.flags, o.comment, o.published_at
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.dialogue_id = ${f.dialogueId} AND o.status = 'published' AND o.superseded_at IS NULL
      AND ${visibleTo(actor, 'o', { originator: 'reporting-state' })}
      AND ${indicatorVisibleTo(actor, 'i')} AND ${figureRouteVisibleTo(actor, 'o')}
      AND (${f.indicators === null} OR i.code = ANY(${f.indicators ?? []}::text[]))
      AND (${f.reporters === null} OR trim(o.reporter_iso3) = ANY(${f.reporters ?? []}::text[]))`);
}

export async function findDisclosureThreshold(db: Queryable, dialogueId: number): Promise<number> {
  const [row] = await db.query<{ disclosure_threshold: number }>(
    sql`SELECT disclosure_threshold FROM dialogues WHERE id = ${dialogueId}`,
  );
  return row?.disclosure_threshold ?? 5;
}

/**
 * A fingerprint of what a dialogue's published figures may have become: its publications (count and latest
 * time), the figure ids written so far and the disclosure threshold. Read as the owner (it tells the caller
 * nothing): the public table is cached per dialogue until this, or what the public may see of the structure,
 * changes (sdmx.service.ts, readPublicTable).
 */
export async function findPublicationVersion(db: Queryable, dialogueId: number): Promise<string> {
  const [row] = await db.query<{ v: string }>(sql`SELECT concat_ws('|',
      (SELECT count(*) FROM submissions WHERE dialogue_id = ${dialogueId} AND status = 'published'),
      (SELECT max(published_at) FROM submissions WHERE dialogue_id = ${dialogueId}),
      (SELECT max(id) FROM observations),
      (SELECT disclosure_threshold FROM dialogues WHERE id = ${dialogueId})) AS v`);
  return row?.v ?? '';
}
