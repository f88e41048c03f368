/**
 * Route colours, in legend order: the Okabe–Ito palette (distinguishable with colour-vision deficiencies),
 * without the blue used for member states.
 */
const ROUTE_COLORS = ['#D55E00', '#009E73', '#CC79A7', '#E69F00', '#0072B2', '#56B4E9', '#000000'] as const;

export function routeColor(index: number): string {
  return ROUTE_COLORS[index % ROUTE_COLORS.length] ?? '#000000';
}
