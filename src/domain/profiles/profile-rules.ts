/**
 * Pure rules of country profiles (issue 16): the narrative sections a profile has, the comparison of two
 * versions section by section (text as a word diff, sources added and removed, classification changes), the
 * "last updated" date a section keeps when a new version does not change it, the workflow of a version
 * (draft → endorsed | returned), the key figures summed from published breakdowns, and when the yearly update
 * reminder is due. No I/O: src/modules/profiles calls these.
 */
import { diffWordsWithSpace } from 'diff';
import type { Classification } from '../../shared/classification';
import { SECTION_KEYS, type SectionKey, type VersionStatus } from './sections';

export { SECTION_KEYS, type SectionKey, VERSION_STATUSES, type VersionStatus } from './sections';

export interface Source {
  title: string;
  url: string | null;
}

/** A section's content, as compared and stored. */
export interface SectionContent {
  key: SectionKey;
  body: string;
  sources: Source[];
  classification: Classification;
}

export interface DatedSection extends SectionContent {
  /** ISO date-time of the last change of this section's content. */
  updatedAt: string;
}

const sameSources = (a: readonly Source[], b: readonly Source[]) =>
  a.length === b.length && a.every((s, i) => s.title === b[i]!.title && s.url === b[i]!.url);

/** Whether two contents of a section are the same (text, sources and classification). */
export function isSameSection(a: SectionContent, b: SectionContent): boolean {
  return a.body === b.body && a.classification === b.classification && sameSources(a.sources, b.sources);
}

/**
 * The sections of a new save with their "last updated": a section whose content is that of the version it
 * was made from keeps its date; a changed or new one is dated `now`.
 */
export function dateSections(
  next: readonly SectionContent[],
  previous: readonly DatedSection[],
  now: string,
): DatedSection[] {
  return orderSections(next).map((s) => {
    const before = previous.find((p) => p.key === s.key);
    return { ...s, updatedAt: before && isSameSection(before, s) ? before.updatedAt : now };
  });
}

/** Sections in the order of SECTION_KEYS. */
export function orderSections<T extends { key: SectionKey }>(sections: readonly T[]): T[] {
  return [...sections].sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
}

/** Keys used more than once (a save must name each section at most once). */
export function duplicateKeys(sections: readonly { key: SectionKey }[]): SectionKey[] {
  const seen = new Set<SectionKey>();
  const twice = new Set<SectionKey>();
  for (const s of sections) (seen.has(s.key) ? twice : seen).add(s.key);
  return [...twice];
}

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type SectionChange = 'unchanged' | 'changed' | 'added' | 'removed';

export interface SectionDiff {
  key: SectionKey;
  change: SectionChange;
  /** The word diff from the older text to the newer one (the whole text as one part when unchanged). */
  text: DiffPart[];
  sourcesAdded: Source[];
  sourcesRemoved: Source[];
  classification: { from: Classification | null; to: Classification | null };
}

const sourceKey = (s: Source) => `${s.title}\u0000${s.url ?? ''}`;

/**
 * Two versions compared section by section, in the order of SECTION_KEYS: a section only in `to` is added,
 * only in `from` removed; one in both is changed when its text, sources or classification differ.
 */
export function diffSections(from: readonly SectionContent[], to: readonly SectionContent[]): SectionDiff[] {
  const out: SectionDiff[] = [];
  for (const key of SECTION_KEYS) {
    const a = from.find((s) => s.key === key);
    const b = to.find((s) => s.key === key);
    if (!a && !b) continue;
    const aSources = a?.sources ?? [];
    const bSources = b?.sources ?? [];
    const aKeys = new Set(aSources.map(sourceKey));
    const bKeys = new Set(bSources.map(sourceKey));
    const text: DiffPart[] =
      a && b
        ? diffWordsWithSpace(a.body, b.body).map((c) => ({
            op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
            text: c.value,
          }))
        : [{ op: a ? 'delete' : 'insert', text: (a ?? b)!.body }];
    out.push({
      key,
      change: !a ? 'added' : !b ? 'removed' : isSameSection(a, b) ? 'unchanged' : 'changed',
      text: text.filter((p) => p.text !== ''),
      sourcesAdded: bSources.filter((s) => !aKeys.has(sourceKey(s))),
      sourcesRemoved: aSources.filter((s) => !bKeys.has(sourceKey(s))),
      classification: { from: a?.classification ?? null, to: b?.classification ?? null },
    });
  }
  return out;
}

export type VersionStep = 'save' | 'endorse' | 'return';

/**
 * What a step does to the latest version of a profile: `edit` changes the draft in place, `new` starts a new
 * draft (after an endorsement or a return, which are kept as they are), `decide` endorses or returns the
 * draft; null when the step is not possible (there is no draft to decide on).
 */
export function stepOn(latest: VersionStatus | null, step: VersionStep): 'edit' | 'new' | 'decide' | null {
  if (step === 'save') return latest === 'draft' ? 'edit' : 'new';
  return latest === 'draft' ? 'decide' : null;
}

/**
 * One published figure of a state: a month of its series on a route (`route`), of its total (`total`, code
 * '_T'), or of one citizenship (`citizenship`), as the analytics service returns them.
 */
export interface BreakdownCell {
  dimension: string;
  code: string;
  period: string;
  value: number | null;
}

export interface KeyFigureSummary {
  /** The months summed: the twelve months up to the last with figures. */
  from: string | null;
  to: string | null;
  total: number | null;
  /** The same twelve months a year earlier (null when none of them has figures). */
  previous: number | null;
  byRoute: { code: string; value: number }[];
  topCitizenships: { code: string; value: number }[];
  /** Monthly totals (summed over one dimension), the last 36 months up to `to`. */
  trend: { period: string; value: number | null }[];
}

const monthIndex = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/**
 * The key figures of one indicator for one state from its published figures: the total of the latest twelve
 * months (summed over one dimension, routes when the indicator has them, so nothing counts twice), the same months a year earlier, the split by route, the top citizenships and a monthly trend.
 */
export function summariseBreakdown(cells: readonly BreakdownCell[], top = 5): KeyFigureSummary {
  const dims = [...new Set(cells.map((c) => c.dimension))];
  // The dimension the total is summed over: routes, else the state's total, never two splits at once.
  const dim = dims.includes('route') ? 'route' : dims.includes('total') ? 'total' : dims.sort()[0];
  const withValues = cells.filter((c) => c.value !== null);
  if (!dim || !withValues.length)
    return {
      from: null,
      to: null,
      total: null,
      previous: null,
      byRoute: [],
      topCitizenships: [],
      trend: [],
    };
  const last = Math.max(...withValues.map((c) => monthIndex(c.period)));
  const inWindow = (p: string, offset: number) => {
    const i = monthIndex(p);
    return i <= last - offset && i > last - offset - 12;
  };
  const sumOf = (dimension: string, offset: number) => {
    const by = new Map<string, number>();
    for (const c of withValues)
      if (c.dimension === dimension && inWindow(c.period, offset))
        by.set(c.code, (by.get(c.code) ?? 0) + (c.value ?? 0));
    return [...by.entries()]
      .map(([code, value]) => ({ code, value }))
      .sort((a, b) => b.value - a.value || a.code.localeCompare(b.code));
  };
  const total = (offset: number) => {
    const parts = sumOf(dim, offset);
    return parts.length ? parts.reduce((s, p) => s + p.value, 0) : null;
  };
  const byMonth = new Map<number, number>();
  for (const c of withValues)
    if (c.dimension === dim)
      byMonth.set(monthIndex(c.period), (byMonth.get(monthIndex(c.period)) ?? 0) + c.value!);
  const trend: KeyFigureSummary['trend'] = [];
  for (let i = last - 35; i <= last; i++) trend.push({ period: monthOf(i), value: byMonth.get(i) ?? null });
  return {
    from: monthOf(last - 11),
    to: monthOf(last),
    total: total(0),
    previous: total(12),
    byRoute: sumOf('route', 0),
    topCitizenships: sumOf('citizenship', 0).slice(0, top),
    trend,
  };
}

/**
 * Whether the yearly update reminder is due: the profile's last endorsement (or its creation, if never
 * endorsed) and the last reminder are both a year old or more.
 */
export function isReminderDue(
  p: { lastEndorsedAt: Date | null; createdAt: Date; remindedAt: Date | null },
  now: Date,
): boolean {
  const yearAgo = new Date(now);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  const since = p.lastEndorsedAt ?? p.createdAt;
  return since <= yearAgo && (p.remindedAt === null || p.remindedAt <= yearAgo);
}
