import 'maplibre-gl/dist/maplibre-gl.css';
import {
  type ExpressionSpecification,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberState } from '../dialogues/api';
import { addFlatMapControls, flatMapOptions } from '../dialogues/components/flat-map';
import { boundsOf, toCountryFeatures } from '../dialogues/components/map-data';
import { fetchCountryOutlines } from '../reference/api';

/**
 * The portal map's canvas (a separate chunk: MapLibre is large): every country outline, the reporting states
 * filled by class, the withheld ones hatched (never the colour of a value). What a state shows on hover or tap
 * is the page's own text (`describe`), so the map, its legend and the table alternative say the same.
 * Offline like every map of Passage: bundled outlines, no tiles, glyphs or sprites.
 */

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The portal's figures map, for browser tests and debugging. */
    __passagePortalMap?: MapLibreMap;
  }
}

export const HATCH_IMAGE = 'withheld-hatch';
const SEA = '#e9eff4';
const NO_DATA = '#f6f5f1';

/** One reporting state as the map fills it. */
export interface ChoroplethFill {
  iso3: string;
  numeric: string;
  /** The class colour of its value; null when withheld or without a value. */
  color: string | null;
  isWithheld: boolean;
}

/** A 12 × 12 tile of diagonal stripes (dark on light), the pattern of withheld states. */
function hatchImage() {
  const size = 12;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const isStripe = (x + y) % 6 < 2;
      const [r, g, b] = isStripe ? [75, 85, 99] : [243, 244, 246];
      data.set([r, g, b, 255], (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}

export default function PortalChoropleth({
  fills,
  memberStates,
  label,
  describe,
}: {
  fills: readonly ChoroplethFill[];
  /** The reporting states (their outlines frame the first view). */
  memberStates: readonly MemberState[];
  label: string;
  /** What to say of a country (by ISO numeric code and the outline's own name). */
  describe: (numeric: string, fallbackName: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [shown, setShown] = useState<{ numeric: string; name: string } | null>(null);

  const fillColor = useMemo((): ExpressionSpecification | string => {
    const pairs = fills.flatMap((f) => (f.color ? [f.numeric, f.color] : []));
    // A match expression is built at run time; MapLibre's type cannot follow the spread.
    return pairs.length
      ? (['match', ['get', 'numeric'], ...pairs, NO_DATA] as unknown as ExpressionSpecification)
      : NO_DATA;
  }, [fills]);
  const withheld = useMemo(() => fills.filter((f) => f.isWithheld).map((f) => f.numeric), [fills]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: built once per set of states; the fills are set below.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let map: MapLibreMap | null = null;
    let isCancelled = false;
    fetchCountryOutlines()
      .then((topology) => {
        if (isCancelled) return;
        const countries = toCountryFeatures(topology, memberStates);
        const bounds = boundsOf(countries.features.filter((f) => f.properties.isMember)) ?? [-20, 25, 75, 60];
        map = new MapLibreMap({
          container: el,
          style: {
            version: 8,
            sources: { countries: { type: 'geojson', data: countries } },
            layers: [
              { id: 'background', type: 'background', paint: { 'background-color': SEA } },
              { id: 'values', type: 'fill', source: 'countries', paint: { 'fill-color': NO_DATA } },
              {
                id: 'withheld',
                type: 'fill',
                source: 'countries',
                filter: ['in', ['get', 'numeric'], ['literal', []]],
                paint: { 'fill-pattern': HATCH_IMAGE },
              },
              {
                id: 'hover',
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
            ],
          },
          bounds,
          fitBoundsOptions: { padding: 32, maxZoom: 5 },
          ...flatMapOptions({ title: label, zoomIn: t('map.zoomIn'), zoomOut: t('map.zoomOut') }),
        });
        const current = map;
        addFlatMapControls(current);
        current.on('styleimagemissing', (e: { id: string }) => {
          if (e.id === HATCH_IMAGE && !current.hasImage(HATCH_IMAGE))
            current.addImage(HATCH_IMAGE, hatchImage());
        });
        mapRef.current = current;
        window.__passagePortalMap = current;
        current.once('load', () => current.once('idle', () => !isCancelled && setStatus('ready')));
        const pick = (e: MapMouseEvent) => {
          const f: MapGeoJSONFeature | undefined = current.queryRenderedFeatures(e.point, {
            layers: ['values'],
          })[0];
          return f
            ? { numeric: String(f.properties.numeric ?? ''), name: String(f.properties.name ?? '') }
            : null;
        };
        current.on('mousemove', (e) => {
          const p = pick(e);
          setShown((old) => (old?.numeric === p?.numeric && old?.name === p?.name ? old : p));
        });
        current.on('click', (e) => setShown(pick(e)));
      })
      .catch((error: unknown) => {
        if (isCancelled) return;
        console.error('Map could not be loaded', error);
        setStatus('failed');
      });
    return () => {
      isCancelled = true;
      if (map) {
        if (window.__passagePortalMap === map) delete window.__passagePortalMap;
        map.remove();
      }
      mapRef.current = null;
    };
  }, [memberStates]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || status !== 'ready') return;
    map.setPaintProperty('values', 'fill-color', fillColor);
    map.setFilter('withheld', ['in', ['get', 'numeric'], ['literal', withheld]]);
  }, [fillColor, withheld, status]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && status === 'ready')
      map.setFilter('hover', ['==', ['get', 'numeric'], shown?.numeric || '\u0000']);
  }, [shown, status]);

  return (
    <div className="portal-map">
      <div className="portal-map__canvas-wrap">
        <section
          ref={container}
          className="portal-map__canvas"
          aria-label={label}
          data-testid="portal-choropleth"
          data-map-ready={status === 'ready' ? 'true' : 'false'}
          data-withheld={withheld.join(' ')}
        />
        {status === 'loading' ? (
          <p className="dialogue-map__overlay" role="status">
            {t('map.loading')}
          </p>
        ) : null}
        {status === 'failed' ? (
          <p className="dialogue-map__overlay dialogue-map__overlay--error" role="alert">
            {t('map.failed')}
          </p>
        ) : null}
      </div>
      <div aria-live="polite" className="portal-map__details" data-testid="portal-map-details">
        {shown ? describe(shown.numeric, shown.name) : <p className="muted">{t('portal.map.hint')}</p>}
      </div>
    </div>
  );
}
