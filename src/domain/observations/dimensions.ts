/**
 * The breakdown dimensions of an observation: each is a column of `observations` (SDMX total `_T` when the
 * figure is not broken down by it) and takes its codes from a codelist, the countries, or the dialogue's routes.
 */
export const DIMENSIONS = [
  'route',
  'border_type',
  'citizenship',
  'sex',
  'age_group',
  'reason',
  'place',
  'document_type',
  'fraud_type',
  'return_type',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Where a dimension's codes come from: a codelist id of src/reference/codelists.ts, or a special source. */
export const DIMENSION_CODES: Record<Dimension, string> = {
  route: 'ROUTES',
  border_type: 'BORDER_TYPE',
  citizenship: 'COUNTRIES',
  sex: 'SEX',
  age_group: 'AGE_GROUP',
  reason: 'REFUSAL_REASON',
  place: 'PLACE',
  document_type: 'DOCUMENT_TYPE',
  fraud_type: 'FRAUD_TYPE',
  return_type: 'RETURN_TYPE',
};

export const FLAGS = ['provisional', 'estimated', 'confidential', 'not_available'] as const;
export type Flag = (typeof FLAGS)[number];

export type Breakdowns = Record<Dimension, string>;

/** One figure as exchanged: the key (indicator, reporter, period, breakdowns) and its value. */
export interface ObservationInput {
  indicator: string;
  reporter: string;
  /** YYYY-MM */
  period: string;
  breakdowns: Breakdowns;
  /** null only with the flag not_available. */
  value: number | null;
  flags: Flag[];
  comment: string | null;
}

export const TOTAL_CODE = '_T';

export function totalBreakdowns(): Breakdowns {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, TOTAL_CODE])) as Breakdowns;
}

/** A stable text key of a figure within one reporter's submission (for maps and messages). */
export function figureKey(
  o: Pick<ObservationInput, 'indicator' | 'reporter' | 'period' | 'breakdowns'>,
): string {
  return `${o.indicator}|${o.reporter}|${o.period}|${DIMENSIONS.map((d) => o.breakdowns[d]).join('|')}`;
}

/** Human description of a figure's breakdowns: "citizenship=SYR, border_type=SEA" (totals left out). */
export function describeBreakdowns(b: Breakdowns): string {
  const parts = DIMENSIONS.filter((d) => b[d] !== TOTAL_CODE).map((d) => `${d}=${b[d]}`);
  return parts.length ? parts.join(', ') : 'total';
}
