import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The one table of the web app: columns declared once (header, cell, optional sort key), an empty state, and
 * a scroll box of its own, so a wide table scrolls inside its panel and never widens the page. The box is
 * `position: relative` on purpose: visually hidden labels in cells are absolutely positioned, and outside a
 * positioned scroller they would stretch the document (the definitions page was 2,163 px wide because of it).
 */

export interface Column<T> {
  /** Stable key of the column (React key, `data-column`). */
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** A sort key: the header becomes a button that sorts by it (ascending, then descending). */
  sortBy?: (row: T) => string | number | null;
  /** The cell is a row header (`<th scope="row">`), e.g. the code or name that the row is about. */
  isRowHeader?: boolean;
  /** Numbers: aligned to the end. */
  isNumeric?: boolean;
  /** A class of the column's cells (header and body). */
  className?: string;
  /** A class of the header cell only. */
  headerClassName?: string;
  /** A class, title or data-* attributes of one body cell, from its row (e.g. a state shown by colour). */
  cellProps?: (row: T) => CellProps;
}

export interface DataTableProps<T> {
  columns: readonly (Column<T> | false | null | undefined)[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  /** Shown instead of the table when there are no rows (omit to show the header only). */
  empty?: ReactNode;
  caption?: ReactNode;
  testId?: string;
  className?: string;
  /** Attributes of a row (class, data-*) the page's tests or styles use. */
  rowProps?: (row: T) => { className?: string; [data: `data-${string}`]: string | undefined };
  /** The column sorted by at first (its key) and the direction. */
  initialSort?: { key: string; direction: 'ascending' | 'descending' };
  /** A last row (totals) or other content of the table's foot. */
  footer?: ReactNode;
}

type CellProps = { className?: string; title?: string; [data: `data-${string}`]: string | undefined };

/** Class names joined, or undefined when there are none. */
const classes = (...names: (string | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

type Sort = { key: string; direction: 'ascending' | 'descending' } | null;

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // blanks last
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export function DataTable<T>(p: DataTableProps<T>) {
  const { t } = useTranslation();
  const columns = p.columns.filter((c): c is Column<T> => !!c);
  const [sort, setSort] = useState<Sort>(p.initialSort ?? null);
  const sortColumn = sort ? columns.find((c) => c.key === sort.key) : undefined;
  const rows = useMemo(() => {
    const by = sortColumn?.sortBy;
    if (!by || !sort) return p.rows;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...p.rows].sort((a, b) => sign * compare(by(a), by(b)));
  }, [p.rows, sortColumn, sort]);

  if (p.rows.length === 0 && p.empty !== undefined) return <p className="empty-state">{p.empty}</p>;

  const toggle = (key: string) =>
    setSort((s) =>
      s?.key === key && s.direction === 'ascending'
        ? { key, direction: 'descending' }
        : { key, direction: 'ascending' },
    );

  return (
    <div className="table-scroll">
      <table className={p.className ? `table ${p.className}` : 'table'} data-testid={p.testId}>
        {p.caption ? <caption>{p.caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => {
              const direction = sort?.key === c.key ? sort.direction : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={classes(c.isNumeric ? 'num' : '', c.headerClassName)}
                  aria-sort={c.sortBy ? (direction ?? 'none') : undefined}
                >
                  {c.sortBy ? (
                    <button
                      type="button"
                      className="table__sort"
                      onClick={() => toggle(c.key)}
                      title={t('table.sortBy')}
                    >
                      {c.header}
                      <span aria-hidden="true" className="table__sort-mark">
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={p.rowKey(row)} {...p.rowProps?.(row)}>
              {columns.map((c) => {
                const extra = c.cellProps?.(row);
                const props = {
                  ...extra,
                  className: classes(c.isNumeric ? 'num' : '', c.className, extra?.className),
                };
                return c.isRowHeader ? (
                  <th key={c.key} scope="row" {...props}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.key} {...props}>
                    {c.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        {p.footer ? <tfoot>{p.footer}</tfoot> : null}
      </table>
    </div>
  );
}
