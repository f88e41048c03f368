import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

/** The search box of the header: goes to /search?q=… (the results page). */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    navigate(`/search?${new URLSearchParams({ q: q.trim() })}`);
  };
  return (
    <search className="search-box">
      <form className="search-box__form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="header-search">
          {t('search.label')}
        </label>
        <input
          id="header-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('search.placeholder')}
          maxLength={500}
          data-testid="header-search"
        />
        <button type="submit" className="button button--header">
          {t('search.submit')}
        </button>
      </form>
    </search>
  );
}
