import { type ReactNode, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { type ChartOption, downloadFile, EChart, type EChartHandle } from '../../ui/echart';
import { formatDate } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import type { AsyncState } from '../../ui/use-async';
import { type AnalyticsParams, type AnalyticsView, analyticsUrl } from './api';
import { today } from './format';

export interface ChartCardProps<T, V extends AnalyticsView> {
  /** Chart title, printed on the chart (and its PNG) with unit, source and vintage. */
  title: string;
  unit: string;
  /** Dialogue name, for the source line. */
  source: string;
  /** The vintage shown (asOf), or undefined for current figures. */
  asOf: string | undefined;
  /** The API view and parameters behind the chart: the CSV and XLSX downloads use them. */
  slug: string;
  view: V;
  params: AnalyticsParams<V>;
  state: AsyncState<T>;
  /** True when the answer has nothing to show. */
  isEmpty: (data: T) => boolean;
  /** "No data for …": what was asked for. */
  emptyWhat: string;
  /** The chart, when this card has one. */
  chart?: (data: T) => ChartOption;
  height?: number;
  /** The data table (or other content) under the chart. */
  children?: (data: T) => ReactNode;
  testId: string;
  /** File name (without extension) of the PNG. */
  fileName: string;
}

/**
 * One chart with everything the dashboards promise: title, unit, source and "data as published on" printed
 * on it; PNG, CSV and XLSX downloads; "no data for …" when empty and the API's problem detail on errors.
 */
export function ChartCard<T, V extends AnalyticsView>(p: ChartCardProps<T, V>) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const chartRef = useRef<EChartHandle>(null);
  const published = formatDate(p.asOf ?? today(), lng);
  const meta = t('analytics.chartMeta', { unit: p.unit, source: p.source, date: published });
  const data = p.state.status === 'success' ? p.state.data : null;
  const isEmpty = data !== null && p.isEmpty(data);
  const { chart, title } = p;
  const option = useMemo(() => {
    if (data === null || isEmpty || !chart) return null;
    const o = chart(data) as Record<string, unknown>;
    const grid = (o.grid as Record<string, unknown> | undefined) ?? {};
    return {
      ...o,
      title: {
        text: title,
        subtext: meta,
        left: 8,
        // Long titles wrap rather than run off the chart.
        textStyle: { fontSize: 14, lineHeight: 18, width: 500, overflow: 'break' },
        subtextStyle: { fontSize: 11, width: 540, overflow: 'truncate' },
      },
      grid: { left: 56, right: 24, bottom: 48, ...grid, top: 100 },
    } as ChartOption;
  }, [data, isEmpty, chart, title, meta]);

  const savePng = () => {
    const url = chartRef.current?.toPngDataUrl();
    if (url) downloadFile(url, `${p.fileName}.png`);
  };

  return (
    <section className="panel chart-card" data-testid={p.testId} aria-labelledby={`${p.testId}-title`}>
      <header className="chart-card__header">
        <div>
          <h3 id={`${p.testId}-title`} className={p.chart ? 'visually-hidden' : undefined}>
            {p.title}
          </h3>
          {p.chart ? null : <p className="muted chart-card__meta">{meta}</p>}
        </div>
        <div className="chart-card__actions">
          {p.chart ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={savePng}
              disabled={option === null}
              data-testid={`${p.testId}-png`}
            >
              {t('analytics.downloadPng')}
            </button>
          ) : null}
          <a
            className="button button--secondary button--small"
            href={analyticsUrl(p.slug, p.view, { ...p.params, asOf: p.asOf }, 'csv')}
            download
            data-testid={`${p.testId}-csv`}
          >
            {t('analytics.downloadCsv')}
          </a>
          <a
            className="button button--secondary button--small"
            href={analyticsUrl(p.slug, p.view, { ...p.params, asOf: p.asOf }, 'xlsx')}
            download
            data-testid={`${p.testId}-xlsx`}
          >
            {t('analytics.downloadXlsx')}
          </a>
        </div>
      </header>
      {p.state.status === 'loading' ? <Loading /> : null}
      {p.state.status === 'error' ? <ErrorMessage error={p.state.error} /> : null}
      {isEmpty ? (
        <p className="notice" data-testid={`${p.testId}-empty`}>
          {t('analytics.noData', { what: p.emptyWhat })}
        </p>
      ) : null}
      {option ? <EChart ref={chartRef} option={option} label={p.title} height={p.height ?? 340} /> : null}
      {data !== null && !isEmpty && p.children ? p.children(data) : null}
    </section>
  );
}

/** The data table behind a chart (the shared DataTable), folded away under a summary line. */
export function ChartTable({
  caption,
  header,
  rows,
  testId,
  isOpen = false,
  numericFrom = 1,
}: {
  caption: string;
  header: string[];
  rows: ReactNode[][];
  testId: string;
  isOpen?: boolean;
  /** Columns from this index on hold numbers (right-aligned). */
  numericFrom?: number;
}) {
  const { t } = useTranslation();
  // Rows of a read-only table, never reordered: their index is their key, as is a column's.
  const indexed = rows.map((cells, index) => ({ cells, index }));
  return (
    <details className="chart-card__table" open={isOpen}>
      <summary>{t('analytics.showTable')}</summary>
      <DataTable
        testId={testId}
        caption={<span className="visually-hidden">{caption}</span>}
        rows={indexed}
        rowKey={(r) => r.index}
        columns={header.map((h, j) => ({
          key: String(j),
          header: h,
          isNumeric: j >= numericFrom,
          cell: (r: (typeof indexed)[number]) => r.cells[j],
        }))}
      />
    </details>
  );
}
