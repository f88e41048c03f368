/**
 * The rules of the best-practice inventory that need no database: the six thematic areas of the Istanbul
 * declaration (Budapest Process, Silk Routes Partnership for Migration, 2013, sections I–VI), the workflow
 * (draft → submitted → published after the secretariat's verification, or returned with a comment and then
 * changed and submitted again), the checks of a practice's content beyond its schema (period in order, known
 * countries, every impact indicator with a value), the change an indicator shows, and the side-by-side
 * comparison of two practices. Pure, so the service, the demo seed, the web app and the tests share them.
 */

/** The six thematic areas of cooperation of the Istanbul declaration, in its order (codes are Passage's own). */
export const THEMATIC_AREAS = [
  'migration_mobility',
  'integration',
  'migration_development',
  'irregular_migration',
  'trafficking',
  'international_protection',
] as const;
export type ThematicArea = (typeof THEMATIC_AREAS)[number];

/** The areas as the declaration names them (section numbers and titles), for exports and the search index. */
export const THEMATIC_AREA_TITLES: Record<ThematicArea, string> = {
  migration_mobility: 'I. Migration and Mobility',
  integration: 'II. Integration',
  migration_development: 'III. Migration and Development',
  irregular_migration: 'IV. Irregular Migration',
  trafficking: 'V. Trafficking in Persons',
  international_protection: 'VI. International Protection',
};

/** The fields of a practice's content, in the order the history names the changed ones. */
export const PRACTICE_FIELDS = [
  'title',
  'area',
  'summary',
  'countries',
  'partners',
  'periodFrom',
  'periodTo',
  'funding',
  'objectives',
  'results',
  'impact',
  'lessons',
  'contacts',
  'links',
  'tags',
  'language',
  'classification',
] as const;
export type PracticeField = (typeof PRACTICE_FIELDS)[number];

export const PRACTICE_STATUSES = ['draft', 'submitted', 'returned', 'published'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** What a user does to a practice: save a change, submit it, or (secretariat) publish or return it. */
export type PracticeStep = 'save' | 'submit' | 'publish' | 'return';

/**
 * The status after a step, or null when the step is not allowed from `from`. A draft or a returned practice
 * is changed and submitted; a submitted one is published or returned; a published one may still be corrected
 * (by the secretariat, the service says) and stays published.
 */
export function statusAfter(from: PracticeStatus, step: PracticeStep): PracticeStatus | null {
  switch (step) {
    case 'save':
      return from === 'submitted' ? null : from;
    case 'submit':
      return from === 'draft' || from === 'returned' ? 'submitted' : null;
    case 'publish':
      return from === 'submitted' ? 'published' : null;
    case 'return':
      return from === 'submitted' ? 'returned' : null;
  }
}

/** An indicator of the impact assessment: a value before and one after, where given. */
export interface ImpactIndicator {
  name: string;
  unit: string;
  before: number | null;
  after: number | null;
}

/** The parts of a practice the checks read. */
export interface PracticeChecked {
  periodFrom: string;
  periodTo: string | null;
  countries: readonly string[];
  impact: readonly ImpactIndicator[];
}

export interface PracticeProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a practice beyond its schema, each with the field it is about (paths under `body.`): the
 * period ends before it starts, a country is not an ISO 3166-1 alpha-3 code Passage knows, an impact
 * indicator has neither a value before nor one after, or one name is used for two indicators.
 */
export function checkPractice(p: PracticeChecked, knownCountries: ReadonlySet<string>): PracticeProblem[] {
  const problems: PracticeProblem[] = [];
  if (p.periodTo !== null && p.periodTo < p.periodFrom)
    problems.push({
      field: 'body.periodTo',
      message: `the period ends (${p.periodTo}) before it starts (${p.periodFrom})`,
    });
  p.countries.forEach((code, i) => {
    if (!knownCountries.has(code))
      problems.push({ field: `body.countries[${i}]`, message: `unknown country "${code}"` });
  });
  const seen = new Map<string, number>();
  p.impact.forEach((ind, i) => {
    if (ind.before === null && ind.after === null)
      problems.push({
        field: `body.impact[${i}]`,
        message: `the impact indicator "${ind.name}" has no value: give the value before, after, or both`,
      });
    const key = ind.name.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        field: `body.impact[${i}].name`,
        message: `the impact indicator "${ind.name}" is listed twice (${first + 1} and ${i + 1})`,
      });
    else seen.set(key, i);
  });
  return problems;
}

/** The change an indicator shows: after − before, and in per cent of before (null where it cannot be said). */
export function impactChange(ind: Pick<ImpactIndicator, 'before' | 'after'>): {
  change: number | null;
  percent: number | null;
} {
  if (ind.before === null || ind.after === null) return { change: null, percent: null };
  const change = ind.after - ind.before;
  const percent = ind.before === 0 ? null : Math.round((change / Math.abs(ind.before)) * 1000) / 10;
  return { change, percent };
}

/** Whether a practice's period (to: null means ongoing) overlaps the months from … to (either open). */
export function overlapsPeriod(
  p: { periodFrom: string; periodTo: string | null },
  from: string | undefined,
  to: string | undefined,
): boolean {
  if (to !== undefined && p.periodFrom > to) return false;
  if (from !== undefined && p.periodTo !== null && p.periodTo < from) return false;
  return true;
}

/** What the comparison reads of each practice. */
export interface ComparedPractice {
  title: string;
  area: ThematicArea;
  countries: readonly string[];
  partners: readonly string[];
  periodFrom: string;
  periodTo: string | null;
  funding: string;
  objectives: string;
  results: string;
  lessons: string;
  tags: readonly string[];
  impact: readonly ImpactIndicator[];
}

export const COMPARED_FIELDS = [
  'area',
  'countries',
  'partners',
  'period',
  'funding',
  'objectives',
  'results',
  'lessons',
  'tags',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface ComparisonRow {
  field: ComparedField;
  a: string;
  b: string;
  isSame: boolean;
  /** For lists (countries, partners, tags): the entries both have. */
  shared: string[];
}

export interface IndicatorComparison {
  name: string;
  a: (ImpactIndicator & { change: number | null; percent: number | null }) | null;
  b: (ImpactIndicator & { change: number | null; percent: number | null }) | null;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Indicators matched by name (case and spacing ignored), those of `a` first in their order. */
  indicators: IndicatorComparison[];
}

const periodText = (p: { periodFrom: string; periodTo: string | null }) =>
  `${p.periodFrom} – ${p.periodTo ?? '…'}`;

function listRow(field: ComparedField, a: readonly string[], b: readonly string[]): ComparisonRow {
  const inB = new Set(b);
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return {
    field,
    a: a.join(', '),
    b: b.join(', '),
    isSame: sortedA.join('\u0000') === sortedB.join('\u0000'),
    shared: a.filter((x) => inB.has(x)),
  };
}

function textRow(field: ComparedField, a: string, b: string): ComparisonRow {
  return { field, a, b, isSame: a.trim() === b.trim(), shared: [] };
}

/** Two practices side by side: each field with whether they agree, and their impact indicators aligned. */
export function comparePractices(a: ComparedPractice, b: ComparedPractice): Comparison {
  const rows: ComparisonRow[] = COMPARED_FIELDS.map((field) => {
    switch (field) {
      case 'countries':
      case 'partners':
      case 'tags':
        return listRow(field, a[field], b[field]);
      case 'period':
        return textRow(field, periodText(a), periodText(b));
      default:
        return textRow(field, a[field], b[field]);
    }
  });
  const key = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');
  const withChange = (ind: ImpactIndicator | undefined) => (ind ? { ...ind, ...impactChange(ind) } : null);
  const bByName = new Map(b.impact.map((ind) => [key(ind.name), ind]));
  const indicators: IndicatorComparison[] = a.impact.map((ind) => ({
    name: ind.name,
    a: withChange(ind),
    b: withChange(bByName.get(key(ind.name))),
  }));
  const inA = new Set(a.impact.map((ind) => key(ind.name)));
  for (const ind of b.impact)
    if (!inA.has(key(ind.name))) indicators.push({ name: ind.name, a: null, b: withChange(ind) });
  return { rows, indicators };
}
