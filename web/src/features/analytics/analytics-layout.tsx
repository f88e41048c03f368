import './analytics.css';
import { TOTAL_CODE } from '@passage/contract/constants';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { currentLanguage, type Language } from '../../app/i18n/i18n';
import { useDialogue } from '../../ui/dialogue-context';
import { pickTranslated } from '../../ui/format';
import { Page } from '../../ui/page';
import { pickTranslation, TranslatedText } from '../../ui/translated-text';
import type { DialogueHome, DialogueIndicator } from '../dialogues/api';
import { useCountryNames } from '../exchange/use-country-names';
import { useQueryState } from './use-query-state';

/** What the analytics pages need of an indicator (an unknown code from the URL gets a stand-in). */
export type AnalyticsIndicator = Pick<DialogueIndicator, 'code' | 'name' | 'unit' | 'breakdowns'>;

/** Filters a page shows in its filter bar. */
export type FilterField =
  | 'route'
  | 'indicators'
  | 'indicator'
  | 'range'
  | 'citizenship'
  | 'reporter'
  | 'asOf';

export interface AnalyticsContext {
  slug: string;
  home: DialogueHome;
  lng: Language;
  /** Dialogue name for source lines. */
  source: string;
  q: ReturnType<typeof useQueryState>;
  countryName: (iso3: string) => string;
  countryNames: ReadonlyMap<string, string>;
  routeName: (code: string) => string;
  indicatorName: (code: string) => string;
  unitOf: (indicator: AnalyticsIndicator | undefined) => string;
  /** The selected route (URL, else the first route), undefined for a dialogue without routes. */
  route: string | undefined;
  /** Selected indicators (URL, else IBC or the first one). */
  indicators: AnalyticsIndicator[];
  /** The route parameter for an indicator: the selected route, or '_T' when it has no route breakdown. */
  routeFor: (indicator: AnalyticsIndicator) => string;
  from: string | undefined;
  to: string | undefined;
  citizenship: string | undefined;
  reporter: string | undefined;
  asOf: string | undefined;
}

const UNITS = ['detections', 'persons', 'applications', 'decisions', 'returns', 'refusals'] as const;

const TABS = [
  { path: '', key: 'analytics.tabs.dashboard' },
  { path: '/map', key: 'analytics.tabs.map' },
  { path: '/flows', key: 'analytics.tabs.flows' },
  { path: '/shifts', key: 'analytics.tabs.shifts' },
  { path: '/compare', key: 'analytics.tabs.compare' },
] as const;

/**
 * Frame of every analytics page: title, tabs (keeping the filters), the filter bar and the dialogue's
 * routes, indicators and names for the page body.
 */
export function AnalyticsLayout({
  titleKey,
  fields,
  children,
}: {
  titleKey:
    | 'analytics.tabs.dashboard'
    | 'analytics.tabs.map'
    | 'analytics.tabs.flows'
    | 'analytics.tabs.shifts'
    | 'analytics.tabs.compare';
  fields: FilterField[];
  children: (ctx: AnalyticsContext) => ReactNode;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const q = useQueryState();
  const { slug, dialogue: d } = useDialogue();
  const names = useCountryNames(lng);

  const ctx = useMemo((): AnalyticsContext => {
    const byCode = new Map(d.indicators.map((i) => [i.code, i]));
    const wanted = (q.get('indicators') ?? '').split(',').filter((c) => c !== '');
    // Unknown codes in the URL are kept, so the API can say what is wrong with them.
    let indicators: AnalyticsIndicator[] = wanted.map(
      (c) => byCode.get(c) ?? { code: c, name: { en: c }, unit: 'detections', breakdowns: ['route'] },
    );
    if (!indicators.length) {
      const first = byCode.get('IBC') ?? d.indicators[0];
      indicators = first ? [first] : [];
    }
    const route = q.get('route') ?? d.routes[0]?.code;
    return {
      slug,
      home: d,
      lng,
      source: pickTranslation(d.nameText, lng).text,
      q,
      countryNames: names,
      countryName: (iso3) => (iso3 === '_O' ? t('analytics.otherCitizenships') : (names.get(iso3) ?? iso3)),
      routeName: (code) => {
        const r = d.routes.find((x) => x.code === code);
        return r ? pickTranslation(r.nameText, lng).text : code;
      },
      indicatorName: (code) => {
        const i = byCode.get(code);
        return i ? pickTranslation(i.nameText, lng).text : code;
      },
      unitOf: (i) => {
        const unit = UNITS.find((u) => u === i?.unit);
        return unit ? t(`units.${unit}`) : (i?.unit ?? '');
      },
      route,
      indicators,
      routeFor: (i) => (i.breakdowns.includes('route') && route ? route : TOTAL_CODE),
      from: q.get('from'),
      to: q.get('to'),
      citizenship: q.get('citizenship'),
      reporter: q.get('reporter'),
      asOf: q.get('asOf'),
    };
  }, [d, q, slug, lng, names, t]);

  const search = q.search ? `?${q.search}` : '';
  return (
    <Page
      className="analytics"
      title={
        <>
          {t(titleKey)}{' '}
          <span className="muted">
            · <TranslatedText value={ctx.home.nameText} />
          </span>
        </>
      }
      documentTitle={`${t(titleKey)} · ${t('analytics.title')}`}
      lead={t('analytics.detectionsNote')}
    >
      <nav className="analytics-tabs" aria-label={t('analytics.tabsLabel')}>
        {TABS.map((tab) => (
          <NavLink
            key={tab.path}
            end
            to={`/d/${slug}/analytics${tab.path}${search}`}
            className={({ isActive }) => `analytics-tabs__tab${isActive ? ' is-active' : ''}`}
            data-testid={`analytics-tab${tab.path.replace('/', '-') || '-dashboard'}`}
          >
            {t(tab.key)}
          </NavLink>
        ))}
      </nav>
      <FilterBar ctx={ctx} fields={fields} />
      {children(ctx)}
    </Page>
  );
}

function FilterBar({ ctx, fields }: { ctx: AnalyticsContext; fields: FilterField[] }) {
  const { t } = useTranslation();
  const { home, q, lng } = ctx;
  const has = (f: FilterField) => fields.includes(f);
  const selected = new Set(ctx.indicators.map((i) => i.code));
  const toggleIndicator = (code: string, on: boolean) => {
    const next = home.indicators.map((i) => i.code).filter((c) => (c === code ? on : selected.has(c)));
    q.set({ indicators: next.join(',') || undefined });
  };
  // Every country (and the special citizenship codes) by name, once the names are loaded.
  const countries = useMemo(
    () =>
      [...ctx.countryNames]
        .map(([code, name]) => ({ code, name }))
        .sort((a, b) => a.name.localeCompare(b.name, lng)),
    [ctx.countryNames, lng],
  );
  return (
    <form
      className="analytics-filters"
      aria-label={t('analytics.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      {has('route') && home.routes.length ? (
        <div className="field">
          <label htmlFor="f-route">{t('analytics.route')}</label>
          <select id="f-route" value={ctx.route ?? ''} onChange={(e) => q.set({ route: e.target.value })}>
            {home.routes.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} · {pickTranslation(r.nameText, lng).text}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {has('indicator') ? (
        <div className="field">
          <label htmlFor="f-indicator">{t('analytics.indicator')}</label>
          <select
            id="f-indicator"
            value={ctx.indicators[0]?.code ?? ''}
            onChange={(e) => q.set({ indicators: e.target.value })}
          >
            {home.indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} · {pickTranslation(i.nameText, lng).text}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {has('indicators') ? (
        <fieldset className="field analytics-filters__indicators">
          <legend>{t('analytics.indicators')}</legend>
          {home.indicators.map((i) => (
            <label key={i.code} className="field--checkbox" title={pickTranslation(i.nameText, lng).text}>
              <input
                type="checkbox"
                checked={selected.has(i.code)}
                onChange={(e) => toggleIndicator(i.code, e.target.checked)}
                data-testid={`f-indicator-${i.code}`}
              />
              {i.code}
            </label>
          ))}
        </fieldset>
      ) : null}
      {has('range') ? (
        <>
          <div className="field">
            <label htmlFor="f-from">{t('analytics.from')}</label>
            <input
              id="f-from"
              type="month"
              value={ctx.from ?? ''}
              onChange={(e) => q.set({ from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t('analytics.to')}</label>
            <input
              id="f-to"
              type="month"
              value={ctx.to ?? ''}
              onChange={(e) => q.set({ to: e.target.value })}
            />
          </div>
        </>
      ) : null}
      {has('citizenship') ? (
        <div className="field">
          <label htmlFor="f-citizenship">{t('analytics.citizenship')}</label>
          <select
            id="f-citizenship"
            value={ctx.citizenship ?? ''}
            onChange={(e) => q.set({ citizenship: e.target.value })}
          >
            <option value="">{t('analytics.all')}</option>
            {ctx.citizenship && !countries.some((c) => c.code === ctx.citizenship) ? (
              <option value={ctx.citizenship}>{ctx.countryName(ctx.citizenship)}</option>
            ) : null}
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {has('reporter') ? (
        <div className="field">
          <label htmlFor="f-reporter">{t('analytics.reporter')}</label>
          <select
            id="f-reporter"
            value={ctx.reporter ?? ''}
            onChange={(e) => q.set({ reporter: e.target.value })}
          >
            <option value="">{t('analytics.allReporters')}</option>
            {home.memberStates.map((m) => (
              <option key={m.iso3} value={m.iso3}>
                {pickTranslated(m.name, lng)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {has('asOf') ? (
        <div className="field">
          <label htmlFor="f-asof">{t('analytics.asOf')}</label>
          <input
            id="f-asof"
            type="date"
            value={ctx.asOf ?? ''}
            onChange={(e) => q.set({ asOf: e.target.value })}
          />
        </div>
      ) : null}
      {has('range') || has('citizenship') || has('reporter') || has('asOf') ? (
        <button
          type="button"
          className="button button--secondary button--small analytics-filters__reset"
          onClick={() =>
            q.set({
              from: undefined,
              to: undefined,
              citizenship: undefined,
              reporter: undefined,
              asOf: undefined,
            })
          }
        >
          {t('analytics.resetFilters')}
        </button>
      ) : null}
    </form>
  );
}
