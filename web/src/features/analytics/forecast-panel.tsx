import { TOTAL_CODE } from '@passage/contract/constants';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { BASELINES, type ForecastSeriesView, fetchForecastSeries, listForecasts } from '../forecasting/api';
import { ForecastChart } from '../forecasting/forecast-chart';
import type { AnalyticsContext, AnalyticsIndicator } from './analytics-layout';

/**
 * The forecast of the dashboard's route, first indicator and citizenship: the forecasting page's chart, the
 * chosen model, a one-line backtest summary and a link to the full model and backtest details.
 */
export function ForecastPanel({ ctx, indicator }: { ctx: AnalyticsContext; indicator: AnalyticsIndicator }) {
  const { t } = useTranslation();
  const key = {
    indicator: indicator.code,
    route: ctx.routeFor(indicator),
    citizenship: ctx.citizenship ?? TOTAL_CODE,
  };
  // The list says whether the series has a forecast at all, so a dashboard without one makes no failing call.
  const state = useAsync(
    async (signal) => {
      const { series } = await listForecasts(ctx.slug, signal);
      const known = series.some(
        (s) =>
          s.indicator === key.indicator &&
          s.route === key.route &&
          s.citizenship === key.citizenship &&
          s.reporter === TOTAL_CODE,
      );
      return known ? fetchForecastSeries(ctx.slug, key, signal) : null;
    },
    [ctx.slug, key.indicator, key.route, key.citizenship],
  );
  const parts = [ctx.indicatorName(indicator.code)];
  if (key.route !== TOTAL_CODE) parts.push(ctx.routeName(key.route));
  if (key.citizenship !== TOTAL_CODE) parts.push(ctx.countryName(key.citizenship));
  const link = `/d/${encodeURIComponent(ctx.slug)}/forecasts?${new URLSearchParams(key).toString()}`;

  let body: ReactNode;
  if (state.status === 'loading') body = <Loading />;
  else if (state.status === 'error') {
    const e = state.error;
    body =
      isApiError(e, 404) || isApiError(e, 400) ? (
        <div className="notice" role="note" data-testid="dashboard-forecast-reason">
          <p>{t('analytics.forecastUnavailable')}</p>
          <p className="small muted">
            {e.problem.errors?.length ? e.problem.errors.map((x) => x.message).join('; ') : e.message}
          </p>
        </div>
      ) : (
        <ErrorMessage error={e} onRetry={state.reload} />
      );
  } else if (state.data === null) {
    body = (
      <div className="notice" role="note" data-testid="dashboard-forecast-reason">
        <p>{t('analytics.forecastUnavailable')}</p>
      </div>
    );
  } else if (state.data.series.status !== 'ok' || !state.data.series.chosenModel) {
    const s = state.data.series;
    body = (
      <div className="notice" role="note" data-testid="dashboard-forecast-reason">
        <p>{t(`forecasting.reason.${s.status === 'ok' ? 'failed' : s.status}`, { count: s.months })}</p>
        {s.reason ? <p className="small muted">{s.reason}</p> : null}
      </div>
    );
  } else body = <ForecastBody detail={state.data} lng={ctx.lng} />;

  return (
    <section
      className="panel chart-card"
      data-testid="dashboard-forecast"
      aria-labelledby="dashboard-forecast-title"
    >
      <header className="chart-card__header">
        <h3 id="dashboard-forecast-title">{t('analytics.forecastTitle', { what: parts.join(', ') })}</h3>
      </header>
      {body}
      <p>
        <Link to={link} data-testid="dashboard-forecast-link">
          {t('analytics.forecastLink')}
        </Link>
      </p>
    </section>
  );
}

function ForecastBody({ detail, lng }: { detail: ForecastSeriesView; lng: string }) {
  const { t } = useTranslation();
  const chosen = detail.series.chosenModel!;
  const maseAt1 = (m: string) => detail.backtests.find((b) => b.model === m && b.horizon === 1)?.mase ?? null;
  const baseline = BASELINES.map((b) => ({ b, v: maseAt1(b) }))
    .filter((x): x is { b: (typeof BASELINES)[number]; v: number } => x.v !== null)
    .sort((a, b) => a.v - b.v)[0];
  const mase = maseAt1(chosen);
  const fmt = new Intl.NumberFormat(lng, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (
    <>
      <ForecastChart detail={detail} model={chosen} />
      <p data-testid="dashboard-forecast-model">
        {t('analytics.forecastModel', { model: t(`forecasting.models.${chosen}`) })}
      </p>
      <p className="small muted" data-testid="dashboard-forecast-backtest">
        {mase !== null && baseline
          ? t('analytics.forecastBacktest', {
              mase: fmt.format(mase),
              baseline: t(`forecasting.models.${baseline.b}`),
              baselineMase: fmt.format(baseline.v),
            })
          : t('analytics.forecastNoBacktest')}
      </p>
    </>
  );
}
