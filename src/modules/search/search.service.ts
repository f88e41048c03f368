/**
 * One search across Passage. Modules feed `search_items` through this service: `indexItem` / `removeItem`
 * inside their own transaction when a record changes (documents do; notices when sent, through the
 * 'notice.sent' event wired in src/server/events.ts), and a module may also register a source
 * (`registerSearchSource`, at the composition root) that lists all its searchable records, for
 * `reindexSearch` (demo seeding, after a restore, a module added later). Every item carries the record's
 * dialogue, classification, originator and sharing: the query filters on them in SQL (visibleTo).
 */
import type { Queryable } from '../../db/connect';
import { readAsActor } from '../../db/with-actor';
import {
  indexableText,
  prefixQuery,
  queryWords,
  searchLanguage,
  snippetPieces,
} from '../../domain/search/search-text';
import type { Classification } from '../../shared/classification';
import type { Ctx } from '../../shared/ctx';
import { requireDialogue } from '../dialogues/dialogues.service';
import type { SearchQuery, SearchResult } from './search.schema';
import {
  deleteSearchItem,
  deleteSearchItemsOfType,
  type FacetRow,
  latestTitles,
  type SearchSpec,
  searchPage,
  upsertSearchItem,
} from './search.sql';

/** What a module indexes for one record. */
export interface SearchItem {
  /** The record's kind: document, notice, indicator, route, alert, profile … (lower case, underscores). */
  type: string;
  id: string | number;
  dialogueId: number;
  classification: Classification;
  originatorOrgId: number;
  sharedWithOrgIds?: readonly number[];
  /** ISO 3166-1 alpha-3 of the country the record is about (facet), if any. */
  country?: string | null;
  /** YYYY-MM-DD (facet by year), if any. */
  date?: string | null;
  /** Two-letter code of the text's language: en, fr, ru are stemmed; others are indexed word by word. */
  language?: string | null;
  title: string;
  body?: string;
  /** The web app's page of the record, e.g. /d/<slug>/documents/12. */
  link: string;
}

export async function indexItem(tx: Queryable, item: SearchItem): Promise<void> {
  await upsertSearchItem(tx, {
    itemType: item.type,
    recordId: String(item.id),
    dialogueId: item.dialogueId,
    classification: item.classification,
    originatorOrgId: item.originatorOrgId,
    sharedWithOrgIds: item.sharedWithOrgIds ?? [],
    country: item.country ?? null,
    date: item.date ?? null,
    language: searchLanguage(item.language),
    title: indexableText(item.title, 1000),
    body: indexableText(item.body ?? ''),
    link: item.link,
  });
}

export async function removeItem(tx: Queryable, type: string, id: string | number): Promise<void> {
  await deleteSearchItem(tx, type, String(id));
}

/** A module's searchable records, all of them (reindexing). Registered at the composition root. */
export interface SearchSource {
  type: string;
  list(tx: Queryable): Promise<SearchItem[]>;
}

const sources = new Map<string, SearchSource>();

export function registerSearchSource(source: SearchSource): void {
  sources.set(source.type, source);
}

export function searchSourceTypes(): string[] {
  return [...sources.keys()].sort();
}

/** Rebuilds the items of every registered source (as the owner: jobs, seeding, tests). Returns counts. */
export async function reindexSearch(tx: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const source of sources.values()) {
    const items = await source.list(tx);
    await deleteSearchItemsOfType(tx, source.type);
    for (const item of items) await indexItem(tx, { ...item, type: source.type });
    counts[source.type] = items.length;
  }
  return counts;
}

const EMPTY_FACETS = (): SearchResult['facets'] => ({ type: [], country: [], year: [], language: [] });

function facetsOf(rows: FacetRow[]): SearchResult['facets'] {
  const f = EMPTY_FACETS();
  for (const r of rows) f[r.facet].push({ value: r.value, count: r.n });
  return f;
}

/**
 * GET /api/search: full-text first (every language's stemming at once, the last word also as a prefix);
 * nothing found → titles spelled alike (typos); an empty query or one without words → suggestions only.
 */
export async function search(ctx: Ctx, q: SearchQuery): Promise<SearchResult> {
  const dialogueId = q.dialogue ? (await requireDialogue(ctx, q.dialogue)).id : undefined;
  const text = q.q.trim();
  const base = { query: text, page: q.page, pageSize: q.pageSize };
  return readAsActor(ctx, async (db) => {
    if (queryWords(text).length === 0) {
      const suggestions = (await latestTitles(db, ctx.actor, 8)).map((r) => r.title);
      return { ...base, mode: 'empty', total: 0, items: [], facets: EMPTY_FACETS(), suggestions };
    }
    const spec: SearchSpec = {
      q: text,
      prefix: prefixQuery(text),
      mode: 'fulltext',
      filter: {
        types: q.type ? q.type.split(',').filter(Boolean) : undefined,
        country: q.country,
        year: q.year,
        language: q.language,
        dialogueId,
      },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    };
    let { facets, hits } = await searchPage(db, ctx.actor, spec);
    if (facets.length === 0) {
      spec.mode = 'similar';
      ({ facets, hits } = await searchPage(db, ctx.actor, spec));
    }
    const total = facets.filter((f) => f.facet === 'type').reduce((s, f) => s + f.n, 0);
    const suggestions =
      total === 0
        ? (await latestTitles(db, ctx.actor, 8)).map((r) => r.title)
        : spec.mode === 'similar'
          ? [...new Set(hits.map((h) => h.title))].slice(0, 5)
          : [];
    return {
      ...base,
      mode: spec.mode,
      total,
      items: hits.map((h) => ({
        type: h.item_type,
        id: h.record_id,
        dialogueId: h.dialogue_id,
        title: h.title,
        link: h.link,
        country: h.country,
        date: h.item_date,
        language: h.language,
        classification: h.classification,
        rank: h.rank,
        snippet: snippetPieces(h.headline),
      })),
      facets: facetsOf(facets),
      suggestions,
    };
  });
}
