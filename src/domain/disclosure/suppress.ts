/**
 * Statistical disclosure control for published tables of counts: primary suppression of small cells and
 * secondary (complementary) suppression so that no suppressed cell can be recovered by differencing a published
 * total against its published parts. Pure: the caller gives the cells and how totals are formed.
 *
 * The table is a list of cells, each a key (dimension → code) and a count. Totals are described by hierarchies:
 * - a *stored* hierarchy: the total of dimension `d` is the cell whose code for `d` is `_T` (SDMX total), all
 *   other codes being its parts (one level: a flat codelist under `_T`, as every Passage breakdown is). A group
 *   exists only when the total cell is in the table (an unpublished total reveals nothing);
 * - a *derived* hierarchy: a total nobody stores but someone can compute from published figures or that
 *   another view publishes, e.g. the year total of 12 months, or the sum over reporting states. It is a
 *   virtual cell; it is suppressed only as a last resort (then whoever publishes it must honour that).
 *
 * Rules:
 * - primary: a cell with 0 < value < threshold, or flagged confidential. Zero is NOT disclosive here: the
 *   cells are counts of detections (events), not of persons with a characteristic, and an observed absence
 *   names nobody; suppressing zeros would also force heavy secondary suppression. A threshold of 0 or 1 turns
 *   primary suppression of small counts off (confidential flags still apply).
 * - secondary: in every group (a total and its parts), the number of suppressed members must not be exactly
 *   one; while a group has exactly one, the smallest published part is suppressed too (ties: the first in the
 *   input's order, which callers must fix: the public table comes ordered by key), or the total when no part
 *   is left. Suppression only grows, and a group is fixed at most once (afterwards it has
 *   two or more), so the secondary count is at most the number of groups (bound tested by property tests).
 *
 * What this does not promise: protection against a solver combining several equations at once (e.g. a 2×2
 * table whose four inner cells are suppressed can be recovered with linear programming when margins are
 * published) and interval disclosure (bounds from non-negativity). It stops every single-equation attack.
 *
 * This is the readable reference: suppress-columns.ts runs the same algorithm (same groups, queue and ties) on a
 * table held in typed arrays, for the public table's 10^7 cells; its property tests hold the two equal.
 */

export const DEFAULT_THRESHOLD = 5;

export type SuppressionKind = 'primary' | 'secondary';

export interface Cell {
  /** Dimension → code, e.g. { indicator: 'IBC', reporter: 'GRC', period: '2024-01', citizenship: 'SYR' }. */
  key: Readonly<Record<string, string>>;
  /** null: not available (published as missing; it protects nothing and needs no protection). */
  value: number | null;
  isConfidential?: boolean;
}

export interface Hierarchy {
  dimension: string;
  /** The parent code of a code, or null for a top-level code (e.g. `_T`). */
  parentOf: (code: string) => string | null;
  /** true: the parent is a virtual, computed total (not a cell of the table). */
  isDerived: boolean;
}

export const TOTAL = '_T';

/** A breakdown with a stored `_T` total (one level). */
export function storedTotal(dimension: string): Hierarchy {
  return { dimension, parentOf: (c) => (c === TOTAL ? null : TOTAL), isDerived: false };
}

/** Months `YYYY-MM` summed into the year `YYYY` (a derived total). */
export const yearTotal = (dimension = 'period'): Hierarchy => ({
  dimension,
  parentOf: (c) => (/^\d{4}-\d{2}$/.test(c) ? c.slice(0, 4) : null),
  isDerived: true,
});

/** Every code summed into one derived total (e.g. all reporting states of a dialogue). */
export const sumOf = (dimension: string): Hierarchy => ({
  dimension,
  parentOf: (c) => (c === '*' ? null : '*'),
  isDerived: true,
});

export interface Group {
  /** Index of the total in `cells` (stored) or in `virtuals` (derived, negative: -1 - index). */
  total: number;
  parts: number[];
}

export interface SuppressionResult {
  /** Per cell (same order as the input): why it is suppressed, or null when it is published. */
  status: (SuppressionKind | null)[];
  /** Derived totals (key and computed value) and whether they must be suppressed too. */
  virtuals: { key: Record<string, string>; value: number; status: SuppressionKind | null }[];
  groups: Group[];
  primaryCount: number;
  secondaryCount: number;
}

const keyText = (k: Readonly<Record<string, string>>, dims: readonly string[]) =>
  dims.map((d) => k[d] ?? '').join('\u0001');

export function isPrimary(c: Cell, threshold: number): boolean {
  if (c.isConfidential) return true;
  return c.value !== null && c.value > 0 && c.value < threshold;
}

/** Suppresses the cells of one table: primary first, then secondary until no group has exactly one. */
export function suppressTable(
  cells: readonly Cell[],
  hierarchies: readonly Hierarchy[],
  threshold: number = DEFAULT_THRESHOLD,
): SuppressionResult {
  const dims = [...new Set(cells.flatMap((c) => Object.keys(c.key)))].sort();
  const index = new Map<string, number>();
  cells.forEach((c, i) => {
    index.set(keyText(c.key, dims), i);
  });
  const virtuals: SuppressionResult['virtuals'] = [];
  const virtualIndex = new Map<string, number>();
  const groupsByTotal = new Map<string, Group>();
  for (const h of hierarchies) {
    cells.forEach((c, i) => {
      const code = c.key[h.dimension];
      if (code === undefined) return;
      const parent = h.parentOf(code);
      if (parent === null) return;
      const totalKey = { ...c.key, [h.dimension]: parent };
      const text = `${h.dimension}\u0002${keyText(totalKey, dims)}`;
      let g = groupsByTotal.get(text);
      if (!g) {
        let total: number | undefined;
        if (h.isDerived) {
          const vt = keyText(totalKey, dims);
          let v = virtualIndex.get(vt);
          if (v === undefined) {
            v = virtuals.length;
            virtuals.push({ key: totalKey, value: 0, status: null });
            virtualIndex.set(vt, v);
          }
          total = -1 - v;
        } else total = index.get(keyText(totalKey, dims));
        if (total === undefined) return; // the total is not published: nothing to difference against
        g = { total, parts: [] };
        groupsByTotal.set(text, g);
      }
      g.parts.push(i);
    });
  }
  const groups = [...groupsByTotal.values()];
  // Virtual totals: the sum of their parts (per derived group; the same virtual cell has one value).
  const virtualSet = new Set<number>();
  for (const g of groups)
    if (g.total < 0 && !virtualSet.has(g.total)) {
      virtualSet.add(g.total);
      virtuals[-1 - g.total]!.value = g.parts.reduce((s, p) => s + (cells[p]!.value ?? 0), 0);
    }

  const status: (SuppressionKind | null)[] = cells.map((c) => (isPrimary(c, threshold) ? 'primary' : null));
  const primaryCount = status.filter((s) => s !== null).length;
  // Member → groups, to re-check only the groups a new suppression touches.
  const memberGroups = new Map<number, number[]>();
  const addMember = (m: number, g: number) => {
    const list = memberGroups.get(m);
    if (list) list.push(g);
    else memberGroups.set(m, [g]);
  };
  groups.forEach((g, gi) => {
    addMember(g.total, gi);
    for (const p of g.parts) addMember(p, gi);
  });
  const isSuppressed = (m: number) => (m >= 0 ? status[m] !== null : virtuals[-1 - m]!.status !== null);
  const suppressedIn = (g: Group) => (isSuppressed(g.total) ? 1 : 0) + g.parts.filter(isSuppressed).length;

  let secondaryCount = 0;
  const queue: number[] = groups.map((_, gi) => gi);
  const queued = new Set(queue);
  for (let head = 0; head < queue.length; head++) {
    const gi = queue[head]!;
    queued.delete(gi);
    const g = groups[gi]!;
    if (suppressedIn(g) !== 1) continue;
    // The smallest published part with a value; else the total (stored first; a virtual one as a last resort).
    let pick: number | undefined;
    for (const p of g.parts) {
      if (isSuppressed(p) || cells[p]!.value === null) continue;
      if (pick === undefined || cells[p]!.value! < cells[pick]!.value!) pick = p;
    }
    // Missing parts are not relied on to hide anything (a derived total counts them as 0).
    if (pick === undefined && !isSuppressed(g.total)) pick = g.total;
    if (pick === undefined) continue; // the suppressed total's parts are all missing: nothing to difference
    if (pick >= 0) status[pick] = 'secondary';
    else virtuals[-1 - pick]!.status = 'secondary';
    secondaryCount++;
    for (const other of memberGroups.get(pick) ?? [])
      if (!queued.has(other)) {
        queued.add(other);
        queue.push(other);
      }
  }
  return { status, virtuals, groups, primaryCount, secondaryCount };
}

/**
 * The groups in which a suppressed member can be recovered by differencing: exactly one suppressed member
 * (missing parts are assumed known, e.g. as 0), unless it is a total whose parts are all missing.
 */
export function recoverableGroups(cells: readonly Cell[], r: SuppressionResult): Group[] {
  const isSuppressed = (m: number) => (m >= 0 ? r.status[m] !== null : r.virtuals[-1 - m]!.status !== null);
  return r.groups.filter((g) => {
    const members = [g.total, ...g.parts];
    const hidden = members.filter(isSuppressed);
    if (hidden.length !== 1) return false;
    return hidden[0] !== g.total || g.parts.some((p) => cells[p]!.value !== null);
  });
}
