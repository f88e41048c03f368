import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { MemberState, RouteView } from '../api';
import { routeColor } from '../route-colors';
import { normaliseNumeric } from './map-countries';

/** What the map draws of a route: the dialogue's routes, or the public ones on the portal. */
export type MapRoute = Pick<RouteView, 'id' | 'code' | 'name' | 'nameText' | 'countries' | 'geometry'>;

/** Properties of a country outline on the map. */
export interface CountryProperties {
  /** ISO 3166-1 numeric code, three digits ("040"); "" for areas without one (e.g. disputed areas). */
  numeric: string;
  /** English name from the outline data, used when no translated name is known. */
  name: string;
  isMember: boolean;
}

/** Properties of a route line on the map. */
export interface RouteProperties {
  code: string;
  name: string;
  color: string;
}

export type Bounds = [west: number, south: number, east: number, north: number];

/** Converts the world-atlas topology to GeoJSON, marking the member states. */
export function toCountryFeatures(
  topology: Topology,
  memberStates: readonly MemberState[],
): FeatureCollection<Polygon | MultiPolygon, CountryProperties> {
  const object = topology.objects.countries;
  if (object === undefined || object.type !== 'GeometryCollection') {
    throw new Error('Country outlines have no "countries" geometry collection');
  }
  const members = new Set(memberStates.map((m) => normaliseNumeric(m.numeric)).filter((n) => n !== ''));
  const collection = feature(topology, object as GeometryCollection<{ name?: string }>);
  const features: Feature<Polygon | MultiPolygon, CountryProperties>[] = [];
  for (const f of collection.features) {
    if (f.geometry === null || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon'))
      continue;
    const numeric = normaliseNumeric(f.id);
    features.push({
      type: 'Feature',
      geometry: f.geometry,
      properties: { numeric, name: f.properties?.name ?? '', isMember: members.has(numeric) },
    });
  }
  return { type: 'FeatureCollection', features };
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number');
}

/** Route lines, coloured in legend order; routes without a usable line geometry are left out. */
export function toRouteFeatures(
  routes: readonly MapRoute[],
): FeatureCollection<LineString | MultiLineString, RouteProperties> {
  const features: Feature<LineString | MultiLineString, RouteProperties>[] = [];
  routes.forEach((route, index) => {
    const geometry: unknown = route.geometry;
    if (typeof geometry !== 'object' || geometry === null) return;
    const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
    const properties = { code: route.code, name: route.name, color: routeColor(index) };
    if (type === 'LineString' && Array.isArray(coordinates) && coordinates.every(isPosition)) {
      features.push({ type: 'Feature', geometry: { type, coordinates }, properties });
    } else if (
      type === 'MultiLineString' &&
      Array.isArray(coordinates) &&
      coordinates.every((line) => Array.isArray(line) && line.every(isPosition))
    ) {
      features.push({
        type: 'Feature',
        geometry: { type, coordinates: coordinates as Position[][] },
        properties,
      });
    }
  });
  return { type: 'FeatureCollection', features };
}

function extendBounds(bounds: Bounds | null, coordinates: unknown): Bounds | null {
  if (isPosition(coordinates)) {
    const [x, y] = coordinates as [number, number];
    if (bounds === null) return [x, y, x, y];
    return [Math.min(bounds[0], x), Math.min(bounds[1], y), Math.max(bounds[2], x), Math.max(bounds[3], y)];
  }
  let result = bounds;
  if (Array.isArray(coordinates)) for (const part of coordinates) result = extendBounds(result, part);
  return result;
}

/** The box around the given features (null when there are none). */
export function boundsOf(
  features: readonly Feature<Polygon | MultiPolygon | LineString | MultiLineString>[],
): Bounds | null {
  let bounds: Bounds | null = null;
  for (const f of features) bounds = extendBounds(bounds, f.geometry.coordinates);
  return bounds;
}
