/**
 * Route geometry: checks a GeoJSON LineString/MultiLineString given by the secretariat, and builds the default
 * line through the countries' centroids (from the shipped outlines) when none is given. Pure: the caller passes
 * the country outlines as GeoJSON geometries.
 */
import type { Geometry, LineString, MultiLineString, Position } from 'geojson';

export type RouteGeometry = LineString | MultiLineString;

/** Problems with a GeoJSON line, as [path inside the geometry, message]; empty when it is fine. */
export function checkRouteGeometry(g: unknown): [string, string][] {
  if (typeof g !== 'object' || g === null) return [['', 'expected a GeoJSON LineString or MultiLineString']];
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== 'LineString' && type !== 'MultiLineString')
    return [['type', 'expected "LineString" or "MultiLineString"']];
  if (!Array.isArray(coordinates)) return [['coordinates', 'expected an array']];
  const lines = type === 'LineString' ? [coordinates] : coordinates;
  const problems: [string, string][] = [];
  lines.forEach((line: unknown, li) => {
    const base = type === 'LineString' ? 'coordinates' : `coordinates.${li}`;
    if (!Array.isArray(line) || line.length < 2) {
      problems.push([base, 'a line needs at least two positions']);
      return;
    }
    line.forEach((p: unknown, pi) => {
      if (
        !Array.isArray(p) ||
        p.length < 2 ||
        !p.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
        Math.abs(p[0] as number) > 180 ||
        Math.abs(p[1] as number) > 90
      )
        problems.push([`${base}.${pi}`, 'expected [longitude, latitude] within ±180, ±90']);
    });
  });
  if (type === 'MultiLineString' && lines.length === 0)
    problems.push(['coordinates', 'expected at least one line']);
  return problems;
}

/** Area-weighted centroid of the largest polygon of a country outline (planar, in degrees), or null. */
export function outlineCentroid(g: Geometry | null | undefined): Position | null {
  if (!g) return null;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let best: { area: number; c: Position } | null = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    if (!ring || ring.length < 3) continue;
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (a === 0) continue;
    const area = Math.abs(a / 2);
    if (!best || area > best.area) best = { area, c: [round(cx / (3 * a)), round(cy / (3 * a))] };
  }
  return best?.c ?? null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The default line of a route: through the centroids of its countries, in order. Countries without an outline
 * are reported back so the caller can ask for an explicit geometry.
 */
export function lineThroughCentroids(
  countries: readonly string[],
  centroidOf: (iso3: string) => Position | null,
): { geometry: LineString | null; missing: string[] } {
  const missing: string[] = [];
  const coordinates: Position[] = [];
  for (const c of countries) {
    const p = centroidOf(c);
    if (p) coordinates.push(p);
    else missing.push(c);
  }
  if (missing.length || coordinates.length < 2) return { geometry: null, missing };
  return { geometry: { type: 'LineString', coordinates }, missing };
}
