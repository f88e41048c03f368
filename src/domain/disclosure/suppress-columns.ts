/**
 * suppressTable (suppress.ts, the readable reference) for a table held in columns: the same groups in the same
 * order, the same queue and the same tie-breaking, so the same cells and derived totals are withheld, but
 * within a few typed arrays instead of an object, a string key and a Map entry per cell (the public table of
 * a dialogue reaches 10^7 cells, issue 18). Pure, no I/O.
 *
 * How the reference's string keys become numbers: every dimension's codes are a dictionary (the table's codes,
 * plus the parent codes the hierarchies name, e.g. `_T`, `2024`, `*`), and a key (one code per dimension) is the
 * mixed-radix number of its code indexes. The key of a group's total is the cell's number with one digit
 * replaced by the parent's index. When the radixes' product passes 2^53 the numbers are not exact any more:
 * keys are then interned strings of code indexes (one per cell and hierarchy; slower, same result).
 * Lookups go through a typed open-addressing hash (KeyIndex), group members are kept in CSR layout (offsets
 * into one Int32Array), and the groups a member belongs to are found again by key when it is suppressed
 * (rare) instead of being stored for every cell.
 */
import { type CodeColumn, CodeColumnBuilder, Float64Builder, Int32Builder } from './columns';
import { type Cell, DEFAULT_THRESHOLD, type Hierarchy } from './suppress';

/** A table of counts in columns: per dimension, per cell, the index of its code in that dimension's codes. */
export interface ColumnTable {
  size: number;
  dimensions: readonly string[];
  /** Per dimension (same order): its codes, each once. */
  codes: readonly (readonly string[])[];
  /** Per dimension: per cell, an index into `codes[d]`. */
  columns: readonly CodeColumn[];
  /** Per cell: the count; NaN for not available (the reference's null). */
  values: Float64Array;
  /** Per cell: 1 when flagged confidential. */
  isConfidential: Uint8Array;
}

/** Per-cell status codes (suppress.ts SuppressionKind, or published). */
export const PUBLISHED = 0;
export const PRIMARY = 1;
export const SECONDARY = 2;

/** The derived totals of a run (the reference's `virtuals`), in the reference's order. */
export interface ColumnTotals {
  size: number;
  dimensions: readonly string[];
  /** Per dimension: the table's codes followed by the parent codes the hierarchies added. */
  codes: readonly (readonly string[])[];
  /** The sum of the parts of the total's first group (missing parts as 0). */
  values: Float64Array;
  /** PUBLISHED or SECONDARY (a derived total is never primary). */
  status: Uint8Array;
  /** The index into `codes[d]` of total v's code for dimension d. */
  codeOf(v: number, d: number): number;
  /** Total v's key, dimension → code (as the reference's `virtuals[v].key`). */
  keyOf(v: number): Record<string, string>;
  /** The index of the derived total with exactly this key (every dimension), or -1. */
  indexOf(key: Readonly<Record<string, string>>): number;
}

export interface ColumnSuppression {
  /** Per cell: PUBLISHED, PRIMARY or SECONDARY. */
  status: Uint8Array;
  totals: ColumnTotals;
  groupCount: number;
  primaryCount: number;
  secondaryCount: number;
}

/**
 * A hash map from exact integer keys (below 2^53) to non-negative integers, in two typed arrays (open
 * addressing, linear probing, grown at three quarters full): 16 to 32 bytes per entry where a Map with
 * heap-number keys takes several times that.
 */
class KeyIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 8) {
    let capacity = 16;
    while (capacity * 3 < expected * 4) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  private slotOf(key: number): number {
    // Mix both 32-bit halves (murmur3 finaliser), then probe linearly.
    let h = Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let slot = h & this.mask;
    while (this.values[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** The value of key, or -1. */
  get(key: number): number {
    return this.values[this.slotOf(key)]!;
  }

  set(key: number, value: number): void {
    const slot = this.slotOf(key);
    if (this.values[slot] === -1) {
      this.keys[slot] = key;
      this.count++;
    }
    this.values[slot] = value;
    if (this.count * 4 > this.values.length * 3) this.grow();
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(values.length * 2).fill(-1);
    this.mask = this.values.length - 1;
    for (let s = 0; s < values.length; s++)
      if (values[s] !== -1) {
        const slot = this.slotOf(keys[s]!);
        this.keys[slot] = keys[s]!;
        this.values[slot] = values[s]!;
      }
  }
}

/** Numbers for keys: a cell's key with one dimension's code replaced, and the key of given codes. */
interface Keyer {
  /** The key of cell i with dimension d's code replaced by `code` (its own code: the cell's own key). */
  keyOf(i: number, d: number, code: number): number;
  /** The key of one code index per dimension, or -1 when no cell or total has it (lookups only). */
  keyOfCodes(codes: readonly number[]): number;
  /** Frees what only the suppression run needed (lookups by codes keep working). */
  release(): void;
}

/** Mixed-radix numbers: exact while the product of the radixes stays within 2^53. */
function radixKeyer(t: ColumnTable, radix: readonly number[]): Keyer {
  const strides = radix.map(() => 1);
  for (let d = radix.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * radix[d + 1]!;
  let base: Float64Array | null = new Float64Array(t.size);
  for (let d = 0; d < radix.length; d++) {
    const col = t.columns[d]!;
    const stride = strides[d]!;
    for (let i = 0; i < t.size; i++) base[i] = base[i]! + col[i]! * stride;
  }
  return {
    keyOf: (i, d, code) => base![i]! + (code - t.columns[d]![i]!) * strides[d]!,
    keyOfCodes: (codes) => codes.reduce((k, c, d) => k + c * strides[d]!, 0),
    release: () => {
      base = null;
    },
  };
}

/** Interned strings of code indexes: for tables whose key numbers would not be exact. */
function internKeyer(t: ColumnTable): Keyer {
  const ids = new Map<string, number>();
  const parts: number[] = new Array<number>(t.dimensions.length).fill(0);
  const intern = (text: string) => {
    let id = ids.get(text);
    if (id === undefined) {
      id = ids.size;
      ids.set(text, id);
    }
    return id;
  };
  return {
    keyOf: (i, d, code) => {
      for (let x = 0; x < parts.length; x++) parts[x] = x === d ? code : t.columns[x]![i]!;
      return intern(parts.join(','));
    },
    keyOfCodes: (codes) => ids.get(codes.join(',')) ?? -1,
    release: () => {},
  };
}

/** A hierarchy as code indexes: its dimension's position and each code's parent (-1: none). */
interface HierarchyPlan {
  dimension: number;
  parentOf: Int32Array;
  isDerived: boolean;
}

/** The hierarchies over the table's dimensions, with the parent codes appended to each dimension's codes. */
function planHierarchies(
  t: ColumnTable,
  hierarchies: readonly Hierarchy[],
): { plans: HierarchyPlan[]; codes: string[][]; codeIndex: Map<string, number>[] } {
  const codes = t.codes.map((c) => [...c]);
  const codeIndex = codes.map((list) => new Map(list.map((c, i) => [c, i] as const)));
  const plans: HierarchyPlan[] = [];
  for (const h of hierarchies) {
    const d = t.dimensions.indexOf(h.dimension);
    // A dimension no cell has: the reference finds no code, so no group.
    if (d < 0) continue;
    const own = t.codes[d]!;
    const parentOf = new Int32Array(own.length);
    own.forEach((code, c) => {
      const parent = h.parentOf(code);
      if (parent === null) {
        parentOf[c] = -1;
        return;
      }
      let p = codeIndex[d]!.get(parent);
      if (p === undefined) {
        p = codes[d]!.length;
        codes[d]!.push(parent);
        codeIndex[d]!.set(parent, p);
      }
      parentOf[c] = p;
    });
    plans.push({ dimension: d, parentOf, isDerived: h.isDerived });
  }
  return { plans, codes, codeIndex };
}

/** The groups of a run: each one's total (cell index, or -1 - derived total) and its parts in CSR layout. */
interface Groups {
  count: number;
  total: Int32Array;
  /** Parts of group g: parts[offsets[g]] … parts[offsets[g + 1] - 1], in the reference's order. */
  offsets: Int32Array;
  parts: Int32Array;
  /** Per dimension: group key → group index (null for a dimension without hierarchy). */
  byKey: (KeyIndex | null)[];
  /** Where (hierarchy × size + cell) each group was created: a cell joins only groups existing by then. */
  bornAt: Float64Array;
  /** Derived totals: the cell and hierarchy that created each, and its key. */
  virtuals: { source: Int32Array; dimension: Int32Array; code: Int32Array; byKey: KeyIndex };
}

/** The cell with each key a stored total can have (the last one of equal keys, as the reference's Map). */
function indexPossibleTotals(t: ColumnTable, plans: readonly HierarchyPlan[], keyer: Keyer): KeyIndex {
  const isTotalCode = t.columns.map(() => null as Uint8Array | null);
  for (const p of plans) {
    if (p.isDerived) continue;
    const flags = isTotalCode[p.dimension] ?? new Uint8Array(t.codes[p.dimension]!.length);
    // A total's own code is one of the table's codes when it is in the table at all.
    for (const parent of p.parentOf) if (parent >= 0 && parent < flags.length) flags[parent] = 1;
    isTotalCode[p.dimension] = flags;
  }
  const flagged = isTotalCode.flatMap((flags, d) => (flags ? [{ flags, col: t.columns[d]! }] : []));
  // Sized for every cell at once (nearly every cell has some total code): no doubling of a large table.
  const index = new KeyIndex(flagged.length ? t.size : 0);
  for (let i = 0; i < t.size; i++)
    for (const { flags, col } of flagged)
      if (flags[col[i]!] === 1) {
        index.set(keyer.keyOf(i, 0, t.columns[0]![i]!), i);
        break;
      }
  return index;
}

/** The reference's group building: per hierarchy, per cell in order, the group of its total (created on first use). */
function buildGroups(t: ColumnTable, plans: readonly HierarchyPlan[], keyer: Keyer): Groups {
  const cells = indexPossibleTotals(t, plans, keyer);
  const byKey: (KeyIndex | null)[] = t.dimensions.map(() => null);
  const total = new Int32Builder();
  const sizes = new Int32Builder();
  const bornAt = new Float64Builder();
  const vSource = new Int32Builder();
  const vDimension = new Int32Builder();
  const vCode = new Int32Builder();
  const vByKey = new KeyIndex(1024);
  plans.forEach((h, hi) => {
    const groups = byKey[h.dimension] ?? new KeyIndex(1024);
    byKey[h.dimension] = groups;
    const col = t.columns[h.dimension]!;
    for (let i = 0; i < t.size; i++) {
      const parent = h.parentOf[col[i]!]!;
      if (parent < 0) continue;
      const key = keyer.keyOf(i, h.dimension, parent);
      let g = groups.get(key);
      if (g < 0) {
        let member: number;
        if (h.isDerived) {
          let v = vByKey.get(key);
          if (v < 0) {
            v = vSource.length;
            vSource.push(i);
            vDimension.push(h.dimension);
            vCode.push(parent);
            vByKey.set(key, v);
          }
          member = -1 - v;
        } else {
          member = cells.get(key);
          if (member < 0) continue; // the total is not published: nothing to difference against
        }
        g = total.length;
        groups.set(key, g);
        total.push(member);
        sizes.push(0);
        bornAt.push(hi * t.size + i);
      }
      sizes.array[g] = sizes.array[g]! + 1;
    }
  });
  const count = total.length;
  const offsets = new Int32Array(count + 1);
  for (let g = 0; g < count; g++) offsets[g + 1] = offsets[g]! + sizes.array[g]!;
  const born = bornAt.finish();
  const parts = fillParts(t, plans, keyer, byKey, offsets, born);
  const virtuals = {
    source: vSource.finish(),
    dimension: vDimension.finish(),
    code: vCode.finish(),
    byKey: vByKey,
  };
  return { count, total: total.finish(), offsets, parts, byKey, bornAt: born, virtuals };
}

/** Second pass in the same order: each part into its group's slice (so a group's parts keep the reference order). */
function fillParts(
  t: ColumnTable,
  plans: readonly HierarchyPlan[],
  keyer: Keyer,
  byKey: readonly (KeyIndex | null)[],
  offsets: Int32Array,
  bornAt: Float64Array,
): Int32Array {
  const parts = new Int32Array(offsets[offsets.length - 1]!);
  const next = offsets.slice(0, -1);
  plans.forEach((h, hi) => {
    const groups = byKey[h.dimension]!;
    const col = t.columns[h.dimension]!;
    for (let i = 0; i < t.size; i++) {
      const parent = h.parentOf[col[i]!]!;
      if (parent < 0) continue;
      const g = groups.get(keyer.keyOf(i, h.dimension, parent));
      if (g >= 0 && bornAt[g]! <= hi * t.size + i) parts[next[g]!++] = i;
    }
  });
  return parts;
}

/** The groups member m (a cell, or -1 - derived total) belongs to, ascending (the reference's memberGroups). */
function groupsOfMember(
  t: ColumnTable,
  plans: readonly HierarchyPlan[],
  keyer: Keyer,
  gr: Groups,
  m: number,
): number[] {
  const out: number[] = [];
  const ownKey =
    m >= 0
      ? keyer.keyOf(m, 0, t.columns[0]![m]!)
      : keyer.keyOf(gr.virtuals.source[-1 - m]!, gr.virtuals.dimension[-1 - m]!, gr.virtuals.code[-1 - m]!);
  for (const groups of gr.byKey) {
    const g = groups?.get(ownKey) ?? -1;
    if (g >= 0 && gr.total[g] === m) out.push(g);
  }
  if (m >= 0)
    plans.forEach((h, hi) => {
      const parent = h.parentOf[t.columns[h.dimension]![m]!]!;
      if (parent < 0) return;
      const g = gr.byKey[h.dimension]!.get(keyer.keyOf(m, h.dimension, parent));
      if (g >= 0 && gr.bornAt[g]! <= hi * t.size + m) out.push(g);
    });
  return out.sort((a, b) => a - b);
}

/**
 * Suppresses the cells of a table in columns: exactly suppressTable(cells, hierarchies, threshold).
 * `keys`: 'interned' forces the fallback keys (its tests); 'auto' uses numbers whenever they are exact.
 */
export function suppressColumns(
  t: ColumnTable,
  hierarchies: readonly Hierarchy[],
  threshold: number = DEFAULT_THRESHOLD,
  keys: 'auto' | 'interned' = 'auto',
): ColumnSuppression {
  const { plans, codes, codeIndex } = planHierarchies(t, hierarchies);
  const radix = codes.map((c) => Math.max(1, c.length));
  const isExact = keys === 'auto' && radix.reduce((p, r) => p * r, 1) <= Number.MAX_SAFE_INTEGER;
  const keyer = isExact ? radixKeyer(t, radix) : internKeyer(t);
  const gr = buildGroups(t, plans, keyer);
  const vCount = gr.virtuals.source.length;
  const vValues = derivedValues(t, gr, vCount);
  const status = new Uint8Array(t.size);
  let primaryCount = 0;
  for (let i = 0; i < t.size; i++) {
    const v = t.values[i]!;
    if (t.isConfidential[i] === 1 || (v > 0 && v < threshold)) {
      status[i] = PRIMARY;
      primaryCount++;
    }
  }
  const vStatus = new Uint8Array(vCount);
  const secondaryCount = protectGroups(t, plans, keyer, gr, status, vStatus);
  keyer.release();
  const totals = columnTotals(t, codes, codeIndex, gr.virtuals, keyer, vValues, vStatus);
  return { status, totals, groupCount: gr.count, primaryCount, secondaryCount };
}

/** Each derived total's value: the sum of the parts of its first group, in order (missing as 0). */
function derivedValues(t: ColumnTable, gr: Groups, vCount: number): Float64Array {
  const values = new Float64Array(vCount);
  const isSet = new Uint8Array(vCount);
  for (let g = 0; g < gr.count; g++) {
    const m = gr.total[g]!;
    if (m >= 0 || isSet[-1 - m] === 1) continue;
    isSet[-1 - m] = 1;
    let s = 0;
    for (let k = gr.offsets[g]!; k < gr.offsets[g + 1]!; k++) {
      const v = t.values[gr.parts[k]!]!;
      s += Number.isNaN(v) ? 0 : v;
    }
    values[-1 - m] = s;
  }
  return values;
}

/** Per group: how many of its members (total and parts, with repeats) are suppressed. */
function hiddenCounts(gr: Groups, isSuppressed: (m: number) => boolean): Int32Array {
  const hidden = new Int32Array(gr.count);
  for (let g = 0; g < gr.count; g++) {
    let n = isSuppressed(gr.total[g]!) ? 1 : 0;
    for (let k = gr.offsets[g]!; k < gr.offsets[g + 1]!; k++) if (isSuppressed(gr.parts[k]!)) n++;
    hidden[g] = n;
  }
  return hidden;
}

/**
 * Secondary suppression, the reference's queue: every group in order, then each group a new suppression
 * touches (appended once while waiting). A group with exactly one suppressed member gets its smallest
 * published part with a value suppressed (ties: the first), else its total. Returns how many it suppressed.
 */
function protectGroups(
  t: ColumnTable,
  plans: readonly HierarchyPlan[],
  keyer: Keyer,
  gr: Groups,
  status: Uint8Array,
  vStatus: Uint8Array,
): number {
  const isSuppressed = (m: number) => (m >= 0 ? status[m] !== PUBLISHED : vStatus[-1 - m] !== PUBLISHED);
  const hidden = hiddenCounts(gr, isSuppressed);
  // A ring of the waiting groups: a group waits at most once at a time, so `count` slots are enough.
  const ring = new Int32Array(gr.count);
  const isQueued = new Uint8Array(gr.count).fill(1);
  for (let g = 0; g < gr.count; g++) ring[g] = g;
  let head = 0;
  let waiting = gr.count;
  let secondary = 0;
  while (waiting > 0) {
    const g = ring[head]!;
    head = (head + 1) % gr.count;
    waiting--;
    isQueued[g] = 0;
    // The count kept up to date (below) spares a scan of the parts of every group that needs nothing.
    if (hidden[g] !== 1) continue;
    const total = gr.total[g]!;
    let pick = -1;
    let pickValue = 0;
    for (let k = gr.offsets[g]!; k < gr.offsets[g + 1]!; k++) {
      const p = gr.parts[k]!;
      if (status[p] !== PUBLISHED) continue;
      const v = t.values[p]!;
      if (Number.isNaN(v)) continue;
      if (pick < 0 || v < pickValue) {
        pick = p;
        pickValue = v;
      }
    }
    let chosen: number | null = pick >= 0 ? pick : null;
    // Missing parts are not relied on to hide anything: the total goes (a virtual one as a last resort).
    if (chosen === null && !isSuppressed(total)) chosen = total;
    if (chosen === null) continue;
    if (chosen >= 0) status[chosen] = SECONDARY;
    else vStatus[-1 - chosen] = SECONDARY;
    secondary++;
    // Once per membership (a member listed twice in a group counts twice there, as in the reference).
    for (const other of groupsOfMember(t, plans, keyer, gr, chosen)) {
      hidden[other] = hidden[other]! + 1;
      if (isQueued[other] === 0) {
        isQueued[other] = 1;
        ring[(head + waiting) % gr.count] = other;
        waiting++;
      }
    }
  }
  return secondary;
}

/** The derived totals as the caller reads them: by index (code, key, value, status) or by key. */
function columnTotals(
  t: ColumnTable,
  codes: readonly (readonly string[])[],
  codeIndex: readonly Map<string, number>[],
  virtuals: Groups['virtuals'],
  keyer: Keyer,
  values: Float64Array,
  status: Uint8Array,
): ColumnTotals {
  // Only the derived totals' arrays are kept: the groups go with the run.
  const { source, dimension, code, byKey } = virtuals;
  const codeOf = (v: number, d: number) => (dimension[v] === d ? code[v]! : t.columns[d]![source[v]!]!);
  return {
    size: source.length,
    dimensions: t.dimensions,
    codes,
    values,
    status,
    codeOf,
    keyOf: (v) => Object.fromEntries(t.dimensions.map((name, d) => [name, codes[d]![codeOf(v, d)]!])),
    indexOf: (key) => {
      const idx: number[] = [];
      for (let d = 0; d < t.dimensions.length; d++) {
        const c = key[t.dimensions[d]!];
        const i = c === undefined ? undefined : codeIndex[d]!.get(c);
        if (i === undefined) return -1;
        idx.push(i);
      }
      if (Object.keys(key).length !== t.dimensions.length) return -1;
      const k = keyer.keyOfCodes(idx);
      return k < 0 ? -1 : byKey.get(k);
    },
  };
}

/** A list of cells (suppress.ts Cell) as a column table; every cell must have every dimension. */
export function columnTableOf(cells: readonly Cell[]): ColumnTable {
  const dimensions = [...new Set(cells.flatMap((c) => Object.keys(c.key)))].sort();
  const builders = dimensions.map(() => new CodeColumnBuilder());
  const values = new Float64Array(cells.length);
  const isConfidential = new Uint8Array(cells.length);
  cells.forEach((c, i) => {
    dimensions.forEach((d, x) => {
      const code = c.key[d];
      if (code === undefined) throw new Error(`columnTableOf: cell ${i} has no code for ${d}`);
      builders[x]!.push(code);
    });
    values[i] = c.value ?? Number.NaN;
    isConfidential[i] = c.isConfidential ? 1 : 0;
  });
  const built = builders.map((b) => b.finish());
  return {
    size: cells.length,
    dimensions,
    codes: built.map((b) => b.codes),
    columns: built.map((b) => b.column),
    values,
    isConfidential,
  };
}
