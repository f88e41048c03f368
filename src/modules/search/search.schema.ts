/** zod schemas of the search across Passage: the query (text, facets as filters, page) and the result. */
import { z } from 'zod';
import { CLASSIFICATIONS } from '../../shared/classification';

export const SearchQuery = z.object({
  q: z.string().max(500).default(''),
  /** Item types, comma-separated (document, notice, indicator, route, alert …). */
  type: z
    .string()
    .max(200)
    .regex(/^[a-z_,]*$/, 'expected item types separated by commas')
    .optional(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'))
    .optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'expected a two-letter language code')
    .optional(),
  /** Only this dialogue's items (its slug). */
  dialogue: z.string().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SnippetPiece = z.object({ text: z.string(), mark: z.boolean() });

export const SearchHit = z.object({
  type: z.string(),
  id: z.string(),
  dialogueId: z.number().int(),
  title: z.string(),
  /** The web app's page of the record. */
  link: z.string(),
  country: z.string().nullable(),
  date: z.string().nullable(),
  language: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  rank: z.number(),
  /** The best passage, matches marked (render `mark` pieces as <mark>; never as HTML). */
  snippet: z.array(SnippetPiece),
});

export const FacetValue = z.object({ value: z.string(), count: z.number().int() });

export const SearchResult = z.object({
  query: z.string(),
  /** fulltext: matched words; similar: nothing matched, titles spelled alike (typos); empty: no query. */
  mode: z.enum(['fulltext', 'similar', 'empty']),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(SearchHit),
  facets: z.object({
    type: z.array(FacetValue),
    country: z.array(FacetValue),
    year: z.array(FacetValue),
    language: z.array(FacetValue),
  }),
  /** For an empty query or one that found nothing: titles to try. */
  suggestions: z.array(z.string()),
});
export type SearchResult = z.infer<typeof SearchResult>;
