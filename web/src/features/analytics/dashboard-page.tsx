import { TOTAL_CODE } from '@passage/contract/constants';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table';
import type { ChartOption } from '../../ui/echart';
import { useAsync } from '../../ui/use-async';
import { fetchReportingRates } from '../definitions/chase-api';
import { formatRate } from '../definitions/chase-sections';
import { dimensionName, isDimension } from '../exchange/breakdown-label';
import { type AnalyticsContext, type AnalyticsIndicator, AnalyticsLayout } from './analytics-layout';
import {
  type AnalyticsParams,
  type BreakdownView,
  type CompletenessView,
  fetchAnalytics,
  type SeriesView,
  type TopCitizenshipsView,
} from './api';
import { ChartCard, ChartTable } from './chart-card';
import { ForecastPanel } from './forecast-panel';
import { formatNumber, formatPct } from './format';

const SERIES_COLOR = '#1f4e8c';
const PREVIOUS_COLOR = '#9aa5b1';

/** Route dashboard: monthly series with last year, YTD and YoY, top citizenships, splits, completeness. */
export default function DashboardPage() {
  return (
    <AnalyticsLayout
      titleKey="analytics.tabs.dashboard"
      fields={['route', 'indicators', 'range', 'citizenship', 'reporter', 'asOf']}
    >
      {(ctx) => <Dashboard ctx={ctx} />}
    </AnalyticsLayout>
  );
}

function Dashboard({ ctx }: { ctx: AnalyticsContext }) {
  const { t } = useTranslation();
  const primary = ctx.indicators[0];
  if (!primary) return <p className="notice">{t('analytics.noIndicators')}</p>;
  return (
    <div className="analytics-grid">
      {ctx.indicators.map((i) => (
        <SeriesCard key={i.code} ctx={ctx} indicator={i} />
      ))}
      <ForecastPanel ctx={ctx} indicator={primary} />
      <TopCitizenshipsCard ctx={ctx} indicator={primary} />
      <BreakdownCard ctx={ctx} indicator={primary} />
      <CompletenessCard ctx={ctx} indicator={primary} />
    </div>
  );
}

function describeScope(
  ctx: AnalyticsContext,
  indicator: AnalyticsIndicator,
  t: TFunction,
  withIndicator = true,
) {
  const parts = withIndicator ? [ctx.indicatorName(indicator.code)] : [];
  const route = ctx.routeFor(indicator);
  if (route !== TOTAL_CODE) parts.push(ctx.routeName(route));
  if (ctx.citizenship) parts.push(ctx.countryName(ctx.citizenship));
  if (ctx.reporter) parts.push(t('analytics.reportedBy', { country: ctx.countryName(ctx.reporter) }));
  if (ctx.from || ctx.to) parts.push(`${ctx.from ?? '…'} – ${ctx.to ?? '…'}`);
  return parts.join(', ');
}

function SeriesCard({ ctx, indicator }: { ctx: AnalyticsContext; indicator: AnalyticsIndicator }) {
  const { t } = useTranslation();
  const params: AnalyticsParams<'series'> = {
    indicator: indicator.code,
    route: ctx.routeFor(indicator),
    citizenship: ctx.citizenship,
    reporter: ctx.reporter,
    from: ctx.from,
    to: ctx.to,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'series', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  const scope = describeScope(ctx, indicator, t);
  const chart = (v: SeriesView): ChartOption => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, left: 'center' },
    xAxis: { type: 'category', data: v.points.map((p) => p.period) },
    yAxis: { type: 'value' },
    series: [
      {
        name: t('analytics.value'),
        type: 'bar',
        itemStyle: { color: SERIES_COLOR },
        // An incomplete month (not every expected state reported) is drawn hatched-light (issue 14).
        data: v.points.map((p) => ({
          value: p.value,
          ...(p.complete ? {} : { itemStyle: { color: SERIES_COLOR, opacity: 0.45 } }),
        })),
      },
      {
        name: t('analytics.sameMonthLastYear'),
        type: 'line',
        symbol: 'none',
        lineStyle: { type: 'dashed', color: PREVIOUS_COLOR },
        itemStyle: { color: PREVIOUS_COLOR },
        data: v.points.map((p) => p.previous),
        // A month without figures stays a gap: never bridge it with a line (issue 14).
        connectNulls: false,
      },
    ],
  });
  return (
    <ChartCard
      title={t('analytics.seriesTitle', {
        indicator: ctx.indicatorName(indicator.code),
        scope: describeScope(ctx, indicator, t, false) || t('analytics.allReporters'),
      })}
      unit={ctx.unitOf(indicator)}
      source={ctx.source}
      asOf={ctx.asOf}
      slug={ctx.slug}
      view="series"
      params={params}
      state={state}
      isEmpty={(v) => v.points.every((p) => p.status === 'missing')}
      emptyWhat={scope}
      chart={chart}
      testId={`series-${indicator.code}`}
      fileName={`${ctx.slug}-${indicator.code}-series`}
    >
      {(v) => {
        const last = v.points.at(-1);
        return (
          <>
            {last ? (
              <dl className="kpis" data-testid={`kpis-${indicator.code}`}>
                <div>
                  <dt>{t('analytics.latestMonth', { period: last.period })}</dt>
                  <dd data-testid="kpi-latest">{formatNumber(last.value, ctx.lng)}</dd>
                </div>
                <div>
                  <dt>{t('analytics.reportersTitle')}</dt>
                  <dd data-testid="kpi-reported">
                    {t('analytics.reportedOf', { reported: last.reported, expected: last.expected })}
                  </dd>
                </div>
                <div>
                  <dt>{t('analytics.yoy')}</dt>
                  <dd data-testid="kpi-yoy">{formatPct(last.yoyPct, ctx.lng)}</dd>
                </div>
                <div>
                  <dt>{t('analytics.ytd', { year: last.period.slice(0, 4) })}</dt>
                  <dd data-testid="kpi-ytd">{formatNumber(last.ytd, ctx.lng)}</dd>
                </div>
                <div>
                  <dt>{t('analytics.ytdYoy')}</dt>
                  <dd data-testid="kpi-ytd-yoy">{formatPct(last.ytdYoyPct, ctx.lng)}</dd>
                </div>
              </dl>
            ) : null}
            {v.comparison === 'like_for_like' ? (
              <p className="small muted" data-testid="like-for-like-note">
                {t('analytics.likeForLikeNote')}
              </p>
            ) : null}
            <ChartTable
              caption={scope}
              testId={`series-table-${indicator.code}`}
              header={[
                t('analytics.period'),
                t('analytics.value'),
                t('analytics.sameMonthLastYear'),
                t('analytics.yoy'),
                t('analytics.ytdShort'),
                t('analytics.ytdYoy'),
                t('analytics.pointStatus'),
                t('analytics.reportersTitle'),
              ]}
              rows={v.points.map((p) => [
                p.period,
                formatNumber(p.value, ctx.lng),
                formatNumber(p.previous, ctx.lng),
                formatPct(p.yoyPct, ctx.lng),
                formatNumber(p.ytd, ctx.lng),
                formatPct(p.ytdYoyPct, ctx.lng),
                p.status === 'missing'
                  ? t('analytics.pointStatusMissing')
                  : t('analytics.pointStatusReported'),
                t('analytics.reportedOf', { reported: p.reported, expected: p.expected }),
              ])}
            />
          </>
        );
      }}
    </ChartCard>
  );
}

type CompletenessRow = CompletenessView['rows'][number];

function TopCitizenshipsCard({ ctx, indicator }: { ctx: AnalyticsContext; indicator: AnalyticsIndicator }) {
  const { t } = useTranslation();
  // The year of the end of the range, else the current year (the API compares January to its last month).
  const year = Number((ctx.to ?? new Date().toISOString()).slice(0, 4));
  const params: AnalyticsParams<'top-citizenships'> = {
    indicator: indicator.code,
    route: ctx.routeFor(indicator),
    year,
    limit: 10,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    async (signal) => {
      const v = await fetchAnalytics(ctx.slug, 'top-citizenships', { ...params, asOf: ctx.asOf }, signal);
      // Nothing yet this year (e.g. January not published): the year before.
      if (v.items.length || ctx.to) return v;
      return fetchAnalytics(
        ctx.slug,
        'top-citizenships',
        { ...params, year: year - 1, asOf: ctx.asOf },
        signal,
      );
    },
    [ctx.slug, key, ctx.asOf],
  );
  const shownYear = state.status === 'success' ? state.data.year : year;
  const what = `${ctx.indicatorName(indicator.code)}, ${ctx.routeName(ctx.routeFor(indicator))}, ${shownYear}`;
  const chart = (v: TopCitizenshipsView): ChartOption => {
    const items = [...v.items].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, left: 'center' },
      grid: { left: 130 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: items.map((i) => ctx.countryName(i.citizenship)) },
      series: [
        {
          name: String(v.year),
          type: 'bar',
          itemStyle: { color: SERIES_COLOR },
          data: items.map((i) => i.value),
        },
        {
          name: String(v.year - 1),
          type: 'bar',
          itemStyle: { color: PREVIOUS_COLOR },
          data: items.map((i) => i.previous),
        },
      ],
    };
  };
  return (
    <ChartCard
      title={t('analytics.topTitle', { what })}
      unit={ctx.unitOf(indicator)}
      source={ctx.source}
      asOf={ctx.asOf}
      slug={ctx.slug}
      view="top-citizenships"
      params={state.status === 'success' ? { ...params, year: state.data.year } : params}
      state={state}
      isEmpty={(v) => v.items.length === 0}
      emptyWhat={what}
      chart={chart}
      height={380}
      testId="top-citizenships"
      fileName={`${ctx.slug}-${indicator.code}-top-citizenships`}
    >
      {(v) => (
        <ChartTable
          caption={what}
          testId="top-citizenships-table"
          isOpen
          header={[
            t('analytics.citizenship'),
            v.months ? `${v.months.from} – ${v.months.to}` : String(v.year),
            t('analytics.sameMonthsLastYear'),
            t('analytics.change'),
          ]}
          rows={v.items.map((i) => [
            ctx.countryName(i.citizenship),
            formatNumber(i.value, ctx.lng),
            formatNumber(i.previous, ctx.lng),
            formatPct(i.yoyPct, ctx.lng),
          ])}
        />
      )}
    </ChartCard>
  );
}

const PALETTE = ['#1f4e8c', '#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#999999'];

function BreakdownCard({ ctx, indicator }: { ctx: AnalyticsContext; indicator: AnalyticsIndicator }) {
  const { t } = useTranslation();
  const params: AnalyticsParams<'breakdown'> = {
    indicator: indicator.code,
    route: ctx.routeFor(indicator) === TOTAL_CODE ? undefined : ctx.routeFor(indicator),
    reporter: ctx.reporter,
    from: ctx.from,
    to: ctx.to,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'breakdown', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  const dimName = (d: string) => (isDimension(d) ? dimensionName(t, d) : d);
  const what = describeScope({ ...ctx, citizenship: undefined }, indicator, t);
  const chart = (v: BreakdownView): ChartOption => {
    const periods = [...new Set(v.cells.map((c) => c.period))].sort();
    const keys = [...new Set(v.cells.map((c) => `${c.dimension}|${c.code}`))];
    const value = new Map(v.cells.map((c) => [`${c.dimension}|${c.code}|${c.period}`, c.value]));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, left: 'center' },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value' },
      series: keys.map((k, i) => {
        const [dimension = '', code = ''] = k.split('|');
        return {
          name: `${dimName(dimension)}: ${code}`,
          type: 'bar',
          stack: dimension,
          itemStyle: { color: PALETTE[i % PALETTE.length] },
          data: periods.map((p) => value.get(`${k}|${p}`) ?? null),
        };
      }),
    };
  };
  return (
    <ChartCard
      title={t('analytics.splitTitle', { what })}
      unit={ctx.unitOf(indicator)}
      source={ctx.source}
      asOf={ctx.asOf}
      slug={ctx.slug}
      view="breakdown"
      params={params}
      state={state}
      isEmpty={(v) => v.cells.length === 0}
      emptyWhat={t('analytics.splitEmpty', { what })}
      chart={chart}
      testId="breakdown"
      fileName={`${ctx.slug}-${indicator.code}-split`}
    >
      {(v) => (
        <ChartTable
          caption={what}
          testId="breakdown-table"
          header={[t('analytics.breakdown'), t('analytics.code'), t('analytics.total')]}
          numericFrom={2}
          rows={v.totals.map((r) => [dimName(r.dimension), r.code, formatNumber(r.value, ctx.lng)])}
        />
      )}
    </ChartCard>
  );
}

function CompletenessCard({ ctx, indicator }: { ctx: AnalyticsContext; indicator: AnalyticsIndicator }) {
  const { t } = useTranslation();
  const params: AnalyticsParams<'completeness'> = { indicator: indicator.code, from: ctx.from, to: ctx.to };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'completeness', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  const what = ctx.indicatorName(indicator.code);
  return (
    <ChartCard
      title={t('analytics.completenessTitle', { what })}
      unit={t('analytics.months')}
      source={ctx.source}
      asOf={ctx.asOf}
      slug={ctx.slug}
      view="completeness"
      params={params}
      state={state}
      isEmpty={(v) => v.rows.length === 0}
      emptyWhat={what}
      testId="completeness"
      fileName={`${ctx.slug}-completeness`}
    >
      {(v) => <CompletenessTable v={v} ctx={ctx} indicator={indicator} />}
    </ChartCard>
  );
}

/**
 * The completeness grid of one indicator, with each state's reporting rate and on-time rate over the same
 * months (calendars module, /definitions/reporting-rates; members only, so public visitors see the grid alone).
 */
function CompletenessTable({
  v,
  ctx,
  indicator,
}: {
  v: CompletenessView;
  ctx: AnalyticsContext;
  indicator: AnalyticsIndicator;
}) {
  const { t } = useTranslation();
  const rates = useAsync(
    (signal) =>
      v.from && v.to
        ? fetchReportingRates(ctx.slug, { indicator: indicator.code, from: v.from, to: v.to }, signal).catch(
            () => null,
          )
        : Promise.resolve(null),
    [ctx.slug, indicator.code, v.from, v.to],
  );
  const rateOf = (reporter: string) =>
    rates.status === 'success' ? rates.data?.rows.find((r) => r.reporter === reporter) : undefined;
  const hasRates = rates.status === 'success' && rates.data !== null && !rates.data.isOpenCalendar;
  const what = ctx.indicatorName(indicator.code);
  // Each month: reported, missing, or not expected under the reporting calendar.
  const stateOf = (r: CompletenessRow, p: string) =>
    r.notExpected.includes(p)
      ? { state: 'not-expected', mark: '–', label: t('analytics.notExpected') }
      : r.missing.includes(p)
        ? { state: 'missing', mark: '✗', label: t('analytics.notReported') }
        : { state: 'reported', mark: '✓', label: t('analytics.reported') };
  return (
    <DataTable
      testId="completeness-grid"
      className="completeness"
      caption={<span className="visually-hidden">{t('analytics.completenessTitle', { what })}</span>}
      rows={v.rows}
      rowKey={(r) => `${r.indicator}-${r.reporter}`}
      rowProps={(r) => ({ 'data-reporter': r.reporter })}
      columns={[
        {
          key: 'reporter',
          header: t('analytics.reporter'),
          isRowHeader: true,
          sortBy: (r) => ctx.countryName(r.reporter),
          cell: (r) => ctx.countryName(r.reporter),
        },
        ...v.periods.map((p) => ({
          key: p,
          header: p.slice(2),
          headerClassName: 'completeness__month',
          cellProps: (r: CompletenessRow) => {
            const c = stateOf(r, p);
            return { className: `completeness__cell is-${c.state}`, title: `${p}: ${c.label}` };
          },
          cell: (r: CompletenessRow) => {
            const c = stateOf(r, p);
            return (
              <>
                <span aria-hidden="true">{c.mark}</span>
                <span className="visually-hidden">{c.label}</span>
              </>
            );
          },
        })),
        {
          key: 'missing',
          header: t('analytics.missing'),
          isNumeric: true,
          sortBy: (r) => r.missing.length,
          cell: (r) => r.missing.length,
        },
        hasRates && {
          key: 'reportingRate',
          header: t('analytics.reportingRate'),
          isNumeric: true,
          sortBy: (r) => rateOf(r.reporter)?.reportingRate ?? null,
          cell: (r) => formatRate(rateOf(r.reporter)?.reportingRate ?? null, ctx.lng),
        },
        hasRates && {
          key: 'onTimeRate',
          header: t('analytics.onTimeRate'),
          isNumeric: true,
          sortBy: (r) => rateOf(r.reporter)?.onTimeRate ?? null,
          cell: (r) => formatRate(rateOf(r.reporter)?.onTimeRate ?? null, ctx.lng),
        },
      ]}
    />
  );
}
