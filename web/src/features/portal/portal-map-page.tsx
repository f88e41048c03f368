import { classOf, quantileBreaks } from '@passage/contract/constants';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { formatDate, pickTranslated } from '../../ui/format';
import { Page } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { formatNumber } from '../analytics/format';
import { countryNamesOf, mapStatesOf, normaliseNumeric } from '../dialogues/components/map-countries';
import { type CountryView, listCountries } from '../reference/api';
import { getPortalMap, type PortalMapView } from './api';
import type { ChoroplethFill } from './portal-choropleth';
import { FigureValue, usePortal } from './portal-layout';
import { EmbedSnippet } from './portal-route-page';

// MapLibre is large: the canvas is its own chunk; the legend and the table do not wait for it.
const PortalChoropleth = lazy(() => import('./portal-choropleth'));

/** Sequential classes (ColorBrewer Blues), lightest for the smallest values (as the members' route map). */
const CLASS_COLORS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;

type MapState = PortalMapView['states'][number];

const NO_COUNTRIES: readonly CountryView[] = [];

/** The map query in the URL (indicator, period); absent: the server's defaults. */
export function useMapQuery() {
  const [search, setSearch] = useSearchParams();
  const query = {
    indicator: search.get('indicator') ?? undefined,
    period: search.get('period') ?? undefined,
  };
  return { query, setQuery: (q: { indicator?: string; period?: string }) => setSearch(q) };
}

/** The map's query string for a link or an embed (only what is set). */
export const mapQueryString = (q: { indicator?: string | null; period?: string | null }) => {
  const p = new URLSearchParams();
  if (q.indicator) p.set('indicator', q.indicator);
  if (q.period) p.set('period', q.period);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/**
 * The figures of one indicator and period on the map, with their legend (classes with the unit, withheld
 * hatched, no figure) and the same values in a table (the map's accessible alternative): each withheld figure
 * says "withheld" with its reason and SDMX status, never 0.
 */
export function MapFigures({ data, title }: { data: PortalMapView; title: string }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const countries = useAsync(() => listCountries(), []);
  const breaks = useMemo(
    () =>
      quantileBreaks(
        data.states.flatMap((s) => (s.value === null ? [] : [s.value])),
        CLASS_COLORS.length,
      ),
    [data.states],
  );
  const unit = data.indicator?.unit ?? '';
  const names = useMemo(
    () => (countries.status === 'success' ? countryNamesOf(countries.data, lng) : new Map<string, string>()),
    [countries, lng],
  );
  const stateName = (s: MapState) => pickTranslated(s.names, lng);
  const statusText = (s: MapState) =>
    s.value === null && s.confStatus !== 'F'
      ? t(`portal.withheldWhy.${s.confStatus}`)
      : s.value === null
        ? t('portal.map.notAvailable')
        : t('portal.map.free');
  const colorOf = (s: MapState) => (s.value === null ? null : CLASS_COLORS[classOf(s.value, breaks)]!);
  const loaded: readonly CountryView[] = countries.status === 'success' ? countries.data : NO_COUNTRIES;
  const numericOf = new Map(loaded.map((c) => [c.iso3, normaliseNumeric(c.numeric)] as const));
  const fills: ChoroplethFill[] = data.states.flatMap((s) => {
    const numeric = numericOf.get(s.code);
    return numeric
      ? [{ iso3: s.code, numeric, color: colorOf(s), isWithheld: s.value === null && s.confStatus !== 'F' }]
      : [];
  });
  // By the states' codes, so the map is not built again when only the period's values change.
  const codes = data.states.map((s) => s.code).join(' ');
  const memberStates = useMemo(() => mapStatesOf(loaded, codes.split(' ').filter(Boolean)), [loaded, codes]);
  const describe = (numeric: string, fallbackName: string) => {
    const s = data.states.find((x) => numericOf.get(x.code) === numeric);
    if (!s)
      return (
        <p>
          <strong>{names.get(numeric) ?? fallbackName}</strong>
          <br />
          {t('portal.map.noFigure')}
        </p>
      );
    return (
      <p data-testid="portal-map-detail" data-reporter={s.code}>
        <strong>{stateName(s)}</strong>
        <br />
        {data.period}: <FigureValue figure={s} format={(v) => `${formatNumber(v, lng)} ${unit}`} />
        <br />
        <span className="muted">
          {statusText(s)} · CONF_STATUS {s.confStatus} · OBS_STATUS {s.obsStatus}
        </span>
      </p>
    );
  };
  return (
    <div className="portal-map-figures" data-testid="portal-map-figures">
      <p className="muted">
        {t('portal.map.meta', { unit, period: data.period ?? '–' })}
        {data.dataAsPublishedOn
          ? ` ${t('portal.dataAsPublishedOn', { date: formatDate(data.dataAsPublishedOn, lng) })}`
          : null}
      </p>
      {countries.status === 'success' && data.states.length ? (
        <Suspense fallback={<Loading label={t('map.loading')} />}>
          <PortalChoropleth
            fills={fills}
            memberStates={memberStates}
            label={t('portal.map.label', { title })}
            describe={describe}
          />
        </Suspense>
      ) : null}
      {countries.status === 'loading' ? <Loading label={t('map.loading')} /> : null}
      <section className="map-legend" aria-labelledby="portal-map-legend">
        <h3 id="portal-map-legend" className="map-side-title">
          {t('map.legend')} ({unit})
        </h3>
        <ul className="map-legend__list" data-testid="portal-map-legend">
          {breaks.map((b, i) => (
            <li key={b}>
              <span className="swatch swatch--area" style={{ background: CLASS_COLORS[i] }} />
              {formatNumber(i === 0 ? 0 : breaks[i - 1]! + 1, lng)} – {formatNumber(b, lng)} {unit}
            </li>
          ))}
          <li>
            <span className="swatch swatch--area swatch--withheld" />
            {t('portal.map.legendWithheld')}
          </li>
          <li>
            <span className="swatch swatch--area" style={{ background: '#f6f5f1' }} />
            {t('portal.map.noFigure')}
          </li>
        </ul>
      </section>
      <DataTable<MapState>
        testId="portal-map-table"
        caption={t('portal.map.caption', { title })}
        rows={data.states}
        rowKey={(s) => s.code}
        rowProps={(s) => ({ 'data-reporter': s.code })}
        empty={<p className="notice">{t('portal.map.none')}</p>}
        columns={[
          {
            key: 'state',
            header: t('portal.map.state'),
            isRowHeader: true,
            sortBy: stateName,
            cell: stateName,
          },
          {
            key: 'value',
            header: t('portal.map.value', { unit }),
            isNumeric: true,
            sortBy: (s) => s.value,
            cellProps: (s) => ({ 'data-value': s.value === null ? '' : String(s.value) }),
            cell: (s) => <FigureValue figure={s} format={(v) => formatNumber(v, lng)} />,
          },
          {
            key: 'status',
            header: t('portal.map.status'),
            cellProps: (s) => ({ 'data-conf-status': s.confStatus }),
            cell: (s) => (
              <>
                {statusText(s)} <code>{s.confStatus}</code>
              </>
            ),
          },
        ]}
      />
    </div>
  );
}

/** The indicator and period pickers (a month or a whole year). */
function MapPickers({
  data,
  nameOf,
  onChange,
}: {
  data: PortalMapView;
  nameOf: (code: string) => string;
  onChange: (q: { indicator?: string; period?: string }) => void;
}) {
  const { t } = useTranslation();
  const indicator = data.indicator?.code;
  return (
    <div className="portal-map__pickers">
      <label className="field">
        <span>{t('portal.routePage.indicator')}</span>
        <select
          value={indicator ?? ''}
          onChange={(e) => onChange({ indicator: e.target.value })}
          data-testid="portal-map-indicator"
        >
          {data.indicators.map((code) => (
            <option key={code} value={code}>
              {nameOf(code)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('portal.map.period')}</span>
        <select
          value={data.period ?? ''}
          onChange={(e) => onChange({ ...(indicator ? { indicator } : {}), period: e.target.value })}
          data-testid="portal-map-period"
        >
          <optgroup label={t('portal.map.years')}>
            {data.periods.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('portal.map.months')}>
            {[...data.periods.months].reverse().map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
    </div>
  );
}

/** "Indicator, period": the map's title. */
export function mapTitle(data: PortalMapView, lng: ReturnType<typeof currentLanguage>) {
  const name = data.indicator ? pickTranslated(data.indicator.names, lng) : '';
  return data.period ? `${name}, ${data.period}` : name;
}

/** /p/:slug/map?indicator=&period=: the public figures per reporting state on a map, with its table and embed. */
export function PortalMapPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug, nameOf } = usePortal();
  const { query, setQuery } = useMapQuery();
  const state = useAsync(
    (signal) => getPortalMap(slug, query, signal),
    [slug, query.indicator, query.period],
  );
  const data = state.status === 'success' ? state.data : null;
  return (
    <Page title={t('portal.map.title')} lead={t('portal.map.lead')} testId="portal-map-page">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {data && !data.indicator ? <p className="notice">{t('portal.noData')}</p> : null}
      {data?.indicator ? (
        <>
          <MapPickers data={data} nameOf={(c) => nameOf('indicators', c)} onChange={setQuery} />
          <h2>{mapTitle(data, lng)}</h2>
          <MapFigures data={data} title={mapTitle(data, lng)} />
          <EmbedSnippet
            path={`/embed/${slug}/map${mapQueryString({ indicator: data.indicator.code, period: data.period })}`}
            title={mapTitle(data, lng)}
            summary={t('portal.embed.mapSummary')}
            lead={t('portal.embed.mapLead')}
            height="760"
          />
        </>
      ) : null}
    </Page>
  );
}
