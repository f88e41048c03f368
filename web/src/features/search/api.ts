import type { ApiQuery } from '@passage/contract';
import { api } from '../../ui/api-client';

/** One search across Passage (src/modules/search/search.routes.ts). */

export type { SearchResult } from '@passage/contract';
export type SearchQuery = ApiQuery<'GET /api/search'>;

export const searchAll = (query: SearchQuery, signal?: AbortSignal) =>
  api('GET /api/search', { query, signal });
