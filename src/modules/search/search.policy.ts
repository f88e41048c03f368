/**
 * Who may search (src/modules/search). Searching is open: anonymous callers find public records, members
 * what the visibility rule lets them read (the SQL filter of every result, count and facet); a token needs
 * `search:read`.
 */
import { rule } from '../../shared/access';

export const searchPolicy = {
  /** One search across Passage, filtered by visibility in SQL. */
  search: rule.open('search.search', 'search:read'),
};
