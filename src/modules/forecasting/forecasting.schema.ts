import { z } from 'zod';
import { ALL_MODELS } from '../../domain/forecasting/model-names';

const CodeParam = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores');

export const ForecastParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes'),
});

export const ForecastSeriesQuery = z
  .object({
    indicator: CodeParam,
    /** A route code of the dialogue, or `_T` (all routes / no route breakdown). */
    route: CodeParam.default('_T'),
    /** A citizenship (ISO alpha-3 or special code), or `_T` for the total. */
    citizenship: CodeParam.default('_T'),
  })
  .strict();
export type ForecastSeriesQuery = z.infer<typeof ForecastSeriesQuery>;

const ModelName = z.enum(ALL_MODELS);

export const ForecastSeriesSummary = z.object({
  indicator: z.string(),
  route: z.string(),
  citizenship: z.string(),
  reporter: z.string(),
  classification: z.enum(['public', 'dialogue']),
  /**
   * ok: forecast; too_short / all_zero: no forecast, see `reason`; failed: the computation failed; stale: the
   * last figures are older than the horizon; gaps: too few months without a gap (missing months are never
   * zeros); implausible: every model's forecast left the plausible envelope of the history.
   */
  status: z.enum(['ok', 'too_short', 'all_zero', 'failed', 'stale', 'gaps', 'implausible']),
  reason: z.string().nullable(),
  chosenModel: ModelName.nullable(),
  /** Last observed month (YYYY-MM). */
  origin: z.string().nullable(),
  /** Months fed to the model (the unbroken run ending at `origin`), or months with figures when not forecast. */
  months: z.number(),
  /** Models passed over because their forecast was implausible, with the reason; the next one served. */
  rejected: z.array(z.object({ model: ModelName, reason: z.string() })),
  dataAsOf: z.string().nullable(),
  computedAt: z.string(),
});
export type ForecastSeriesSummary = z.infer<typeof ForecastSeriesSummary>;

export const ForecastListView = z.object({ series: z.array(ForecastSeriesSummary) });
export type ForecastListView = z.infer<typeof ForecastListView>;

const Interval = { lo80: z.number(), hi80: z.number(), lo95: z.number(), hi95: z.number() };

export const ForecastSeriesView = z.object({
  series: ForecastSeriesSummary,
  history: z.array(z.object({ period: z.string(), value: z.number() })),
  forecasts: z.array(
    z.object({
      model: ModelName,
      points: z.array(z.object({ horizon: z.number(), period: z.string(), point: z.number(), ...Interval })),
    }),
  ),
  /** Rolling-origin backtest per model and horizon; MASE is scaled by the in-sample seasonal-naive MAE. */
  backtests: z.array(
    z.object({
      model: ModelName,
      horizon: z.number(),
      mase: z.number().nullable(),
      smape: z.number().nullable(),
      coverage80: z.number().nullable(),
      coverage95: z.number().nullable(),
      nOrigins: z.number(),
    }),
  ),
  /** Past forecasts (origin = last month known) against what happened. */
  backtestPoints: z.array(
    z.object({
      model: ModelName,
      origin: z.string(),
      horizon: z.number(),
      period: z.string(),
      point: z.number(),
      lo80: z.number(),
      hi80: z.number(),
      actual: z.number(),
    }),
  ),
});
export type ForecastSeriesView = z.infer<typeof ForecastSeriesView>;

export const RefreshQueuedView = z.object({ queued: z.literal(true), job: z.literal('forecast.refresh') });
