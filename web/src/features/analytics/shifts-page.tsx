import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table';
import { EChart } from '../../ui/echart';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type AnalyticsContext, AnalyticsLayout } from './analytics-layout';
import { type AnalyticsParams, analyticsUrl, fetchAnalytics } from './api';
import { formatNumber, formatShare, today } from './format';

/** Route shifts: citizenships whose split across routes changed most between period A and period B. */
export default function ShiftsPage() {
  return (
    <AnalyticsLayout titleKey="analytics.tabs.shifts" fields={['indicator', 'asOf']}>
      {(ctx) => <Shifts ctx={ctx} />}
    </AnalyticsLayout>
  );
}

function Shifts({ ctx }: { ctx: AnalyticsContext }) {
  const { t } = useTranslation();
  const { q } = ctx;
  const indicator = ctx.indicators[0];
  const params: AnalyticsParams<'route-shifts'> = {
    indicator: indicator?.code,
    aFrom: q.get('aFrom'),
    aTo: q.get('aTo'),
    bFrom: q.get('bFrom'),
    bTo: q.get('bTo'),
    minVolume: q.get('minVolume'),
    limit: 10,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'route-shifts', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  if (!indicator) return <p className="notice">{t('analytics.noIndicators')}</p>;
  const data = state.status === 'success' ? state.data : null;
  const month = (name: 'aFrom' | 'aTo' | 'bFrom' | 'bTo', value: string | undefined) => (
    <div className="field">
      <label htmlFor={`shift-${name}`}>{t(`analytics.shift.${name}`)}</label>
      <input
        id={`shift-${name}`}
        type="month"
        value={q.get(name) ?? value ?? ''}
        onChange={(e) => q.set({ [name]: e.target.value })}
      />
    </div>
  );
  const label = (p: { from: string; to: string } | null | undefined) => (p ? `${p.from} – ${p.to}` : '–');
  return (
    <>
      <form className="analytics-filters" onSubmit={(e) => e.preventDefault()}>
        {month('aFrom', data?.a?.from)}
        {month('aTo', data?.a?.to)}
        {month('bFrom', data?.b?.from)}
        {month('bTo', data?.b?.to)}
        <div className="field">
          <label htmlFor="shift-min">{t('analytics.shift.minVolume')}</label>
          <input
            id="shift-min"
            type="number"
            min={0}
            value={q.get('minVolume') ?? '50'}
            onChange={(e) => q.set({ minVolume: e.target.value })}
          />
        </div>
      </form>
      <section className="panel" aria-labelledby="shifts-title" data-testid="shifts">
        <header className="chart-card__header">
          <div>
            <h2 id="shifts-title">
              {t('analytics.shiftsTitle', {
                indicator: ctx.indicatorName(indicator.code),
                a: label(data?.a),
                b: label(data?.b),
              })}
            </h2>
            <p className="muted chart-card__meta">
              {t('analytics.chartMeta', {
                unit: ctx.unitOf(indicator),
                source: ctx.source,
                date: ctx.asOf ?? today(),
              })}
            </p>
            <p className="muted">{t('analytics.shiftsExplained')}</p>
          </div>
          <div className="chart-card__actions">
            <a
              className="button button--secondary button--small"
              href={analyticsUrl(ctx.slug, 'route-shifts', { ...params, asOf: ctx.asOf }, 'csv')}
              download
            >
              {t('analytics.downloadCsv')}
            </a>
            <a
              className="button button--secondary button--small"
              href={analyticsUrl(ctx.slug, 'route-shifts', { ...params, asOf: ctx.asOf }, 'xlsx')}
              download
            >
              {t('analytics.downloadXlsx')}
            </a>
          </div>
        </header>
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} /> : null}
        {data && data.items.length === 0 ? (
          <p className="notice" data-testid="shifts-empty">
            {t('analytics.noData', {
              what: `${ctx.indicatorName(indicator.code)}, ${label(data.a)} / ${label(data.b)}`,
            })}
          </p>
        ) : null}
        <ol className="shift-list">
          {data?.items.map((item) => (
            <li
              key={item.citizenship}
              className="shift-item"
              data-testid="shift-item"
              data-citizenship={item.citizenship}
            >
              <h3>
                {ctx.countryName(item.citizenship)}{' '}
                <span className="muted">
                  {t('analytics.shiftSummary', {
                    tvd: formatShare(item.tvd, ctx.lng),
                    moved: formatNumber(Math.round(item.score), ctx.lng),
                  })}
                </span>
              </h3>
              <EChart
                label={t('analytics.shiftChartLabel', { citizenship: ctx.countryName(item.citizenship) })}
                height={150}
                option={{
                  tooltip: {
                    trigger: 'axis',
                    axisPointer: { type: 'shadow' },
                    valueFormatter: (v: unknown) => formatShare(Number(v), ctx.lng),
                  },
                  legend: { left: 4, top: 0 },
                  grid: { left: 70, right: 16, top: 30, bottom: 20 },
                  xAxis: {
                    type: 'value',
                    max: 1,
                    axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` },
                  },
                  yAxis: { type: 'category', data: item.routes.map((r) => r.route) },
                  series: [
                    {
                      name: label(data.a),
                      type: 'bar',
                      itemStyle: { color: '#9aa5b1' },
                      data: item.routes.map((r) => r.shareA),
                    },
                    {
                      name: label(data.b),
                      type: 'bar',
                      itemStyle: { color: '#1f4e8c' },
                      data: item.routes.map((r) => r.shareB),
                    },
                  ],
                }}
              />
              <DataTable
                className="table--compact"
                caption={<span className="visually-hidden">{ctx.countryName(item.citizenship)}</span>}
                rows={item.routes}
                rowKey={(r) => r.route}
                columns={[
                  { key: 'route', header: t('analytics.route'), isRowHeader: true, cell: (r) => r.route },
                  {
                    key: 'a',
                    header: label(data.a),
                    isNumeric: true,
                    cell: (r) => `${formatNumber(r.a, ctx.lng)} (${formatShare(r.shareA, ctx.lng)})`,
                  },
                  {
                    key: 'b',
                    header: label(data.b),
                    isNumeric: true,
                    cell: (r) => `${formatNumber(r.b, ctx.lng)} (${formatShare(r.shareB, ctx.lng)})`,
                  },
                ]}
              />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
