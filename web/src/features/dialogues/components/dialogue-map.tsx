import 'maplibre-gl/dist/maplibre-gl.css';
import {
  type FilterSpecification,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  type PointLike,
  type StyleSpecification,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../app/i18n/i18n';
import { pickTranslation, TranslatedText } from '../../../ui/translated-text';
import { fetchCountryOutlines } from '../../reference/api';
import type { MemberState } from '../api';
import { routeColor } from '../route-colors';
import { addFlatMapControls, flatMapOptions } from './flat-map';
import { normaliseNumeric } from './map-countries';
import { type Bounds, boundsOf, type MapRoute, toCountryFeatures, toRouteFeatures } from './map-data';

// MapLibre's worker is a separate file; Vite ships it as an asset next to the app's chunks.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The dialogue map, for browser tests and debugging. */
    __passageMap?: MapLibreMap;
  }
}

/** Layer ids (also used by the browser tests). */
export const MAP_LAYERS = {
  countries: 'countries-fill',
  countryOutlines: 'countries-outline',
  memberStates: 'member-states-fill',
  memberStateOutlines: 'member-states-outline',
  countryHover: 'country-hover',
  routeCasing: 'routes-casing',
  routes: 'routes-line',
  routeHighlight: 'routes-highlight',
  routeHitArea: 'routes-hit-area',
} as const;

const COLORS = {
  sea: '#e9eff4',
  land: '#f6f5f1',
  border: '#b5bcc3',
  member: '#b8cdea',
  memberBorder: '#1f4e8c',
} as const;

type Pick =
  | { kind: 'country'; numeric: string; fallbackName: string; isMember: boolean }
  | { kind: 'route'; code: string };

type MapStatus = 'loading' | 'ready' | 'failed' | 'unavailable';

export interface DialogueMapProps {
  memberStates: readonly MemberState[];
  routes: readonly MapRoute[];
  /** Country names in the interface language, by ISO numeric and by ISO alpha-3 code. */
  countryNames: ReadonlyMap<string, string>;
  /** What the highlighted countries are, when not the member states (e.g. the partners of a state's agreements). */
  highlightLabels?: { legend: string; kind: string };
}

const NO_MATCH: FilterSpecification = ['==', ['get', 'numeric'], '\u0000'];

function pickFrom(features: readonly MapGeoJSONFeature[]): Pick | null {
  const route = features.find((f) => f.layer.id === MAP_LAYERS.routeHitArea);
  if (route) return { kind: 'route', code: String(route.properties.code) };
  const country = features.find((f) => f.layer.id === MAP_LAYERS.countries);
  if (!country) return null;
  return {
    kind: 'country',
    numeric: String(country.properties.numeric ?? ''),
    fallbackName: String(country.properties.name ?? ''),
    isMember: country.properties.isMember === true,
  };
}

function samePick(a: Pick | null, b: Pick | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'route' && b.kind === 'route') return a.code === b.code;
  if (a.kind === 'country' && b.kind === 'country')
    return a.numeric === b.numeric && a.fallbackName === b.fallbackName;
  return false;
}

function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    // Browsers allow few live WebGL contexts: give this probe's back at once.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
}

function buildStyle(
  countries: ReturnType<typeof toCountryFeatures>,
  routes: ReturnType<typeof toRouteFeatures>,
): StyleSpecification {
  // No glyphs, sprites or tiles: everything is drawn from the two GeoJSON sources, so the map works offline.
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: countries },
      routes: { type: 'geojson', data: routes },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': COLORS.sea } },
      { id: MAP_LAYERS.countries, type: 'fill', source: 'countries', paint: { 'fill-color': COLORS.land } },
      {
        id: MAP_LAYERS.memberStates,
        type: 'fill',
        source: 'countries',
        filter: ['==', ['get', 'isMember'], true],
        paint: { 'fill-color': COLORS.member },
      },
      {
        id: MAP_LAYERS.countryHover,
        type: 'fill',
        source: 'countries',
        filter: NO_MATCH,
        paint: { 'fill-color': '#000000', 'fill-opacity': 0.1 },
      },
      {
        id: MAP_LAYERS.countryOutlines,
        type: 'line',
        source: 'countries',
        paint: { 'line-color': COLORS.border, 'line-width': 0.6 },
      },
      {
        id: MAP_LAYERS.memberStateOutlines,
        type: 'line',
        source: 'countries',
        filter: ['==', ['get', 'isMember'], true],
        paint: { 'line-color': COLORS.memberBorder, 'line-width': 1.1 },
      },
      {
        id: MAP_LAYERS.routeCasing,
        type: 'line',
        source: 'routes',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 6.5 },
      },
      {
        id: MAP_LAYERS.routes,
        type: 'line',
        source: 'routes',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': ['get', 'color'], 'line-width': 3.5 },
      },
      {
        id: MAP_LAYERS.routeHighlight,
        type: 'line',
        source: 'routes',
        filter: NO_MATCH,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': ['get', 'color'], 'line-width': 7 },
      },
      {
        // Invisible wide line: makes routes easy to point at.
        id: MAP_LAYERS.routeHitArea,
        type: 'line',
        source: 'routes',
        paint: { 'line-color': '#000000', 'line-width': 16, 'line-opacity': 0 },
      },
    ],
  };
}

/**
 * Map of a dialogue: all countries, member states highlighted, routes as coloured lines with a legend.
 * Fully offline (no tiles, glyphs or sprites). Sets data-map-ready="true" once drawn.
 */
export default function DialogueMap({
  memberStates,
  routes,
  countryNames,
  highlightLabels,
}: DialogueMapProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const initialBoundsRef = useRef<Bounds | null>(null);
  const [status, setStatus] = useState<MapStatus>('loading');
  const [hovered, setHovered] = useState<Pick | null>(null);
  const [selected, setSelected] = useState<Pick | null>(null);

  const routeFeatures = useMemo(() => toRouteFeatures(routes), [routes]);

  // The map is built once per data set; a language change only relabels it (see below).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `t` is read once here; rebuilding the map on a language change is not wanted.
  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    if (!hasWebGl()) {
      setStatus('unavailable');
      return;
    }
    let map: MapLibreMap | null = null;
    let isCancelled = false;
    setStatus('loading');

    fetchCountryOutlines()
      .then((topology) => {
        if (isCancelled) return;
        const countries = toCountryFeatures(topology, memberStates);
        const members = countries.features.filter((f) => f.properties.isMember);
        const bounds = boundsOf([...members, ...routeFeatures.features]) ?? [-20, 25, 75, 60];
        initialBoundsRef.current = bounds;
        map = new MapLibreMap({
          container,
          style: buildStyle(countries, routeFeatures),
          bounds,
          fitBoundsOptions: { padding: 32 },
          ...flatMapOptions({ title: t('map.label'), zoomIn: t('map.zoomIn'), zoomOut: t('map.zoomOut') }),
        });
        addFlatMapControls(map);
        mapRef.current = map;
        window.__passageMap = map;

        const current = map;
        current.on('error', (event) => console.error('Map error', event.error));
        current.once('load', () => {
          current.once('idle', () => {
            if (!isCancelled) setStatus('ready');
          });
        });

        const pickAt = (point: PointLike) =>
          pickFrom(
            current.queryRenderedFeatures(point, { layers: [MAP_LAYERS.routeHitArea, MAP_LAYERS.countries] }),
          );
        current.on('mousemove', (event: MapMouseEvent) => {
          const pick = pickAt(event.point);
          current.getCanvas().style.cursor = pick ? 'pointer' : '';
          setHovered((previous) => (samePick(previous, pick) ? previous : pick));
        });
        current.on('mouseout', () => setHovered(null));
        current.on('click', (event: MapMouseEvent) => setSelected(pickAt(event.point)));
      })
      .catch((error: unknown) => {
        if (isCancelled) return;
        console.error('Map could not be loaded', error);
        setStatus('failed');
      });

    return () => {
      isCancelled = true;
      if (map !== null) {
        if (window.__passageMap === map) delete window.__passageMap;
        map.remove();
      }
      mapRef.current = null;
    };
  }, [memberStates, routeFeatures]);

  const shown = hovered ?? selected;

  // Highlight the pointed-at country and the selected route.
  useEffect(() => {
    const map = mapRef.current;
    if (map === null || status !== 'ready') return;
    const country = shown?.kind === 'country' && shown.numeric !== '' ? shown.numeric : '\u0000';
    map.setFilter(MAP_LAYERS.countryHover, ['==', ['get', 'numeric'], country]);
    const route =
      shown?.kind === 'route' ? shown.code : selected?.kind === 'route' ? selected.code : '\u0000';
    map.setFilter(MAP_LAYERS.routeHighlight, ['==', ['get', 'code'], route]);
  }, [shown, selected, status]);

  // Keep the canvas label in the interface language.
  useEffect(() => {
    const map = mapRef.current;
    if (map !== null && status === 'ready') map.getCanvas().setAttribute('aria-label', t('map.label'));
  }, [t, status]);

  function focusRoute(code: string) {
    setSelected({ kind: 'route', code });
    const map = mapRef.current;
    const line = routeFeatures.features.find((f) => f.properties.code === code);
    const bounds = line ? boundsOf([line]) : null;
    if (map !== null && bounds !== null) map.fitBounds(bounds, { padding: 48, maxZoom: 6 });
  }

  function resetView() {
    setSelected(null);
    const map = mapRef.current;
    if (map !== null && initialBoundsRef.current !== null)
      map.fitBounds(initialBoundsRef.current, { padding: 32 });
  }

  const lng = currentLanguage();
  const describe = (pick: Pick) => {
    if (pick.kind === 'route') {
      const index = routes.findIndex((r) => r.code === pick.code);
      const route = routes[index];
      return {
        title: route
          ? t('map.selectedRoute', {
              code: route.code,
              name: pickTranslation(route.nameText, lng).text || route.name,
            })
          : pick.code,
        detail: route ? route.countries.map((iso3) => countryNames.get(iso3) ?? iso3).join(' → ') : '',
        kind: t('map.route'),
        color: routeColor(index),
      };
    }
    const member = memberStates.find((m) => normaliseNumeric(m.numeric) === pick.numeric);
    const name = member
      ? (member.name[lng] ?? member.name.en)
      : (countryNames.get(pick.numeric) ?? pick.fallbackName);
    return {
      title: name,
      detail: '',
      kind: pick.isMember ? (highlightLabels?.kind ?? t('map.memberState')) : t('map.otherCountry'),
      color: null,
    };
  };
  const info = shown ? describe(shown) : null;

  return (
    <div className="dialogue-map">
      <div className="dialogue-map__canvas-wrap">
        <section
          ref={containerRef}
          className="dialogue-map__canvas"
          aria-label={t('map.label')}
          data-map-ready={status === 'ready' ? 'true' : 'false'}
          data-testid="dialogue-map"
        />
        {status === 'loading' ? (
          <p className="dialogue-map__overlay" role="status">
            {t('map.loading')}
          </p>
        ) : null}
        {status === 'failed' || status === 'unavailable' ? (
          <p className="dialogue-map__overlay dialogue-map__overlay--error" role="alert">
            {status === 'failed' ? t('map.failed') : t('map.unavailable')}
          </p>
        ) : null}
      </div>
      <aside className="dialogue-map__side">
        <section className="map-info" aria-labelledby="map-info-title">
          <h3 id="map-info-title" className="map-side-title">
            {t('map.details')}
          </h3>
          <div aria-live="polite" data-testid="map-info">
            {info ? (
              <>
                <p className="map-info__kind">{info.kind}</p>
                <p className="map-info__title">
                  {info.color ? (
                    <span className="swatch swatch--line" style={{ background: info.color }} />
                  ) : null}
                  {info.title}
                </p>
                {info.detail ? <p className="map-info__detail">{info.detail}</p> : null}
              </>
            ) : (
              <p className="muted">{t('map.hint')}</p>
            )}
          </div>
        </section>
        <section className="map-legend" aria-labelledby="map-legend-title">
          <h3 id="map-legend-title" className="map-side-title">
            {t('map.legend')}
          </h3>
          <ul className="map-legend__list">
            <li>
              <span
                className="swatch swatch--area"
                style={{ background: COLORS.member, borderColor: COLORS.memberBorder }}
              />
              {highlightLabels?.legend ?? t('map.legendMemberState')}
            </li>
            <li>
              <span
                className="swatch swatch--area"
                style={{ background: COLORS.land, borderColor: COLORS.border }}
              />
              {t('map.legendOtherCountry')}
            </li>
          </ul>
          {routes.length > 0 ? (
            <ul className="map-legend__list map-legend__routes">
              {routes.map((route, index) => (
                <li key={route.id}>
                  <button
                    type="button"
                    className="map-legend__route"
                    aria-pressed={selected?.kind === 'route' && selected.code === route.code}
                    title={t('map.showRoute', { code: route.code })}
                    onClick={() => focusRoute(route.code)}
                    disabled={status !== 'ready'}
                  >
                    <span className="swatch swatch--line" style={{ background: routeColor(index) }} />
                    <span className="map-legend__code">{route.code}</span>
                    <span>
                      <TranslatedText value={route.nameText} hideBadge />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {routes.length > 0 ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={resetView}
              disabled={status !== 'ready'}
            >
              {t('map.resetView')}
            </button>
          ) : null}
        </section>
      </aside>
    </div>
  );
}
