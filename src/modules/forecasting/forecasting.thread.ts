/**
 * The forecast models' worker thread (started by forecasting.service.ts through src/shared/ts-worker.ts): one
 * series per request. The models run for up to a second per series; here they no longer hold the server's
 * event loop, so health checks, dashboards and pages answer while a refresh runs.
 */
import { loadAugurs } from '../../domain/forecasting/augurs';
import type { SeriesForecast } from '../../domain/forecasting/forecast-series';
import { type ForecastTask, runForecastTask } from '../../domain/forecasting/forecast-task';
import { serveRequests } from '../../shared/ts-worker';

serveRequests<ForecastTask, SeriesForecast>(async (task) => runForecastTask(await loadAugurs(), task));
