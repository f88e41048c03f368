/**
 * Queries of search_items (migration 0032) and search_terms (0050). Every read goes through visibleTo
 * (src/shared/visibility.ts): results, the total and the facets alike, so a record the caller may not see is
 * never counted. The match is `websearch_to_tsquery` in English, French, Russian and simple at once (OR), plus
 * a prefix match on the last word; the fallback for typos is trigram word similarity on titles (pg_trgm). Both
 * match on search_terms (the lexemes, lower-case titles, facets and visibility columns without row-level
 * security), whose GIN indexes PostgreSQL can use (under search_items' policy it could not; see the
 * migration). The titles, links and snippets of a page come from search_items, under its policy.
 */
import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import { MARK_END, MARK_START } from '../../domain/search/search-text';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

export interface SearchItemRow {
  itemType: string;
  recordId: string;
  dialogueId: number;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds: readonly number[];
  country: string | null;
  date: string | null;
  language: string;
  title: string;
  body: string;
  link: string;
}

export async function upsertSearchItem(db: Queryable, i: SearchItemRow): Promise<void> {
  await db.query(sql`INSERT INTO search_items (item_type, record_id, dialogue_id, classification,
      originator_org_id, shared_with_org_ids, country, item_date, language, title, body, link)
    VALUES (${i.itemType}, ${i.recordId}, ${i.dialogueId}, ${i.classification}, ${i.originatorOrgId},
      ${[...i.sharedWithOrgIds]}::int[], ${i.country}, ${i.date}::date, ${i.language}, ${i.title}, ${i.body},
      ${i.link})
    ON CONFLICT (item_type, record_id) DO UPDATE SET dialogue_id = EXCLUDED.dialogue_id,
      classification = EXCLUDED.classification, originator_org_id = EXCLUDED.originator_org_id,
      shared_with_org_ids = EXCLUDED.shared_with_org_ids, country = EXCLUDED.country,
      item_date = EXCLUDED.item_date, language = EXCLUDED.language, title = EXCLUDED.title,
      body = EXCLUDED.body, link = EXCLUDED.link, updated_at = now()`);
}

export async function deleteSearchItem(db: Queryable, itemType: string, recordId: string): Promise<void> {
  await db.query(sql`DELETE FROM search_items WHERE item_type = ${itemType} AND record_id = ${recordId}`);
}

export async function deleteSearchItemsOfType(db: Queryable, itemType: string): Promise<void> {
  await db.query(sql`DELETE FROM search_items WHERE item_type = ${itemType}`);
}

export interface SearchFilter {
  types?: string[] | undefined;
  country?: string | undefined;
  year?: number | undefined;
  language?: string | undefined;
  dialogueId?: number | undefined;
}

export interface SearchSpec {
  q: string;
  /** The prefix tsquery text (letters, digits, & and :* only; src/domain/search/search-text.ts) or null. */
  prefix: string | null;
  mode: 'fulltext' | 'similar';
  filter: SearchFilter;
  limit: number;
  offset: number;
}

export interface SearchHitRow {
  item_type: string;
  record_id: string;
  dialogue_id: number;
  title: string;
  link: string;
  country: string | null;
  item_date: string | null;
  language: string;
  classification: Classification;
  rank: number;
  headline: string;
}

export interface FacetRow {
  facet: 'type' | 'country' | 'year' | 'language';
  value: string;
  n: number;
}

/**
 * The tsquery of a search: the query in every configuration, OR the prefix form. It is a scalar subquery so
 * that PostgreSQL computes it once per statement (an InitPlan): written inline, the stable
 * websearch_to_tsquery calls are evaluated again for every row a sequential scan filters or ranks, which
 * cost more than the match itself on a query matching a large share of the items (bench/README.md,
 * search-p95).
 */
function tsQuery(s: SearchSpec): Sql {
  const prefix = s.prefix ? sql` || to_tsquery('simple', ${s.prefix})` : empty;
  return sql`(SELECT websearch_to_tsquery('english', ${s.q}) || websearch_to_tsquery('french', ${s.q})
    || websearch_to_tsquery('russian', ${s.q}) || websearch_to_tsquery('simple', ${s.q})${prefix})`;
}

function conditions(actor: MaybeActor, s: SearchSpec): Sql {
  const c: Sql[] = [visibleTo(actor, 'si')];
  c.push(s.mode === 'fulltext' ? sql`si.tsv @@ ${tsQuery(s)}` : sql`lower(${s.q}) <% si.title_key`);
  const f = s.filter;
  if (f.types?.length) c.push(sql`si.item_type = ANY(${f.types}::text[])`);
  if (f.country) c.push(sql`si.country = ${f.country}`);
  if (f.year) c.push(sql`extract(year FROM si.item_date) = ${f.year}`);
  if (f.language) c.push(sql`si.language = ${f.language}`);
  if (f.dialogueId) c.push(sql`si.dialogue_id = ${f.dialogueId}`);
  return join(c, ' AND ');
}

/** Trigram word similarity floor of the typo fallback, for this transaction only. */
async function similarityFloor(db: Queryable): Promise<void> {
  await db.query(sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
}

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;

/** One page of a search: the facets (and so the total) of every match, and the hits of the page. */
export interface SearchPageRows {
  facets: FacetRow[];
  hits: SearchHitRow[];
}

/** A row of the page statement: a facet count (kind 'facet') or a hit of the page (kind 'hit'). */
interface PageRow extends Omit<SearchHitRow, 'rank'> {
  kind: 'facet' | 'hit';
  facet: FacetRow['facet'];
  value: string;
  n: number;
  rank: number;
}

/**
 * The facets and the page in one statement: the matches are found (and ranked) once, then counted per facet
 * (GROUPING SETS: one pass) and cut to the page, whose rows alone are read from search_items for their
 * titles, links and snippets. Two statements found every match twice, the larger share of a search that
 * matches thousands of items (bench/README.md, search-p95).
 */
export async function searchPage(db: Queryable, actor: MaybeActor, s: SearchSpec): Promise<SearchPageRows> {
  if (s.mode === 'similar') await similarityFloor(db);
  // ts_rank (word frequency, title weighted A over body B), not ts_rank_cd: cover density cost about as much as
  // the whole match on a query matching tens of thousands of items (bench/benchmarks/search-p95.ts), and the
  // relevance tests in EN/FR/RU rank the same.
  const rank =
    s.mode === 'fulltext'
      ? sql`ts_rank(si.tsv, ${tsQuery(s)}, 1)`
      : sql`word_similarity(lower(${s.q}), si.title_key)`;
  const ownQuery = s.prefix
    ? sql`(websearch_to_tsquery(search_config(p.language), ${s.q}) || to_tsquery('simple', ${s.prefix}))`
    : sql`websearch_to_tsquery(search_config(p.language), ${s.q})`;
  const headline =
    s.mode === 'fulltext'
      ? sql`ts_headline(search_config(p.language), left(p.body, 20000), ${ownQuery}, ${HEADLINE_OPTIONS})`
      : sql`left(p.body, 240)`;
  const rows = await db.query<PageRow>(sql`WITH m AS (
      SELECT si.id, si.item_date, si.item_type, trim(si.country) AS country,
        extract(year FROM si.item_date)::int::text AS year, si.language, ${rank} AS rank
      FROM search_terms si WHERE ${conditions(actor, s)}),
    f AS (
      SELECT CASE WHEN grouping(m.item_type) = 0 THEN 'type' WHEN grouping(m.country) = 0 THEN 'country'
          WHEN grouping(m.year) = 0 THEN 'year' ELSE 'language' END AS facet,
        coalesce(m.item_type, m.country, m.year, m.language) AS value, count(*)::int AS n
      FROM m GROUP BY GROUPING SETS ((m.item_type), (m.country), (m.year), (m.language))),
    t AS (
      SELECT m.id, m.item_date, m.rank FROM m
      ORDER BY m.rank DESC, m.item_date DESC NULLS LAST, m.id LIMIT ${s.limit} OFFSET ${s.offset})
    SELECT 'facet' AS kind, f.facet, f.value, f.n, NULL::text AS item_type, NULL::text AS record_id,
        NULL::int AS dialogue_id, NULL::text AS title, NULL::text AS link, NULL::text AS country,
        NULL::text AS item_date, NULL::text AS language, NULL::classification AS classification,
        NULL::float8 AS rank, NULL::text AS headline, NULL::date AS sort_date, NULL::bigint AS sort_id
      FROM f WHERE f.value IS NOT NULL
    UNION ALL
    SELECT 'hit', NULL, NULL, NULL, p.item_type, p.record_id, p.dialogue_id, p.title, p.link,
        trim(p.country), to_char(p.item_date, 'YYYY-MM-DD'), p.language, p.classification, t.rank::float8,
        ${headline}, t.item_date, t.id
      FROM t JOIN search_items p ON p.id = t.id
    ORDER BY kind, facet, n DESC, value, rank DESC, sort_date DESC NULLS LAST, sort_id`);
  const facets: FacetRow[] = [];
  const hits: SearchHitRow[] = [];
  for (const r of rows) {
    if (r.kind === 'facet') facets.push({ facet: r.facet, value: r.value, n: r.n });
    else
      hits.push({
        item_type: r.item_type,
        record_id: r.record_id,
        dialogue_id: r.dialogue_id,
        title: r.title,
        link: r.link,
        country: r.country,
        item_date: r.item_date,
        language: r.language,
        classification: r.classification,
        rank: r.rank,
        headline: r.headline,
      });
  }
  return { facets, hits };
}

/** The latest visible titles: suggestions for an empty query or one that finds nothing. */
export function latestTitles(db: Queryable, actor: MaybeActor, limit: number): Promise<{ title: string }[]> {
  return db.query<{ title: string }>(sql`SELECT si.title FROM search_items si WHERE ${visibleTo(actor, 'si')}
    ORDER BY si.updated_at DESC, si.id DESC LIMIT ${limit}`);
}
