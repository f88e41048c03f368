import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChartOption, EChart } from '../../ui/echart';
import type { ForecastSeriesView, ModelName } from './api';

/** Months of history shown before the forecast. */
const HISTORY_MONTHS = 48;

/**
 * History, the forecast of one model with its 80 % and 95 % bands (stacked areas between the bounds), and
 * that model's past one-month-ahead forecasts against what happened.
 */
export function ForecastChart({ detail, model }: { detail: ForecastSeriesView; model: ModelName }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const history = detail.history.slice(-HISTORY_MONTHS);
    const points = detail.forecasts.find((f) => f.model === model)?.points ?? [];
    const periods = [...history.map((h) => h.period), ...points.map((p) => p.period)];
    const at = (period: string) => periods.indexOf(period);
    const column = <T,>(fill: (i: number) => T | null) => periods.map((_, i) => fill(i));
    const forecastAt = new Map(points.map((p) => [p.period, p]));
    const last = history[history.length - 1];
    // The forecast line starts at the last observed month so that it joins the history.
    const forecastLine = column((i) => {
      const p = forecastAt.get(periods[i]!);
      if (p) return p.point;
      return last && periods[i] === last.period ? last.value : null;
    });
    const band = (lo: 'lo80' | 'lo95', hi: 'hi80' | 'hi95') => ({
      lower: column((i) => forecastAt.get(periods[i]!)?.[lo] ?? null),
      width: column((i) => {
        const p = forecastAt.get(periods[i]!);
        return p ? p[hi] - p[lo] : null;
      }),
    });
    const b95 = band('lo95', 'hi95');
    const b80 = band('lo80', 'hi80');
    const past = column<number>(() => null);
    for (const b of detail.backtestPoints)
      if (b.model === model && b.horizon === 1 && at(b.period) >= 0) past[at(b.period)] = b.point;
    const hidden = { lineStyle: { opacity: 0 }, symbol: 'none' as const };
    return {
      tooltip: { trigger: 'axis' },
      legend: {
        top: 0,
        data: (['band95', 'band80', 'history', 'forecast', 'pastForecasts'] as const).map((k) =>
          t(`forecasting.chart.${k}`),
        ),
      },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: periods, boundaryGap: false },
      yAxis: { type: 'value', min: 0 },
      series: [
        { name: 'lo95', type: 'line', data: b95.lower, stack: 'b95', ...hidden, tooltip: { show: false } },
        {
          name: t('forecasting.chart.band95'),
          type: 'line',
          data: b95.width,
          stack: 'b95',
          ...hidden,
          areaStyle: { color: 'rgba(37, 99, 235, 0.12)' },
          itemStyle: { color: 'rgba(37, 99, 235, 0.25)' },
          tooltip: { show: false },
        },
        { name: 'lo80', type: 'line', data: b80.lower, stack: 'b80', ...hidden, tooltip: { show: false } },
        {
          name: t('forecasting.chart.band80'),
          type: 'line',
          data: b80.width,
          stack: 'b80',
          ...hidden,
          areaStyle: { color: 'rgba(37, 99, 235, 0.25)' },
          itemStyle: { color: 'rgba(37, 99, 235, 0.5)' },
          tooltip: { show: false },
        },
        {
          name: t('forecasting.chart.history'),
          type: 'line',
          data: column((i) => history[i]?.value ?? null),
          symbol: 'none',
          lineStyle: { width: 2, color: '#1f2937' },
          itemStyle: { color: '#1f2937' },
        },
        {
          name: t('forecasting.chart.forecast'),
          type: 'line',
          data: forecastLine,
          symbol: 'circle',
          lineStyle: { width: 2, type: 'dashed', color: '#2563eb' },
          itemStyle: { color: '#2563eb' },
        },
        {
          name: t('forecasting.chart.pastForecasts'),
          type: 'line',
          data: past,
          symbol: 'diamond',
          symbolSize: 6,
          lineStyle: { opacity: 0 },
          itemStyle: { color: '#d97706' },
        },
      ],
    };
  }, [detail, model, t]);
  return <EChart option={option} label={t('forecasting.chart.label')} height={360} testId="forecast-chart" />;
}
