import './practices.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Language } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { useCountryNames } from '../exchange/use-country-names';
import {
  listPractices,
  PRACTICE_STATUSES,
  type PracticeFilter,
  type PracticeSummaryView,
  practicesCsvUrl,
  THEMATIC_AREAS,
} from './api';
import { PracticeMap } from './practice-map';

const FILTER_KEYS = ['area', 'country', 'tag', 'q', 'from', 'to', 'status'] as const;

/** The list's filters, kept in the URL so a filtered list can be linked to and exported as it is shown. */
function filterOf(params: URLSearchParams): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/**
 * /d/:slug/practices — the best-practice inventory: the practices the user sees, filtered by thematic area,
 * country, tag, text and period; a map of where they run; the filtered list as CSV; two ticked practices
 * compared side by side; and, for members other than viewers, a new practice.
 */
export function PracticesPage() {
  const { t, i18n } = useTranslation();
  const { slug } = useDialogue();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const key = JSON.stringify(filter);
  // The server validates the values (a 400 names the field); the web app passes what the URL says.
  const query = filter as PracticeFilter;
  const state = useAsync((signal) => listPractices(slug, query, signal), [slug, key]);
  const countryNames = useCountryNames(i18n.language as Language);
  const countryName = (iso3: string) => countryNames.get(iso3) ?? iso3;
  const [ticked, setTicked] = useState<number[]>([]);

  const actions =
    state.status === 'success' ? (
      <>
        {state.data.abilities.canCreate ? (
          <Link className="button" to={`/d/${slug}/practices/new`} data-testid="practice-new">
            {t('practices.new')}
          </Link>
        ) : null}{' '}
        <a
          className="button button--secondary"
          href={practicesCsvUrl(slug, query)}
          download
          data-testid="practices-csv"
        >
          {t('practices.exportCsv')}
        </a>
      </>
    ) : null;

  return (
    <Page title={t('practices.title')} lead={t('practices.intro')} actions={actions} testId="practices-page">
      <Section title={t('practices.filter.title')}>
        <Filters
          filter={filter}
          tags={state.status === 'success' ? state.data.tags : []}
          onChange={(f) => {
            const next = new URLSearchParams();
            for (const [k, v] of Object.entries(f)) if (v) next.set(k, String(v));
            setParams(next);
          }}
        />
      </Section>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <>
          <Section
            title={t('practices.list', { n: state.data.items.length })}
            actions={
              ticked.length === 2 ? (
                <Link
                  className="button button--secondary"
                  to={`/d/${slug}/practices/compare?a=${ticked[0]}&b=${ticked[1]}`}
                  data-testid="practices-compare"
                >
                  {t('practices.compare.action')}
                </Link>
              ) : (
                <span className="muted">{t('practices.compare.hint')}</span>
              )
            }
          >
            <PracticeTable
              items={state.data.items}
              ticked={ticked}
              onTick={(id) =>
                setTicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id].slice(-2)))
              }
              countryName={countryName}
            />
          </Section>
          <Section title={t('practices.map.title')}>
            <PracticeMap byCountry={state.data.byCountry} countryName={countryName} />
          </Section>
        </>
      ) : null}
    </Page>
  );
}

function PracticeTable({
  items,
  ticked,
  onTick,
  countryName,
}: {
  items: readonly PracticeSummaryView[];
  ticked: readonly number[];
  onTick: (id: number) => void;
  countryName: (iso3: string) => string;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  return (
    <DataTable
      testId="practices-table"
      rows={items}
      rowKey={(p) => p.id}
      rowProps={(p) => ({ 'data-practice': String(p.id) })}
      empty={t('practices.empty')}
      columns={[
        {
          key: 'compare',
          header: <span className="visually-hidden">{t('practices.compare.pick')}</span>,
          cell: (p) => (
            <input
              type="checkbox"
              checked={ticked.includes(p.id)}
              onChange={() => onTick(p.id)}
              aria-label={t('practices.compare.pickOne', { title: p.title })}
              data-testid={`practice-pick-${p.id}`}
            />
          ),
        },
        {
          key: 'title',
          header: t('practices.field.title'),
          isRowHeader: true,
          sortBy: (p) => p.title,
          cell: (p) => <Link to={`/d/${slug}/practices/${p.id}`}>{p.title}</Link>,
        },
        {
          key: 'area',
          header: t('practices.field.area'),
          sortBy: (p) => THEMATIC_AREAS.indexOf(p.area),
          cell: (p) => t(`practices.areas.${p.area}`),
        },
        {
          key: 'countries',
          header: t('practices.field.countries'),
          cell: (p) => p.countries.map(countryName).join(', '),
        },
        {
          key: 'period',
          header: t('practices.field.period'),
          sortBy: (p) => p.periodFrom,
          cell: (p) => `${p.periodFrom} – ${p.periodTo ?? t('practices.ongoing')}`,
        },
        { key: 'tags', header: t('practices.field.tags'), cell: (p) => p.tags.join(', ') },
        {
          key: 'status',
          header: t('practices.field.status'),
          sortBy: (p) => p.status,
          cell: (p) => t(`practices.statuses.${p.status}`),
        },
      ]}
    />
  );
}

function Filters({
  filter,
  tags,
  onChange,
}: {
  filter: Readonly<Record<string, string>>;
  tags: readonly string[];
  onChange: (f: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const value = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    onChange(Object.fromEntries(FILTER_KEYS.map((k) => [k, value(k)])));
  };
  return (
    <form
      className="practice-filters"
      onSubmit={submit}
      data-testid="practices-filters"
      key={JSON.stringify(filter)}
    >
      <label>
        {t('practices.filter.text')} <input name="q" type="search" defaultValue={filter.q ?? ''} />
      </label>
      <label>
        {t('practices.field.area')}{' '}
        <select name="area" defaultValue={filter.area ?? ''} data-testid="filter-area">
          <option value="">{t('practices.filter.any')}</option>
          {THEMATIC_AREAS.map((a) => (
            <option key={a} value={a}>
              {t(`practices.areas.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('practices.field.country')}{' '}
        <input
          name="country"
          size={4}
          maxLength={3}
          defaultValue={filter.country ?? ''}
          data-testid="filter-country"
        />
      </label>
      <label>
        {t('practices.field.tag')}{' '}
        <select name="tag" defaultValue={filter.tag ?? ''}>
          <option value="">{t('practices.filter.any')}</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('practices.filter.from')} <input name="from" type="month" defaultValue={filter.from ?? ''} />
      </label>
      <label>
        {t('practices.filter.to')} <input name="to" type="month" defaultValue={filter.to ?? ''} />
      </label>
      <label>
        {t('practices.field.status')}{' '}
        <select name="status" defaultValue={filter.status ?? ''}>
          <option value="">{t('practices.filter.any')}</option>
          {PRACTICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`practices.statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="filter-apply">
        {t('practices.filter.apply')}
      </button>
    </form>
  );
}
