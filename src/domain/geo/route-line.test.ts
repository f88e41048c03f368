import { describe, expect, it } from 'vitest';
import { checkRouteGeometry, lineThroughCentroids, outlineCentroid } from './route-line';

describe('route geometry', () => {
  it('accepts lines and names the bad part of anything else', () => {
    expect(
      checkRouteGeometry({
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toEqual([]);
    expect(
      checkRouteGeometry({
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      }),
    ).toEqual([]);
    expect(checkRouteGeometry({ type: 'Point', coordinates: [1, 2] })).toEqual([
      ['type', 'expected "LineString" or "MultiLineString"'],
    ]);
    expect(
      checkRouteGeometry({
        type: 'LineString',
        coordinates: [
          [1, 2],
          [200, 4],
        ],
      }),
    ).toEqual([['coordinates.1', 'expected [longitude, latitude] within ±180, ±90']]);
    expect(checkRouteGeometry({ type: 'LineString', coordinates: [[1, 2]] })[0]?.[0]).toBe('coordinates');
  });

  it('takes the centroid of the largest polygon', () => {
    const square = (x: number, y: number, s: number) => [
      [
        [x, y],
        [x + s, y],
        [x + s, y + s],
        [x, y + s],
        [x, y],
      ],
    ];
    expect(
      outlineCentroid({ type: 'MultiPolygon', coordinates: [square(0, 0, 1), square(10, 10, 4)] }),
    ).toEqual([12, 12]);
    expect(outlineCentroid(null)).toBeNull();
  });

  it('draws the default line through the centroids in order, or says which countries have none', () => {
    const at: Record<string, [number, number]> = { GRC: [22, 39], ITA: [12, 42] };
    expect(lineThroughCentroids(['GRC', 'ITA'], (c) => at[c] ?? null)).toEqual({
      geometry: { type: 'LineString', coordinates: [at.GRC, at.ITA] },
      missing: [],
    });
    expect(lineThroughCentroids(['GRC', 'XXA'], (c) => at[c] ?? null)).toEqual({
      geometry: null,
      missing: ['XXA'],
    });
  });
});
