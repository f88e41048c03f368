import 'maplibre-gl/dist/maplibre-gl.css';
import { type ExpressionSpecification, Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table';
import { addFlatMapControls, flatMapOptions } from '../dialogues/components/flat-map';
import { type Bounds, boundsOf, toCountryFeatures } from '../dialogues/components/map-data';
import { type CountryView, fetchCountryOutlines, listCountries } from '../reference/api';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The practices map, for browser tests and debugging. */
    __passagePracticeMap?: MapLibreMap;
  }
}

/** Sequential classes (ColorBrewer Greens) for 1, 2, 3–4 and 5+ practices. */
const CLASS_COLORS = ['#c7e9c0', '#74c476', '#31a354', '#006d2c'] as const;
const classOfCount = (n: number) => (n >= 5 ? 3 : n >= 3 ? 2 : n - 1);
const LAND = '#f6f5f1';
const SEA = '#e9eff4';

/**
 * Where the listed practices run: the countries shaded by how many practices name them, on the same offline
 * outlines (world-atlas, served by the API) and MapLibre set-up as the analytics map, with the counts as a
 * table beside it (also when the browser has no WebGL).
 */
export function PracticeMap({
  byCountry,
  countryName,
}: {
  byCountry: readonly { country: string; count: number }[];
  countryName: (iso3: string) => string;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [countries, setCountries] = useState<CountryView[] | null>(null);
  const [isReady, setReady] = useState(false);
  const [hasFailed, setFailed] = useState(false);

  useEffect(() => {
    listCountries().then(setCountries, () => setFailed(true));
  }, []);

  const fill = useMemo((): ExpressionSpecification | string => {
    const numeric = new Map((countries ?? []).map((c) => [c.iso3, c.numeric?.padStart(3, '0')]));
    const pairs: string[] = [];
    for (const { country, count } of byCountry) {
      const n = numeric.get(country);
      if (n) pairs.push(n, CLASS_COLORS[classOfCount(count)]!);
    }
    // A match expression with its pairs flattened: MapLibre's types cannot spell a variable-length one.
    return pairs.length
      ? (['match', ['get', 'numeric'], ...pairs, LAND] as unknown as ExpressionSpecification)
      : LAND;
  }, [byCountry, countries]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is built once; `t` is read once.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let map: MapLibreMap | null = null;
    let isCancelled = false;
    fetchCountryOutlines().then(
      (topology) => {
        if (isCancelled) return;
        const features = toCountryFeatures(topology, []);
        try {
          map = new MapLibreMap({
            container: el,
            style: {
              version: 8,
              sources: { countries: { type: 'geojson', data: features } },
              layers: [
                { id: 'background', type: 'background', paint: { 'background-color': SEA } },
                { id: 'practices', type: 'fill', source: 'countries', paint: { 'fill-color': LAND } },
                {
                  id: 'outlines',
                  type: 'line',
                  source: 'countries',
                  paint: { 'line-color': '#9aa5b1', 'line-width': 0.6 },
                },
              ],
            },
            bounds: [-20, 5, 80, 60] as Bounds,
            ...flatMapOptions({
              title: t('practices.map.label'),
              zoomIn: t('map.zoomIn'),
              zoomOut: t('map.zoomOut'),
            }),
          });
        } catch {
          setFailed(true);
          return;
        }
        addFlatMapControls(map);
        mapRef.current = map;
        window.__passagePracticeMap = map;
        const m = map;
        m.once('load', () => m.once('idle', () => setReady(true)));
      },
      () => setFailed(true),
    );
    return () => {
      isCancelled = true;
      if (map && window.__passagePracticeMap === map) delete window.__passagePracticeMap;
      map?.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (map && isReady) map.setPaintProperty('practices', 'fill-color', fill);
  }, [fill, isReady]);

  const fitToPractices = () => {
    const map = mapRef.current;
    if (!map || !countries) return;
    const wanted = new Set(
      byCountry
        .map(({ country }) => countries.find((c) => c.iso3 === country)?.numeric?.padStart(3, '0'))
        .filter((n): n is string => !!n),
    );
    void fetchCountryOutlines().then((topology) => {
      const b = boundsOf(
        toCountryFeatures(topology, []).features.filter((f) => wanted.has(f.properties.numeric)),
      );
      if (b) map.fitBounds(b, { padding: 32, maxZoom: 5 });
    });
  };

  return (
    <div className="practice-map" data-testid="practice-map">
      <div className="practice-map__main">
        <div className="practice-map__canvas-wrap">
          <section
            ref={container}
            className="practice-map__canvas"
            aria-label={t('practices.map.label')}
            data-testid="practice-map-canvas"
            data-map-ready={isReady ? 'true' : 'false'}
          />
          {hasFailed ? <p className="dialogue-map__overlay">{t('map.failed')}</p> : null}
        </div>
      </div>
      <aside className="practice-map__side">
        <ul className="map-legend__list">
          {['1', '2', '3–4', '5+'].map((label, i) => (
            <li key={label}>
              <span className="swatch swatch--area" style={{ background: CLASS_COLORS[i] }} />
              {t('practices.map.legend', { n: label })}
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={fitToPractices}
          disabled={!isReady || byCountry.length === 0}
        >
          {t('practices.map.fit')}
        </button>
        <DataTable
          testId="practice-map-counts"
          rows={byCountry}
          rowKey={(r) => r.country}
          rowProps={(r) => ({ 'data-country': r.country })}
          empty={t('practices.empty')}
          columns={[
            {
              key: 'country',
              header: t('practices.field.country'),
              isRowHeader: true,
              sortBy: (r) => countryName(r.country),
              cell: (r) => countryName(r.country),
            },
            {
              key: 'count',
              header: t('practices.map.count'),
              isNumeric: true,
              sortBy: (r) => r.count,
              cell: (r) => String(r.count),
            },
          ]}
        />
      </aside>
    </div>
  );
}
