/**
 * The table behind each analytics chart, as a CSV or XLSX download (`?format=csv|xlsx` on any analytics
 * view). The same numbers as the JSON answer, one row per figure.
 */
import ExcelJS from 'exceljs';
import { toSafeCsv } from '../../domain/csv-safe';
import type {
  BreakdownView,
  ChoroplethView,
  CompareView,
  CompletenessView,
  FlowsView,
  ReporterMonthView,
  RouteMonthView,
  RouteShiftsView,
  SeriesView,
  TopCitizenshipsView,
} from './analytics.schema';

export type Cell = string | number | null;
export interface Table {
  /** File name without extension, e.g. "demo-series-IBC-EMED". */
  name: string;
  header: string[];
  rows: Cell[][];
}

export const seriesTable = (slug: string, v: SeriesView): Table => ({
  name: `${slug}-series-${v.indicator}-${v.route}${v.citizenship ? `-${v.citizenship}` : ''}${v.reporter ? `-${v.reporter}` : ''}`,
  header: [
    'period',
    'value',
    'same_month_last_year',
    'yoy_pct',
    'ytd',
    'ytd_last_year',
    'ytd_yoy_pct',
    'status',
    'reporters_reported',
    'reporters_expected',
    'comparison',
  ],
  rows: v.points.map((p) => [
    p.period,
    p.value,
    p.previous,
    p.yoyPct,
    p.ytd,
    p.ytdPrevious,
    p.ytdYoyPct,
    p.status,
    p.reported,
    p.expected,
    v.comparison,
  ]),
});

export const topCitizenshipsTable = (slug: string, v: TopCitizenshipsView): Table => ({
  name: `${slug}-top-citizenships-${v.indicator}-${v.route}-${v.year}`,
  header: ['citizenship', 'value', 'same_months_last_year', 'yoy_pct'],
  rows: v.items.map((i) => [i.citizenship, i.value, i.previous, i.yoyPct]),
});

export const routeMonthTable = (slug: string, v: RouteMonthView): Table => ({
  name: `${slug}-route-month-${v.indicator}`,
  header: ['route', 'period', 'value'],
  rows: v.cells.map((c) => [c.route, c.period, c.value]),
});

export const reporterMonthTable = (slug: string, v: ReporterMonthView): Table => {
  const dims = Object.keys(v.observations[0]?.breakdowns ?? {});
  return {
    name: `${slug}-reporter-month-${v.reporter}-${v.period}`,
    header: ['indicator', ...dims, 'value', 'flags'],
    rows: v.observations.map((o) => [
      o.indicator,
      ...dims.map((d) => o.breakdowns[d] ?? ''),
      o.value,
      o.flags.join(';'),
    ]),
  };
};

export const breakdownTable = (slug: string, v: BreakdownView): Table => ({
  name: `${slug}-breakdown-${v.indicator}${v.route ? `-${v.route}` : ''}`,
  header: ['dimension', 'code', 'period', 'value'],
  rows: v.cells.map((c) => [c.dimension, c.code, c.period, c.value]),
});

export const completenessTable = (slug: string, v: CompletenessView): Table => ({
  name: `${slug}-completeness${v.from ? `-${v.from}-${v.to}` : ''}`,
  header: ['indicator', 'reporter', 'months_reported', 'months_missing', 'missing', 'not_expected'],
  rows: v.rows.map((r) => [
    r.indicator,
    r.reporter,
    r.reported,
    r.missing.length,
    r.missing.join(' '),
    r.notExpected.join(' '),
  ]),
});

export const flowsTable = (slug: string, v: FlowsView): Table => ({
  name: `${slug}-flows-${v.indicator}${v.route ? `-${v.route}` : ''}`,
  header: ['link', 'from', 'to', 'value'],
  rows: v.links.map((l) => [
    l.kind === 'citizenship' ? 'citizenship-route' : 'route-reporter',
    l.source,
    l.target,
    l.value,
  ]),
});

export const routeShiftsTable = (slug: string, v: RouteShiftsView): Table => ({
  name: `${slug}-route-shifts-${v.indicator}`,
  header: ['citizenship', 'tvd', 'score', 'route', 'value_a', 'share_a', 'value_b', 'share_b'],
  rows: v.items.flatMap((i) =>
    i.routes.map((r) => [i.citizenship, i.tvd, i.score, r.route, r.a, r.shareA, r.b, r.shareB]),
  ),
});

export const compareTable = (slug: string, v: CompareView): Table => ({
  name: `${slug}-compare-${v.indicator}-${v.by}`,
  header: [v.by, 'period', 'value'],
  rows: v.series.flatMap((s) => s.points.map((p) => [s.code, p.period, p.value])),
});

export const choroplethTable = (slug: string, v: ChoroplethView): Table => ({
  name: `${slug}-map-${v.indicator}${v.route ? `-${v.route}` : ''}`,
  header: ['reporter', 'period', 'value'],
  rows: v.cells.map((c) => [c.reporter, c.period, c.value]),
});

export interface Rendered {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}

/** The table as CSV (UTF-8, header row first) or XLSX (one sheet, numbers as numbers). */
export async function renderTable(t: Table, format: 'csv' | 'xlsx', asOf: string | null): Promise<Rendered> {
  const base = `${t.name}${asOf ? `-as-of-${asOf.slice(0, 10)}` : ''}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (format === 'csv')
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName: `${base}.csv`,
      body: toSafeCsv([t.header, ...t.rows]),
    };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(t.header);
  for (const r of t.rows) ws.addRow(r);
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
