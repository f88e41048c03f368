/**
 * The public table of a dialogue held in columns (issue 18: 10^7 figures did not fit the server's heap as one
 * object each, several times over). Per dimension a column of code indexes into the codes seen (each string
 * once), values as a Float64Array (NaN: no value, withheld or not available), statuses as bytes, publication
 * times as epoch ms. Rows are read in batches straight into the columns (PublicTableBuilder), suppressed by the
 * columnar run (suppressColumns, the same result as the reference suppressTable), and objects are made only
 * for the rows an answer shows (`figure(i)`, `select`), never for the whole table.
 */
import {
  type CodeColumn,
  CodeColumnBuilder,
  Float64Builder,
  Uint8Builder,
} from '../../domain/disclosure/columns';
import { type ProtectedTotal, protectObservationColumns } from '../../domain/disclosure/observations';
import { type ColumnTotals, PRIMARY, PUBLISHED, SECONDARY } from '../../domain/disclosure/suppress-columns';
import { type Breakdowns, DIMENSIONS, type Dimension } from '../../domain/observations/dimensions';
import { obsStatus } from '../../domain/sdmx/sdmx-csv';
import type { PublishedFigure } from './sdmx.sql';

/** One published figure as the public sees it: no value when withheld by disclosure control. */
export interface PublicFigure {
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
  /** SDMX OBS_STATUS (A, E, P, M). */
  obsStatus: string;
  /** SDMX CONF_STATUS: F free, C primary, D secondary suppression. */
  confStatus: 'F' | 'C' | 'D';
  publishedAt: Date;
}

/** The key dimensions of a figure, in the columns' order. */
export const FIGURE_DIMENSIONS = ['indicator', 'reporter', 'period', ...DIMENSIONS] as const;
export type FigureDimension = (typeof FIGURE_DIMENSIONS)[number];

/** Exact codes a selection asks for, by dimension (a dimension not named: any code). */
export type FigureWhere = Partial<Record<FigureDimension, string>>;

const OBS_STATUSES = ['A', 'E', 'P', 'M'] as const;
const OBS_STATUS_INDEX = new Map<string, number>(OBS_STATUSES.map((s, i) => [s, i]));
const CONF_STATUSES = ['F', 'C', 'D'] as const;
const DIMENSION_INDEX = new Map<string, number>(FIGURE_DIMENSIONS.map((d, i) => [d, i]));
const dimensionIndex = (d: FigureDimension) => DIMENSION_INDEX.get(d)!;

/** The conditions of a selection as (column, code index) pairs; null when a code has no figure at all. */
function compileWhere(
  codes: readonly (readonly string[])[],
  columns: readonly CodeColumn[],
  where: FigureWhere,
): { column: CodeColumn; code: number }[] | null {
  const out: { column: CodeColumn; code: number }[] = [];
  for (const [d, code] of Object.entries(where)) {
    if (code === undefined) continue;
    const x = DIMENSION_INDEX.get(d);
    const c = x === undefined ? -1 : codes[x]!.indexOf(code);
    if (x === undefined || c < 0) return null;
    out.push({ column: columns[x]!, code: c });
  }
  return out;
}

/** Calls fn with each row (ascending) whose codes match every condition. */
function forEachMatchingRow(
  size: number,
  conditions: readonly { column: CodeColumn; code: number }[],
  fn: (i: number) => void,
): void {
  for (let i = 0; i < size; i++) {
    let ok = true;
    for (const { column, code } of conditions)
      if (column[i] !== code) {
        ok = false;
        break;
      }
    if (ok) fn(i);
  }
}

/** The public figures of a table, in columns; rows in the order the database returned them. */
export class PublicFigures {
  constructor(
    readonly size: number,
    /** Per FIGURE_DIMENSIONS entry: the codes with at least one figure (first seen first). */
    private readonly codes: readonly (readonly string[])[],
    private readonly columns: readonly CodeColumn[],
    /** The value the public sees: NaN when withheld or not available. */
    private readonly values: Float64Array,
    private readonly obsStatuses: Uint8Array,
    private readonly confStatuses: Uint8Array,
    private readonly publishedAts: Float64Array,
  ) {}

  /** The codes of a dimension that have at least one figure, each once. */
  codesOf(d: FigureDimension): readonly string[] {
    return this.codes[dimensionIndex(d)]!;
  }

  codeAt(i: number, d: FigureDimension): string {
    const x = dimensionIndex(d);
    return this.codes[x]![this.columns[x]![i]!]!;
  }

  value(i: number): number | null {
    const v = this.values[i]!;
    return Number.isNaN(v) ? null : v;
  }

  obsStatus(i: number): string {
    return OBS_STATUSES[this.obsStatuses[i]!]!;
  }

  confStatus(i: number): 'F' | 'C' | 'D' {
    return CONF_STATUSES[this.confStatuses[i]!]!;
  }

  /** Epoch milliseconds. */
  publishedAt(i: number): number {
    return this.publishedAts[i]!;
  }

  /** The index of row i's code for dimension d into codesOf(d). */
  codeIndexAt(i: number, d: FigureDimension): number {
    return this.columns[dimensionIndex(d)]![i]!;
  }

  /** The distinct codes of dimension d among the rows matching `where`, in codesOf(d) order. */
  codesWhere(d: FigureDimension, where: FigureWhere): string[] {
    const x = dimensionIndex(d);
    const seen = new Uint8Array(this.codes[x]!.length);
    const column = this.columns[x]!;
    this.forEachRow(where, (i) => {
      seen[column[i]!] = 1;
    });
    return this.codes[x]!.filter((_, c) => seen[c] === 1);
  }

  /** Row i as an object: for the rows an answer shows. */
  figure(i: number): PublicFigure {
    const breakdowns = {} as Breakdowns; // filled with every dimension just below
    for (const d of DIMENSIONS) breakdowns[d] = this.codeAt(i, d);
    return {
      indicator: this.codeAt(i, 'indicator'),
      reporter: this.codeAt(i, 'reporter'),
      period: this.codeAt(i, 'period'),
      breakdowns,
      value: this.value(i),
      obsStatus: this.obsStatus(i),
      confStatus: this.confStatus(i),
      publishedAt: new Date(this.publishedAts[i]!),
    };
  }

  /** The rows (ascending) whose codes are those of `where`. */
  rowsWhere(where: FigureWhere): number[] {
    const rows: number[] = [];
    this.forEachRow(where, (i) => {
      rows.push(i);
    });
    return rows;
  }

  /** Calls fn with each row (ascending) whose codes are those of `where`. */
  forEachRow(where: FigureWhere, fn: (i: number) => void): void {
    const conditions = compileWhere(this.codes, this.columns, where);
    if (conditions) forEachMatchingRow(this.size, conditions, fn);
  }

  /** A test of rows: each named dimension's code is one of its set (a dimension not named: any code). */
  matcher(sets: Partial<Record<FigureDimension, ReadonlySet<string>>>): (i: number) => boolean {
    const tests: { column: CodeColumn; isIn: Uint8Array }[] = [];
    for (const [d, set] of Object.entries(sets)) {
      if (!set) continue;
      const x = DIMENSION_INDEX.get(d);
      if (x === undefined) continue; // not a dimension of the table (the type allows none)
      tests.push({
        column: this.columns[x]!,
        isIn: Uint8Array.from(this.codes[x]!, (c) => (set.has(c) ? 1 : 0)),
      });
    }
    return (i) => tests.every(({ column, isIn }) => isIn[column[i]!] === 1);
  }

  /** The figures whose codes are those of `where`, as objects (table order). */
  select(where: FigureWhere): PublicFigure[] {
    return this.rowsWhere(where).map((i) => this.figure(i));
  }
}

/** Every breakdown but the route at its total: the level route pages, the map and profiles read. */
export function routeLevel(route?: string): FigureWhere {
  const where: FigureWhere = {};
  for (const d of DIMENSIONS) if (d !== 'route') where[d] = '_T';
  if (route !== undefined) where.route = route;
  return where;
}

const kindOf = (s: number): ProtectedTotal['status'] =>
  s === PUBLISHED ? null : s === PRIMARY ? 'primary' : s === SECONDARY ? 'secondary' : null;

/** The derived totals of the table's suppression run (sums over reporters `*`, years), by key or selection. */
export class PublicTotals {
  constructor(private readonly t: ColumnTotals) {}

  get size(): number {
    return this.t.size;
  }

  /** The derived total with exactly this key (every dimension), or null. */
  get(key: FigureWhere): ProtectedTotal | null {
    const exact: Record<string, string> = {};
    for (const [d, c] of Object.entries(key)) if (c !== undefined) exact[d] = c;
    const v = this.t.indexOf(exact);
    return v < 0 ? null : this.total(v);
  }

  /** The derived totals whose codes are those of `where`, as objects. */
  select(where: FigureWhere): ProtectedTotal[] {
    const conditions: { d: number; code: number }[] = [];
    for (const [name, code] of Object.entries(where)) {
      if (code === undefined) continue;
      const d = this.t.dimensions.indexOf(name);
      const c = d < 0 ? -1 : this.t.codes[d]!.indexOf(code);
      if (c < 0) return [];
      conditions.push({ d, code: c });
    }
    const out: ProtectedTotal[] = [];
    for (let v = 0; v < this.t.size; v++)
      if (conditions.every(({ d, code }) => this.t.codeOf(v, d) === code)) out.push(this.total(v));
    return out;
  }

  private total(v: number): ProtectedTotal {
    return { key: this.t.keyOf(v), value: this.t.values[v]!, status: kindOf(this.t.status[v]!) };
  }
}

/** What the public table is made of once built: the figures, the derived totals, the latest publication. */
export interface BuiltPublicTable {
  figures: PublicFigures;
  totals: PublicTotals;
  lastPublished: Date | null;
}

/** Published figures appended batch by batch into columns, then protected (suppressColumns) at `finish`. */
export class PublicTableBuilder {
  private readonly dims = FIGURE_DIMENSIONS.map(() => new CodeColumnBuilder());
  private readonly values = new Float64Builder();
  private readonly isConfidential = new Uint8Builder();
  private readonly obsStatuses = new Uint8Builder();
  private readonly publishedAts = new Float64Builder();

  add(r: PublishedFigure): void {
    this.dims[0]!.push(r.indicator);
    this.dims[1]!.push(r.reporter);
    this.dims[2]!.push(r.period);
    DIMENSIONS.forEach((d: Dimension, x) => {
      this.dims[x + 3]!.push(r[d]);
    });
    this.values.push(r.value === null ? Number.NaN : Number(r.value));
    this.isConfidential.push(r.flags.includes('confidential') ? 1 : 0);
    const status = obsStatus(r.flags);
    this.obsStatuses.push(OBS_STATUS_INDEX.get(status) ?? 0);
    this.publishedAts.push(new Date(r.published_at).getTime());
  }

  /** Runs disclosure control on the whole table and keeps what the public sees, still in columns. */
  finish(threshold: number): BuiltPublicTable {
    const built = this.dims.map((b) => b.finish());
    const size = this.values.length;
    const values = this.values.finish();
    const isConfidential = this.isConfidential.finish();
    const table = {
      size,
      dimensions: FIGURE_DIMENSIONS,
      codes: built.map((b) => b.codes),
      columns: built.map((b) => b.column),
      values,
      isConfidential,
    };
    const run = protectObservationColumns(table, threshold);
    const confStatuses = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const s = run.status[i]!;
      // Withheld: C (primary) or D (secondary), and no value; a free figure flagged confidential cannot occur.
      confStatuses[i] = s === PRIMARY ? 1 : s === SECONDARY ? 2 : isConfidential[i] === 1 ? 1 : 0;
      if (s !== PUBLISHED) values[i] = Number.NaN;
    }
    const publishedAts = this.publishedAts.finish();
    let latest = Number.NEGATIVE_INFINITY;
    for (const t of publishedAts) if (t > latest) latest = t;
    const figures = new PublicFigures(
      size,
      table.codes,
      table.columns,
      values,
      this.obsStatuses.finish(),
      confStatuses,
      publishedAts,
    );
    return { figures, totals: new PublicTotals(run.totals), lastPublished: size ? new Date(latest) : null };
  }
}
