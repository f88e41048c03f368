import type { Page } from 'playwright-core';

/** Layer ids of the dialogue map (web/src/features/dialogues/components/dialogue-map.tsx, MAP_LAYERS). */
export const LAYERS = {
  memberStates: 'member-states-fill',
  routes: 'routes-line',
  countries: 'countries-fill',
} as const;

/** What the journeys read from the map the app exposes as `window.__passageMap`. */
export interface MapSnapshot {
  /** Distinct ISO numeric ids of member-state polygons drawn in the viewport. */
  renderedMemberIds: string[];
  /** Distinct codes of route lines drawn in the viewport. */
  renderedRouteCodes: string[];
  /** Distinct ISO numeric ids of member states in the loaded source data. */
  sourceMemberIds: string[];
  /** Number of country outlines drawn in the viewport (members or not). */
  renderedCountryCount: number;
  isStyleLoaded: boolean;
}

/**
 * Reads the map's rendered features in the page. The function runs in the browser, so it only uses what it
 * is given and the map's own API (typed here as the small part the test needs).
 */
export function readMapSnapshot(page: Page, layers: typeof LAYERS = LAYERS): Promise<MapSnapshot> {
  return page.evaluate((ids) => {
    interface Feature {
      properties: Record<string, unknown>;
    }
    interface MapApi {
      queryRenderedFeatures(options: { layers: string[] }): Feature[];
      querySourceFeatures(source: string, options?: { filter?: unknown }): Feature[];
      isStyleLoaded(): boolean | undefined;
    }
    const map = (globalThis as unknown as { __passageMap?: MapApi }).__passageMap;
    if (!map) throw new Error('window.__passageMap is not set');
    const distinct = (features: Feature[], key: string) =>
      [...new Set(features.map((f) => String(f.properties[key] ?? '')))].filter((v) => v !== '').sort();
    return {
      renderedMemberIds: distinct(map.queryRenderedFeatures({ layers: [ids.memberStates] }), 'numeric'),
      renderedRouteCodes: distinct(map.queryRenderedFeatures({ layers: [ids.routes] }), 'code'),
      sourceMemberIds: distinct(
        map.querySourceFeatures('countries', { filter: ['==', ['get', 'isMember'], true] }),
        'numeric',
      ),
      renderedCountryCount: distinct(map.queryRenderedFeatures({ layers: [ids.countries] }), 'numeric')
        .length,
      isStyleLoaded: map.isStyleLoaded() === true,
    };
  }, layers);
}

/** Position of a longitude/latitude on the page (for pointing at a country with the mouse). */
export function projectToPage(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((position) => {
    interface MapApi {
      project(lngLat: [number, number]): { x: number; y: number };
      getCanvas(): { getBoundingClientRect(): { left: number; top: number } };
    }
    const map = (globalThis as unknown as { __passageMap?: MapApi }).__passageMap;
    if (!map) throw new Error('window.__passageMap is not set');
    const point = map.project(position);
    const box = map.getCanvas().getBoundingClientRect();
    return { x: box.left + point.x, y: box.top + point.y };
  }, lngLat);
}

/**
 * Counts, in a PNG screenshot, the pixels close to each of the given colours. The browser decodes the PNG
 * (no image library needed in Node): this checks what WebGL really drew, not just the map's feature index.
 */
export function countPixelsByColour(
  page: Page,
  png: Buffer,
  colours: Record<string, string>,
  tolerance = 24,
): Promise<Record<string, number>> {
  return page.evaluate(
    async ({ base64, colours, tolerance }) => {
      interface Canvas2d {
        drawImage(image: unknown, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      }
      interface Doc {
        createElement(tag: 'canvas'): {
          width: number;
          height: number;
          getContext(kind: '2d'): Canvas2d | null;
        };
      }
      const g = globalThis as unknown as {
        document: Doc;
        Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
      };
      const image = new g.Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = g.document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('no 2D canvas');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      const targets = Object.entries(colours).map(([name, hex]) => ({
        name,
        rgb: [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)),
      }));
      const counts: Record<string, number> = Object.fromEntries(targets.map((t) => [t.name, 0]));
      for (let i = 0; i < data.length; i += 4) {
        for (const t of targets) {
          const [r = 0, gr = 0, b = 0] = t.rgb;
          const r1 = data[i] ?? 0;
          const g1 = data[i + 1] ?? 0;
          const b1 = data[i + 2] ?? 0;
          if (
            Math.abs(r1 - r) <= tolerance &&
            Math.abs(g1 - gr) <= tolerance &&
            Math.abs(b1 - b) <= tolerance
          ) {
            counts[t.name] = (counts[t.name] ?? 0) + 1;
          }
        }
      }
      return counts;
    },
    { base64: png.toString('base64'), colours, tolerance },
  );
}
