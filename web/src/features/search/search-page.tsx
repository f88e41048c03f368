import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type SearchQuery, type SearchResult, searchAll } from './api';

const FACETS = ['type', 'country', 'year', 'language'] as const;
type Facet = (typeof FACETS)[number];

/**
 * /search?q=…&type=…&country=…&year=…&language=…&page=… — one search across Passage: ranked results with
 * the matched words highlighted (pieces marked by the server, rendered as <mark> elements, never as HTML),
 * facets that narrow the search, pages, and suggestions when nothing is found.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const query: SearchQuery = { q, page };
  for (const f of FACETS) {
    const v = params.get(f);
    if (v) Object.assign(query, { [f]: f === 'year' ? Number(v) : v });
  }
  const state = useAsync((signal) => searchAll(query, signal), [params.toString()]);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  return (
    <Page title={t('search.title')} testId="search-page">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? <Results r={state.data} params={params} set={set} /> : null}
    </Page>
  );
}

function Results({
  r,
  params,
  set,
}: {
  r: SearchResult;
  params: URLSearchParams;
  set: (c: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  return (
    <div className="search-results">
      <aside className="search-facets" data-testid="search-facets">
        {FACETS.map((f: Facet) =>
          r.facets[f].length ? (
            <fieldset key={f}>
              <legend>{t(`search.facet.${f}`)}</legend>
              <ul>
                {r.facets[f].map((v) => (
                  <li key={v.value}>
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={params.get(f) === v.value}
                      onClick={() => set({ [f]: params.get(f) === v.value ? null : v.value })}
                    >
                      {f === 'type' ? t(`search.types.${v.value}`, v.value) : v.value} ({v.count})
                    </button>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : null,
        )}
      </aside>
      <Section title={t('search.found', { count: r.total })} testId="search-results">
        {r.mode === 'similar' ? <p role="status">{t('search.similar')}</p> : null}
        {r.total === 0 ? (
          <div data-testid="search-empty">
            <p>{r.mode === 'empty' ? t('search.typeSomething') : t('search.nothing', { q: r.query })}</p>
            {r.suggestions.length ? (
              <>
                <p>{t('search.suggestions')}</p>
                <ul>
                  {r.suggestions.map((s) => (
                    <li key={s}>
                      <button type="button" className="link-button" onClick={() => set({ q: s })}>
                        {s}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : (
          <ol className="search-hits" data-testid="search-hits">
            {r.items.map((h) => (
              <li key={`${h.type}-${h.id}`} data-type={h.type}>
                <Link to={h.link} lang={h.language}>
                  {h.title}
                </Link>{' '}
                <span className="badge">{t(`search.types.${h.type}`, h.type)}</span>
                {h.country ? ` · ${h.country}` : ''}
                {h.date ? ` · ${h.date}` : ''}
                <p className="snippet" lang={h.language}>
                  {h.snippet.map((p, i) =>
                    // The pieces are in document order and never reorder: the index is their identity.
                    // biome-ignore lint/suspicious/noArrayIndexKey: see above
                    p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
        {pages > 1 ? (
          <nav className="pager" aria-label={t('search.pages')}>
            <button
              type="button"
              className="button"
              disabled={r.page <= 1}
              onClick={() => set({ page: String(r.page - 1) })}
            >
              {t('search.previous')}
            </button>{' '}
            {t('search.pageOf', { page: r.page, pages })}{' '}
            <button
              type="button"
              className="button"
              disabled={r.page >= pages}
              onClick={() => set({ page: String(r.page + 1) })}
            >
              {t('search.next')}
            </button>
          </nav>
        ) : null}
      </Section>
    </div>
  );
}
