import type { TFunction } from 'i18next';
import { type Breakdowns, DIMENSIONS, type Dimension, TOTAL_CODE } from './api';

const DIMENSION_KEYS = {
  citizenship: 'breakdowns.citizenship',
  border_type: 'breakdowns.border_type',
  route: 'breakdowns.route',
  sex: 'breakdowns.sex',
  age_group: 'breakdowns.age_group',
  reason: 'breakdowns.reason',
  place: 'breakdowns.place',
  document_type: 'breakdowns.document_type',
  fraud_type: 'breakdowns.fraud_type',
  return_type: 'breakdowns.return_type',
} as const satisfies Record<Dimension, string>;

export const dimensionName = (t: TFunction, d: Dimension) => t(DIMENSION_KEYS[d]);

export const isDimension = (s: string): s is Dimension => (DIMENSIONS as readonly string[]).includes(s);

/** "Route CMED · Citizenship Syria (SYR)"; "Total" when not broken down at all. */
export function breakdownLabel(
  t: TFunction,
  b: Breakdowns,
  countryNames?: ReadonlyMap<string, string>,
): string {
  const parts = DIMENSIONS.filter((d) => b[d] !== TOTAL_CODE).map((d) => {
    const code = b[d];
    const name = d === 'citizenship' ? countryNames?.get(code) : undefined;
    return `${dimensionName(t, d)} ${name ? `${name} (${code})` : code}`;
  });
  return parts.length ? parts.join(' · ') : t('exchange.total');
}

/** Number of dimensions a figure is broken down by (0 for the total). */
export const breakdownDepth = (b: Breakdowns) => DIMENSIONS.filter((d) => b[d] !== TOTAL_CODE).length;
