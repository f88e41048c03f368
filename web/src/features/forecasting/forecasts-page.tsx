import { TOTAL_CODE } from '@passage/contract/constants';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { formatDate } from '../../ui/format';
import { Page } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { pickTranslation } from '../../ui/translated-text';
import { useAsync } from '../../ui/use-async';
import {
  BASELINES,
  type BacktestRow,
  type ForecastSeriesSummary,
  type ForecastSeriesView,
  fetchForecastSeries,
  listForecasts,
  MODEL_ORDER,
  type ModelName,
  requestForecastRefresh,
} from './api';
import { ForecastChart } from './forecast-chart';

type Metric = 'mase' | 'smape' | 'coverage80' | 'coverage95';
const METRICS: Metric[] = ['mase', 'smape', 'coverage80', 'coverage95'];

const unique = (xs: string[]) => [...new Set(xs)];

/** A metric as shown in the backtest table (and compared by the browser test): MASE 2 decimals, others in %. */
export function formatMetric(metric: Metric, value: number | null, lng: string): string {
  if (value === null) return '—';
  if (metric === 'mase')
    return new Intl.NumberFormat(lng, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  const pct = metric === 'smape' ? value / 100 : value;
  return new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(pct);
}

/** Forecasts of a dialogue's series: pick indicator, route, citizenship; chart, backtest, model details. */
export function ForecastsPage() {
  const { t } = useTranslation();
  const ids = useId();
  const lng = currentLanguage();
  const { slug, dialogue, can } = useDialogue();
  const [params, setParams] = useSearchParams();
  const list = useAsync((signal) => listForecasts(slug, signal), [slug]);
  const [refreshState, setRefreshState] = useState<'idle' | 'queued' | 'error'>('idle');

  const series = list.status === 'success' ? list.data.series : [];
  const indicators = unique(series.map((s) => s.indicator));
  const indicator = params.get('indicator') ?? indicators[0] ?? '';
  const routes = unique(series.filter((s) => s.indicator === indicator).map((s) => s.route));
  const route = params.get('route') ?? routes[0] ?? TOTAL_CODE;
  const citizenships = unique(
    series.filter((s) => s.indicator === indicator && s.route === route).map((s) => s.citizenship),
  );
  const citizenship = params.get('citizenship') ?? TOTAL_CODE;
  const selected = series.find(
    (s) => s.indicator === indicator && s.route === route && s.citizenship === citizenship,
  );

  const indicatorName = (code: string) => {
    const i = dialogue.indicators.find((x) => x.code === code);
    return i ? pickTranslation(i.nameText, lng).text : code;
  };
  const routeName = (code: string) => {
    if (code === TOTAL_CODE) return t('forecasting.allRoutes');
    const r = dialogue.routes.find((x) => x.code === code);
    return r ? pickTranslation(r.nameText, lng).text : code;
  };
  const citizenshipName = (code: string) => (code === TOTAL_CODE ? t('forecasting.allCitizenships') : code);

  function choose(next: { indicator?: string; route?: string; citizenship?: string }) {
    const p = new URLSearchParams();
    p.set('indicator', next.indicator ?? indicator);
    if (next.indicator === undefined) p.set('route', next.route ?? route);
    if (next.indicator === undefined && next.route === undefined)
      p.set('citizenship', next.citizenship ?? citizenship);
    setParams(p);
  }

  async function handleRefresh() {
    try {
      await requestForecastRefresh(slug);
      setRefreshState('queued');
    } catch {
      setRefreshState('error');
    }
  }

  return (
    <Page title={t('forecasting.title')} lead={t('forecasting.intro')}>
      {list.status === 'loading' ? <Loading /> : null}
      {list.status === 'error' ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {list.status === 'success' && series.length === 0 ? <p>{t('forecasting.none')}</p> : null}
      {series.length > 0 ? (
        <section className="panel" aria-labelledby={`${ids}-pick`}>
          <h2 id={`${ids}-pick`}>{t('forecasting.pick')}</h2>
          <div className="form form--columns">
            <div className="field">
              <label htmlFor={`${ids}-indicator`}>{t('forecasting.indicator')}</label>
              <select
                id={`${ids}-indicator`}
                value={indicator}
                onChange={(e) => choose({ indicator: e.target.value })}
                data-testid="forecast-indicator"
              >
                {indicators.map((c) => (
                  <option key={c} value={c}>
                    {indicatorName(c)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-route`}>{t('forecasting.route')}</label>
              <select
                id={`${ids}-route`}
                value={route}
                onChange={(e) => choose({ route: e.target.value })}
                data-testid="forecast-route"
              >
                {routes.map((c) => (
                  <option key={c} value={c}>
                    {routeName(c)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-citizenship`}>{t('forecasting.citizenship')}</label>
              <select
                id={`${ids}-citizenship`}
                value={citizenship}
                onChange={(e) => choose({ citizenship: e.target.value })}
                data-testid="forecast-citizenship"
              >
                {citizenships.map((c) => (
                  <option key={c} value={c}>
                    {citizenshipName(c)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {can.canRefreshForecasts ? (
            <p>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void handleRefresh()}
                data-testid="forecast-refresh"
              >
                {t('forecasting.refresh')}
              </button>{' '}
              {refreshState === 'queued' ? <span role="status">{t('forecasting.refreshQueued')}</span> : null}
              {refreshState === 'error' ? <span role="alert">{t('forecasting.refreshFailed')}</span> : null}
            </p>
          ) : null}
        </section>
      ) : null}
      {selected ? <SeriesPanel slug={slug} summary={selected} /> : null}
      {series.length > 0 && !selected ? <p>{t('forecasting.noSuchSeries')}</p> : null}
    </Page>
  );
}

function SeriesPanel({ slug, summary }: { slug: string; summary: ForecastSeriesSummary }) {
  const { t } = useTranslation();
  const key = { indicator: summary.indicator, route: summary.route, citizenship: summary.citizenship };
  const detail = useAsync(
    (signal) => fetchForecastSeries(slug, key, signal),
    [slug, key.indicator, key.route, key.citizenship],
  );
  if (summary.status !== 'ok')
    return (
      <section className="panel">
        <div className="notice" role="note" data-testid="forecast-reason">
          <p>{t(`forecasting.reason.${summary.status}`, { count: summary.months })}</p>
          {summary.reason ? <p className="small muted">{summary.reason}</p> : null}
        </div>
      </section>
    );
  if (detail.status === 'loading') return <Loading />;
  if (detail.status === 'error')
    return isApiError(detail.error, 404) ? (
      <p>{t('forecasting.noSuchSeries')}</p>
    ) : (
      <ErrorMessage error={detail.error} onRetry={detail.reload} />
    );
  return <SeriesDetail detail={detail.data} />;
}

function SeriesDetail({ detail }: { detail: ForecastSeriesView }) {
  const { t } = useTranslation();
  const ids = useId();
  const lng = currentLanguage();
  const chosen = detail.series.chosenModel ?? 'seasonal_naive';
  const [model, setModel] = useState<ModelName>(chosen);
  const [metric, setMetric] = useState<Metric>('mase');
  const models = MODEL_ORDER.filter((m) => detail.forecasts.some((f) => f.model === m));
  const horizons = unique(detail.backtests.map((b) => String(b.horizon))).map(Number);
  const cell = (m: ModelName, h: number): BacktestRow | undefined =>
    detail.backtests.find((b) => b.model === m && b.horizon === h);
  const meanMase = (m: ModelName) => {
    const v = detail.backtests.filter((b) => b.model === m && b.mase !== null).map((b) => b.mase!);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
  };
  const betterBaseline = BASELINES.map((b) => ({ b, v: meanMase(b) }))
    .filter((x) => x.v !== null)
    .sort((a, b) => a.v! - b.v!)[0];
  const points = detail.forecasts.find((f) => f.model === model)?.points ?? [];
  const nf = new Intl.NumberFormat(lng, { maximumFractionDigits: 0 });

  return (
    <>
      <section className="panel" aria-labelledby={`${ids}-chart`}>
        <h2 id={`${ids}-chart`}>{t('forecasting.chart.title')}</h2>
        <div className="field">
          <label htmlFor={`${ids}-model`}>{t('forecasting.model')}</label>
          <select
            id={`${ids}-model`}
            value={model}
            onChange={(e) => setModel(e.target.value as ModelName)}
            data-testid="forecast-model"
          >
            {models.map((m) => (
              <option key={m} value={m}>
                {t(`forecasting.models.${m}`)}
                {m === chosen ? ` (${t('forecasting.chosen')})` : ''}
              </option>
            ))}
          </select>
        </div>
        {detail.series.rejected.length > 0 ? (
          <ul className="small muted" data-testid="forecast-rejected">
            {detail.series.rejected.map((r) => (
              <li key={r.model}>
                {t('forecasting.rejected', { model: t(`forecasting.models.${r.model}`), reason: r.reason })}
              </li>
            ))}
          </ul>
        ) : null}
        <ForecastChart detail={detail} model={model} />
        <DataTable
          testId="forecast-points"
          caption={t('forecasting.pointsCaption', { model: t(`forecasting.models.${model}`) })}
          rows={points}
          rowKey={(p) => p.horizon}
          columns={[
            { key: 'month', header: t('forecasting.month'), isRowHeader: true, cell: (p) => p.period },
            {
              key: 'point',
              header: t('forecasting.point'),
              isNumeric: true,
              cell: (p) => nf.format(p.point),
            },
            {
              key: 'interval80',
              header: t('forecasting.interval80'),
              cell: (p) => `${nf.format(p.lo80)}–${nf.format(p.hi80)}`,
            },
            {
              key: 'interval95',
              header: t('forecasting.interval95'),
              cell: (p) => `${nf.format(p.lo95)}–${nf.format(p.hi95)}`,
            },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby={`${ids}-backtest`}>
        <h2 id={`${ids}-backtest`}>{t('forecasting.backtest.title')}</h2>
        <p className="small muted">{t('forecasting.backtest.intro')}</p>
        <fieldset className="field">
          <legend>{t('forecasting.backtest.metric')}</legend>
          {METRICS.map((m) => (
            <label key={m} className="radio">
              <input
                type="radio"
                name={`${ids}-metric`}
                value={m}
                checked={metric === m}
                onChange={() => setMetric(m)}
              />{' '}
              {t(`forecasting.metrics.${m}`)}
            </label>
          ))}
        </fieldset>
        <div data-metric={metric}>
          <DataTable
            testId="backtest-table"
            rows={models}
            rowKey={(m) => m}
            rowProps={(m) => ({ 'data-model': m })}
            columns={[
              {
                key: 'model',
                header: t('forecasting.model'),
                isRowHeader: true,
                cell: (m) =>
                  `${t(`forecasting.models.${m}`)}${BASELINES.includes(m) ? ` · ${t('forecasting.baseline')}` : ''}${
                    m === chosen ? ` · ${t('forecasting.chosen')}` : ''
                  }`,
              },
              ...horizons.map((h) => ({
                key: String(h),
                header: t('forecasting.horizon', { count: h }),
                cell: (m: ModelName) => (
                  <span data-testid={`backtest-${m}-${h}`}>
                    {formatMetric(metric, cell(m, h)?.[metric] ?? null, lng)}
                  </span>
                ),
              })),
            ]}
          />
        </div>
      </section>
      <section className="panel" aria-labelledby={`${ids}-details`}>
        <details data-testid="forecast-details">
          <summary id={`${ids}-details`}>{t('forecasting.details.title')}</summary>
          <p>
            {t(
              BASELINES.includes(chosen)
                ? 'forecasting.details.baselineChosen'
                : 'forecasting.details.modelChosen',
              {
                model: t(`forecasting.models.${chosen}`),
                mase: formatMetric('mase', meanMase(chosen), lng),
                baseline: betterBaseline ? t(`forecasting.models.${betterBaseline.b}`) : '—',
                baselineMase: formatMetric('mase', betterBaseline?.v ?? null, lng),
              },
            )}
          </p>
          <p>{t('forecasting.details.method')}</p>
          <p>
            {t('forecasting.details.data', {
              months: detail.series.months,
              origin: detail.series.origin ?? '—',
              asOf: detail.series.dataAsOf ? formatDate(detail.series.dataAsOf, lng) : '—',
              computed: formatDate(detail.series.computedAt, lng),
              origins: cell(chosen, 1)?.nOrigins ?? 0,
            })}
          </p>
        </details>
      </section>
    </>
  );
}
