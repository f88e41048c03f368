/**
 * One series to forecast as plain data, so it can cross to a worker thread (structured clone: no functions):
 * the values fed to the models, the revisions of a revised series (its backtests then read each origin's
 * vintage) and the options. Pure, like forecast-series.ts: the augurs runtime is passed in.
 */
import type { AugursRuntime } from './augurs';
import { type ForecastOptions, forecastSeries, noForecast, type SeriesForecast } from './forecast-series';
import { type Revision, vintageHistory } from './vintages';

export interface ForecastTask {
  values: readonly number[];
  /** Revisions of the series indexed by month within `values`; null: no figure was ever revised. */
  revisions: readonly Revision[] | null;
  options: Partial<Omit<ForecastOptions, 'historyAt'>>;
}

/** Forecasts one task; a model library failure becomes a `failed` series instead of an exception. */
export function runForecastTask(rt: AugursRuntime, task: ForecastTask): SeriesForecast {
  try {
    const vintage = task.revisions ? { historyAt: vintageHistory(task.revisions) } : {};
    return forecastSeries(rt, task.values, { ...task.options, ...vintage });
  } catch (e) {
    return noForecast('failed', `The forecast failed: ${(e as Error).message}`);
  }
}
