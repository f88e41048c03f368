import 'maplibre-gl/dist/maplibre-gl.css';
import { classOf, quantileBreaks } from '@passage/contract/constants';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import {
  type ExpressionSpecification,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table';
import { ErrorMessage, Loading } from '../../ui/status';
import { TranslatedText } from '../../ui/translated-text';
import { useAsync } from '../../ui/use-async';
import type { RouteView } from '../dialogues/api';
import { addFlatMapControls, flatMapOptions } from '../dialogues/components/flat-map';
import { type Bounds, boundsOf, toCountryFeatures, toRouteFeatures } from '../dialogues/components/map-data';
import { routeColor } from '../dialogues/route-colors';
import { fetchCountryOutlines } from '../reference/api';
import { type AnalyticsContext, AnalyticsLayout } from './analytics-layout';
import { type AnalyticsParams, analyticsUrl, type ChoroplethView, fetchAnalytics } from './api';
import { formatNumber } from './format';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The route map, for browser tests and debugging. */
    __passageRouteMap?: MapLibreMap;
  }
}

/** Sequential classes (ColorBrewer Blues), lightest for the smallest values. */
const CLASS_COLORS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
const NO_DATA = '#f6f5f1';
const SEA = '#e9eff4';
const PLAY_MS = 900;

/** An arrowhead at the end of each route line, pointing along its last segment. */
function arrowHeads(
  routes: ReturnType<typeof toRouteFeatures>,
): FeatureCollection<Polygon, { color: string; code: string }> {
  const features: Feature<Polygon, { color: string; code: string }>[] = [];
  for (const f of routes.features) {
    const line = f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.coordinates.at(-1);
    if (!line || line.length < 2) continue;
    const [px = 0, py = 0] = line[line.length - 1]!;
    const [qx = 0, qy = 0] = line[line.length - 2]!;
    const len = Math.hypot(px - qx, py - qy) || 1;
    const [dx, dy] = [(px - qx) / len, (py - qy) / len];
    const size = 0.9;
    const base = [px - dx * size, py - dy * size];
    features.push({
      type: 'Feature',
      properties: f.properties,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [px, py],
            [base[0]! - dy * size * 0.45, base[1]! + dx * size * 0.45],
            [base[0]! + dy * size * 0.45, base[1]! - dx * size * 0.45],
            [px, py],
          ],
        ],
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

export default function MapPage() {
  return (
    <AnalyticsLayout titleKey="analytics.tabs.map" fields={['indicator', 'range', 'asOf']}>
      {(ctx) => <RouteMap ctx={ctx} />}
    </AnalyticsLayout>
  );
}

function RouteMap({ ctx }: { ctx: AnalyticsContext }) {
  const { t } = useTranslation();
  const indicator = ctx.indicators[0];
  // The map shows all routes unless one is chosen (URL "route" only when set explicitly here).
  const route = ctx.q.get('mapRoute');
  const params: AnalyticsParams<'choropleth'> = {
    indicator: indicator?.code,
    route,
    from: ctx.from,
    to: ctx.to,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'choropleth', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  const outlines = useAsync(() => fetchCountryOutlines(), []);

  if (!indicator) return <p className="notice">{t('analytics.noIndicators')}</p>;
  if (state.status === 'loading' || outlines.status === 'loading')
    return <Loading label={t('map.loading')} />;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  if (outlines.status === 'error') return <ErrorMessage error={outlines.error} message={t('map.failed')} />;
  return (
    <ChoroplethMap
      ctx={ctx}
      data={state.data}
      topology={outlines.data}
      params={params}
      route={route}
      unit={ctx.unitOf(indicator)}
      indicatorName={ctx.indicatorName(indicator.code)}
    />
  );
}

type Topology = Awaited<ReturnType<typeof fetchCountryOutlines>>;

function ChoroplethMap({
  ctx,
  data,
  topology,
  params,
  route,
  unit,
  indicatorName,
}: {
  ctx: AnalyticsContext;
  data: ChoroplethView;
  topology: Topology;
  params: AnalyticsParams<'choropleth'>;
  route: string | undefined;
  unit: string;
  indicatorName: string;
}) {
  const { t } = useTranslation();
  const { home, q, lng } = ctx;
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [isReady, setReady] = useState(false);
  const [isPlaying, setPlaying] = useState(false);
  const [hovered, setHovered] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const periods = data.periods;
  // The month is in the URL; a local copy answers the slider at once (the URL follows a moment later).
  const inUrl = q.get('period');
  const [wanted, setWanted] = useState(inUrl);
  useEffect(() => setWanted(inUrl), [inUrl]);
  const index = Math.max(
    0,
    wanted && periods.includes(wanted) ? periods.indexOf(wanted) : periods.length - 1,
  );
  const period = periods[index];
  const setPeriod = (i: number) => {
    setWanted(periods[i]);
    q.set({ period: periods[i] });
  };

  // ISO alpha-3 ↔ ISO numeric (the outlines' ids) for the reporting states.
  const numericOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of home.memberStates) if (s.numeric) m.set(s.iso3, s.numeric.padStart(3, '0'));
    return m;
  }, [home.memberStates]);
  const iso3Of = useMemo(() => new Map([...numericOf].map(([a, n]) => [n, a])), [numericOf]);

  // Quantile classes over every month of the range: the same shade means the same figures as the slider moves.
  const breaks = useMemo(
    () =>
      quantileBreaks(
        data.cells.map((c) => c.value ?? 0),
        CLASS_COLORS.length,
      ),
    [data.cells],
  );
  const values = useMemo(
    () => new Map(data.cells.filter((c) => c.period === period).map((c) => [c.reporter, c.value])),
    [data.cells, period],
  );

  const routes: RouteView[] = useMemo(
    () => (route ? home.routes.filter((r) => r.code === route) : home.routes),
    [home.routes, route],
  );
  const routeFeatures = useMemo(() => toRouteFeatures(home.routes), [home.routes]);

  const fillExpression = useMemo((): ExpressionSpecification | string => {
    const pairs: string[] = [];
    for (const [iso3, value] of values) {
      const numeric = numericOf.get(iso3);
      if (numeric && value !== null) pairs.push(numeric, CLASS_COLORS[classOf(value, breaks)]!);
    }
    return pairs.length
      ? (['match', ['get', 'numeric'], ...pairs, NO_DATA] as unknown as ExpressionSpecification)
      : NO_DATA;
  }, [values, numericOf, breaks]);

  // Build the map once per data set.
  // biome-ignore lint/correctness/useExhaustiveDependencies: built once per outline set and dialogue; `t` is read once.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const countries = toCountryFeatures(topology, home.memberStates);
    const members = countries.features.filter((f) => f.properties.isMember);
    const bounds = boundsOf([...members, ...routeFeatures.features]) ?? [-20, 25, 75, 60];
    const map = new MapLibreMap({
      container: el,
      style: {
        version: 8,
        sources: {
          countries: { type: 'geojson', data: countries },
          routes: { type: 'geojson', data: routeFeatures },
          arrows: { type: 'geojson', data: arrowHeads(routeFeatures) },
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': SEA } },
          { id: 'choropleth', type: 'fill', source: 'countries', paint: { 'fill-color': NO_DATA } },
          {
            id: 'country-hover',
            type: 'line',
            source: 'countries',
            filter: ['==', ['get', 'numeric'], '\u0000'],
            paint: { 'line-color': '#000000', 'line-width': 2 },
          },
          {
            id: 'outlines',
            type: 'line',
            source: 'countries',
            paint: { 'line-color': '#9aa5b1', 'line-width': 0.6 },
          },
          {
            id: 'routes-casing',
            type: 'line',
            source: 'routes',
            layout: { 'line-join': 'round', 'line-cap': 'round' },
            paint: { 'line-color': '#ffffff', 'line-width': 6 },
          },
          {
            id: 'routes-line',
            type: 'line',
            source: 'routes',
            layout: { 'line-join': 'round', 'line-cap': 'round' },
            paint: { 'line-color': ['get', 'color'], 'line-width': 3.5 },
          },
          { id: 'routes-arrows', type: 'fill', source: 'arrows', paint: { 'fill-color': ['get', 'color'] } },
        ],
      },
      bounds: bounds as Bounds,
      fitBoundsOptions: { padding: 32 },
      ...flatMapOptions({
        title: t('analytics.mapLabel'),
        zoomIn: t('map.zoomIn'),
        zoomOut: t('map.zoomOut'),
      }),
    });
    addFlatMapControls(map);
    mapRef.current = map;
    window.__passageRouteMap = map;
    map.once('load', () => map.once('idle', () => setReady(true)));
    const pick = (e: MapMouseEvent): string | null => {
      const f: MapGeoJSONFeature | undefined = map.queryRenderedFeatures(e.point, {
        layers: ['choropleth'],
      })[0];
      return f ? String(f.properties.numeric ?? '') : null;
    };
    map.on('mousemove', (e) => setHovered(pick(e)));
    map.on('mouseout', () => setHovered(null));
    map.on('click', (e) => setSelected(pick(e)));
    return () => {
      if (window.__passageRouteMap === map) delete window.__passageRouteMap;
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [topology, home.memberStates, routeFeatures]);

  // Shade the countries for the month.
  useEffect(() => {
    const map = mapRef.current;
    if (map && isReady) map.setPaintProperty('choropleth', 'fill-color', fillExpression);
  }, [fillExpression, isReady]);

  // Only the chosen route's lines when one is chosen.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !isReady) return;
    const filter = route ? (['==', ['get', 'code'], route] as ExpressionSpecification) : null;
    for (const layer of ['routes-casing', 'routes-line', 'routes-arrows']) map.setFilter(layer, filter);
  }, [route, isReady]);

  const shown = hovered ?? selected;
  useEffect(() => {
    const map = mapRef.current;
    if (map && isReady) map.setFilter('country-hover', ['==', ['get', 'numeric'], shown ?? '\u0000']);
  }, [shown, isReady]);

  // Play: one month per step, stopping at the last month.
  // biome-ignore lint/correctness/useExhaustiveDependencies: steps when playing starts or the month changes.
  useEffect(() => {
    if (!isPlaying) return;
    if (index >= periods.length - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setPeriod(index + 1), PLAY_MS);
    return () => clearTimeout(timer);
  }, [isPlaying, index]);

  const fitRoute = (code: string | undefined) => {
    const map = mapRef.current;
    if (!map) return;
    const lines = code
      ? routeFeatures.features.filter((f) => f.properties.code === code)
      : routeFeatures.features;
    const b = boundsOf(lines);
    if (b) map.fitBounds(b, { padding: 48, maxZoom: 6 });
  };

  const shownIso3 = shown ? iso3Of.get(shown) : undefined;
  const countryLabel = (numeric: string) => {
    const iso3 = iso3Of.get(numeric);
    return iso3 ? ctx.countryName(iso3) : (ctx.countryNames.get(numeric) ?? numeric);
  };
  const title = t('analytics.mapTitle', {
    indicator: indicatorName,
    scope: route ? ctx.routeName(route) : t('analytics.allRoutes'),
    period: period ?? '–',
  });
  const rows = [...values].sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));

  return (
    <div className="route-map">
      <div className="route-map__main">
        <h2 className="route-map__title" data-testid="map-title">
          {title}
        </h2>
        <p className="muted chart-card__meta">
          {t('analytics.chartMeta', {
            unit,
            source: ctx.source,
            date: ctx.asOf ?? new Date().toISOString().slice(0, 10),
          })}
        </p>
        {periods.length > 0 ? (
          <div className="time-slider">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                if (!isPlaying && index >= periods.length - 1) setPeriod(0);
                setPlaying(!isPlaying);
              }}
              aria-pressed={isPlaying}
              data-testid="map-play"
            >
              {isPlaying ? t('analytics.pause') : t('analytics.play')}
            </button>
            <label htmlFor="map-month" className="visually-hidden">
              {t('analytics.month')}
            </label>
            <input
              id="map-month"
              type="range"
              min={0}
              max={periods.length - 1}
              step={1}
              value={index}
              onChange={(e) => {
                setPlaying(false);
                setPeriod(Number(e.target.value));
              }}
              aria-valuetext={period}
              data-testid="map-slider"
            />
            <output htmlFor="map-month" className="time-slider__period" data-testid="map-period">
              {period}
            </output>
          </div>
        ) : null}
        <div className="route-map__canvas-wrap">
          <section
            ref={container}
            className="route-map__canvas"
            aria-label={t('analytics.mapLabel')}
            data-testid="route-map"
            data-map-ready={isReady ? 'true' : 'false'}
            data-period={period ?? ''}
          />
          {periods.length === 0 ? (
            <p className="dialogue-map__overlay" data-testid="map-empty">
              {t('analytics.noData', {
                what: `${indicatorName}, ${route ? ctx.routeName(route) : t('analytics.allRoutes')}`,
              })}
            </p>
          ) : null}
        </div>
      </div>
      <aside className="route-map__side">
        <section aria-labelledby="map-details-title">
          <h3 id="map-details-title" className="map-side-title">
            {t('map.details')}
          </h3>
          <div aria-live="polite" data-testid="map-details">
            {shown ? (
              <p>
                <strong>{countryLabel(shown)}</strong>
                <br />
                {period}:{' '}
                {shownIso3 && values.has(shownIso3)
                  ? formatNumber(values.get(shownIso3), lng)
                  : t('analytics.noValue')}
              </p>
            ) : (
              <p className="muted">{t('analytics.mapHint')}</p>
            )}
          </div>
        </section>
        <section aria-labelledby="map-legend-title">
          <h3 id="map-legend-title" className="map-side-title">
            {t('map.legend')}
          </h3>
          <ul className="map-legend__list" data-testid="map-legend">
            {breaks.map((b, i) => (
              <li key={b}>
                <span className="swatch swatch--area" style={{ background: CLASS_COLORS[i] }} />
                {formatNumber(i === 0 ? 0 : breaks[i - 1]! + 1, lng)} – {formatNumber(b, lng)}
              </li>
            ))}
            <li>
              <span className="swatch swatch--area" style={{ background: NO_DATA }} />
              {t('analytics.noValue')}
            </li>
          </ul>
          <p className="muted map-legend__note">{t('analytics.mapClassesNote')}</p>
          <div className="field">
            <label htmlFor="map-route">{t('analytics.route')}</label>
            <select id="map-route" value={route ?? ''} onChange={(e) => q.set({ mapRoute: e.target.value })}>
              <option value="">{t('analytics.allRoutes')}</option>
              {home.routes.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.code} · {ctx.routeName(r.code)}
                </option>
              ))}
            </select>
          </div>
          <ul className="map-legend__list map-legend__routes">
            {routes.map((r) => (
              <li key={r.code}>
                <button
                  type="button"
                  className="map-legend__route"
                  onClick={() => fitRoute(r.code)}
                  title={t('analytics.fitRoute', { code: r.code })}
                  disabled={!isReady}
                >
                  <span
                    className="swatch swatch--line"
                    style={{ background: routeColor(home.routes.findIndex((x) => x.code === r.code)) }}
                  />
                  <span className="map-legend__code">{r.code}</span>
                  <span>
                    <TranslatedText value={r.nameText} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="button-row">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => fitRoute(route)}
              disabled={!isReady}
            >
              {route ? t('analytics.fitToRoute') : t('map.resetView')}
            </button>
            <a
              className="button button--secondary button--small"
              href={analyticsUrl(ctx.slug, 'choropleth', { ...params, asOf: ctx.asOf }, 'csv')}
              download
              data-testid="map-csv"
            >
              {t('analytics.downloadCsv')}
            </a>
            <a
              className="button button--secondary button--small"
              href={analyticsUrl(ctx.slug, 'choropleth', { ...params, asOf: ctx.asOf }, 'xlsx')}
              download
            >
              {t('analytics.downloadXlsx')}
            </a>
          </div>
        </section>
        <details className="chart-card__table" open>
          <summary>{t('analytics.valuesFor', { period: period ?? '–' })}</summary>
          <DataTable
            testId="map-values"
            caption={<span className="visually-hidden">{title}</span>}
            rows={rows}
            rowKey={([iso3]) => iso3}
            rowProps={([iso3]) => ({ 'data-reporter': iso3 })}
            columns={[
              {
                key: 'reporter',
                header: t('analytics.reporter'),
                isRowHeader: true,
                sortBy: ([iso3]) => ctx.countryName(iso3),
                cell: ([iso3]) => ctx.countryName(iso3),
              },
              {
                key: 'value',
                header: unit,
                isNumeric: true,
                sortBy: ([, value]) => value,
                cellProps: ([, value]) => ({ 'data-value': value === null ? '' : String(value) }),
                cell: ([, value]) => formatNumber(value, lng),
              },
            ]}
          />
        </details>
      </aside>
    </div>
  );
}
