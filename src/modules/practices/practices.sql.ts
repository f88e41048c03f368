/**
 * Queries of the best-practice inventory (migration 0040). Practices are read through practiceVisibleTo: a
 * published one by its classification (visibleTo), one not yet published by its originator organisation and
 * the secretariat; row-level security repeats it. A practice's current content is always written with a
 * revision row (insertPracticeRevision), in the same transaction.
 */
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { ImpactIndicator, PracticeStatus, ThematicArea } from '../../domain/practices/practice-rules';
import { hasRole, type MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { SECRETARIAT_ROLES } from '../../shared/roles';
import { visibleTo } from '../../shared/visibility';
import type { PracticeContent } from './practices.schema';

export interface PracticeContact {
  organisation: string;
  function: string;
  name: string;
  email: string;
}

export interface PracticeRow {
  id: number;
  dialogue_id: number;
  title: string;
  area: ThematicArea;
  summary: string;
  countries: string[];
  partners: string[];
  period_from: string;
  period_to: string | null;
  funding: string;
  objectives: string;
  results: string;
  impact: ImpactIndicator[];
  lessons: string;
  contacts: PracticeContact[];
  links: string[];
  tags: string[];
  language: string;
  classification: Classification;
  originator_org_id: number;
  shared_with_org_ids: number[];
  organisation: string;
  status: PracticeStatus;
  review_comment: string | null;
  revision: number;
  updated_at: Date;
  published_at: Date | null;
}

/** Practices of `alias` the actor may read: published ones by classification; others by originator and secretariat. */
function practiceVisibleTo(actor: MaybeActor, alias: string): Sql {
  const t = raw(alias);
  const published = sql`(${t}.status = 'published' AND ${visibleTo(actor, alias)})`;
  if (!actor) return published;
  const memberOf = Object.keys(actor.roles).map(Number);
  const secretariatOf = memberOf.filter((d) => hasRole(actor, d, SECRETARIAT_ROLES));
  return sql`(${published} OR (${t}.dialogue_id = ANY(${memberOf}::int[])
    AND (${t}.originator_org_id = ${actor.orgId} OR ${t}.dialogue_id = ANY(${secretariatOf}::int[]))))`;
}

const SELECT_PRACTICE = sql`SELECT p.id, p.dialogue_id, p.title, p.area, p.summary, p.countries, p.partners,
    p.period_from, p.period_to, p.funding, p.objectives, p.results, p.impact, p.lessons, p.contacts, p.links,
    p.tags, p.language, p.classification, p.originator_org_id, p.shared_with_org_ids, o.name AS organisation,
    p.status, p.review_comment, p.revision, p.updated_at, p.published_at
  FROM practices p JOIN organisations o ON o.id = p.originator_org_id`;

export interface PracticeFilter {
  area?: ThematicArea;
  country?: string;
  tag?: string;
  q?: string;
  from?: string;
  to?: string;
  status?: PracticeStatus;
}

/** `%text%` for ILIKE, the wildcards of the text taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterSql(f: PracticeFilter): Sql {
  const parts: Sql[] = [];
  if (f.area) parts.push(sql`p.area = ${f.area}`);
  if (f.country) parts.push(sql`${f.country} = ANY(p.countries)`);
  if (f.tag) parts.push(sql`${f.tag} = ANY(p.tags)`);
  if (f.status) parts.push(sql`p.status = ${f.status}`);
  // Overlap of the practice's months with from … to; an ongoing practice (no end) runs to this day.
  if (f.to) parts.push(sql`p.period_from <= ${f.to}`);
  if (f.from) parts.push(sql`(p.period_to IS NULL OR p.period_to >= ${f.from})`);
  if (f.q)
    parts.push(sql`concat_ws(' ', p.title, p.summary, p.objectives, p.results, p.lessons, p.funding,
      array_to_string(p.partners, ' '), array_to_string(p.tags, ' ')) ILIKE ${likePattern(f.q)}`);
  return parts.length ? sql`AND ${join(parts, ' AND ')}` : empty;
}

export function listPracticeRows(db: Queryable, actor: MaybeActor, dialogueId: number, f: PracticeFilter) {
  return db.query<PracticeRow>(sql`${SELECT_PRACTICE}
    WHERE p.dialogue_id = ${dialogueId} AND ${practiceVisibleTo(actor, 'p')} ${filterSql(f)}
    ORDER BY p.published_at DESC NULLS LAST, p.updated_at DESC, p.id DESC`);
}

/** Every tag of the practices the actor sees in the dialogue. */
export async function listPracticeTags(db: Queryable, actor: MaybeActor, dialogueId: number) {
  const rows = await db.query<{ tag: string }>(sql`SELECT DISTINCT unnest(p.tags) AS tag FROM practices p
    WHERE p.dialogue_id = ${dialogueId} AND ${practiceVisibleTo(actor, 'p')} ORDER BY tag`);
  return rows.map((r) => r.tag);
}

export async function findPracticeRow(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<PracticeRow | undefined> {
  const [row] = await db.query<PracticeRow>(sql`${SELECT_PRACTICE}
    WHERE p.id = ${id} AND p.dialogue_id = ${dialogueId} AND ${practiceVisibleTo(actor, 'p')}
    ${opts.forUpdate ? sql`FOR UPDATE OF p` : empty}`);
  return row;
}

const contentColumns = (c: PracticeContent) => ({
  title: c.title,
  area: c.area,
  summary: c.summary,
  countries: c.countries,
  partners: c.partners,
  periodFrom: c.periodFrom,
  periodTo: c.periodTo,
  funding: c.funding,
  objectives: c.objectives,
  results: c.results,
  impact: JSON.stringify(c.impact),
  lessons: c.lessons,
  contacts: JSON.stringify(c.contacts),
  links: c.links,
  tags: c.tags,
  language: c.language,
  classification: c.classification,
});

export async function insertPractice(
  db: Queryable,
  p: { dialogueId: number; orgId: number; userId: number; content: PracticeContent },
): Promise<number> {
  const c = contentColumns(p.content);
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO practices
      (dialogue_id, title, area, summary, countries, partners, period_from, period_to, funding, objectives,
       results, impact, lessons, contacts, links, tags, language, classification, originator_org_id, created_by)
    VALUES (${p.dialogueId}, ${c.title}, ${c.area}, ${c.summary}, ${c.countries}, ${c.partners}, ${c.periodFrom},
      ${c.periodTo}, ${c.funding}, ${c.objectives}, ${c.results}, ${c.impact}::jsonb, ${c.lessons},
      ${c.contacts}::jsonb, ${c.links}, ${c.tags}, ${c.language}, ${c.classification}, ${p.orgId}, ${p.userId})
    RETURNING id`);
  return row!.id;
}

/** Writes the new content and status if the practice is still at `expectedRevision`; false otherwise. */
export async function updatePracticeRow(
  db: Queryable,
  id: number,
  expectedRevision: number,
  content: PracticeContent,
  status: PracticeStatus,
  reviewComment: string | null,
): Promise<boolean> {
  const c = contentColumns(content);
  const rows = await db.query(sql`UPDATE practices SET title = ${c.title}, area = ${c.area},
      summary = ${c.summary}, countries = ${c.countries}, partners = ${c.partners}, period_from = ${c.periodFrom},
      period_to = ${c.periodTo}, funding = ${c.funding}, objectives = ${c.objectives}, results = ${c.results},
      impact = ${c.impact}::jsonb, lessons = ${c.lessons}, contacts = ${c.contacts}::jsonb, links = ${c.links},
      tags = ${c.tags}, language = ${c.language}, classification = ${c.classification}, status = ${status},
      review_comment = ${reviewComment}, revision = revision + 1, updated_at = now(),
      published_at = CASE WHEN ${status} = 'published' THEN coalesce(published_at, now()) ELSE published_at END
    WHERE id = ${id} AND revision = ${expectedRevision} RETURNING id`);
  return rows.length === 1;
}

export type PracticeChange = 'saved' | 'submitted' | 'returned' | 'published' | 'attached';

export async function insertPracticeRevision(
  db: Queryable,
  r: {
    practiceId: number;
    revision: number;
    dialogueId: number;
    change: PracticeChange;
    comment: string | null;
    content: PracticeContent & { status: PracticeStatus };
    userId: number;
    orgId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO practice_revisions
      (practice_id, revision, dialogue_id, change, comment, content, user_id, organisation_id)
    VALUES (${r.practiceId}, ${r.revision}, ${r.dialogueId}, ${r.change}, ${r.comment},
      ${JSON.stringify(r.content)}::jsonb, ${r.userId}, ${r.orgId})`);
}

export interface PracticeRevisionRow {
  revision: number;
  change: PracticeChange;
  comment: string | null;
  organisation: string;
  created_at: Date;
  content: PracticeContent & { status: PracticeStatus };
}

export function listPracticeRevisionRows(db: Queryable, practiceId: number) {
  return db.query<PracticeRevisionRow>(sql`SELECT v.revision, v.change, v.comment, o.name AS organisation,
      v.created_at, v.content
    FROM practice_revisions v JOIN organisations o ON o.id = v.organisation_id
    WHERE v.practice_id = ${practiceId} ORDER BY v.revision`);
}

/** Published practices (all, or one) for the search index, as the owner (the index filters by visibility). */
export function listPublishedPracticesForSearch(db: Queryable, id?: number) {
  return db.query<PracticeRow & { slug: string }>(sql`SELECT q.*, d.slug FROM (${SELECT_PRACTICE}
      WHERE p.status = 'published' ${id === undefined ? empty : sql`AND p.id = ${id}`}) q
    JOIN dialogues d ON d.id = q.dialogue_id ORDER BY q.id`);
}
