/**
 * The background jobs the server runs, by name. Add a module's handler here; enqueue with jobs/queue.ts.
 */
import {
  ALERTS_DELIVER_JOB,
  ALERTS_EVALUATE_JOB,
  runAlertsDeliverJob,
  runAlertsEvaluateJob,
} from '../modules/alerts/alerts.jobs';
import { FORECAST_JOB, runForecastJob } from '../modules/forecasting/forecasting.service';
import { MONTHLY_REPORTS_JOB, runMonthlyReports } from '../modules/reports/reports.service';
import type { JobHandlers } from './worker';

export function jobHandlers(): JobHandlers {
  return {
    [FORECAST_JOB]: runForecastJob,
    [ALERTS_EVALUATE_JOB]: runAlertsEvaluateJob,
    [ALERTS_DELIVER_JOB]: (db) => runAlertsDeliverJob(db),
    [MONTHLY_REPORTS_JOB]: (db, payload) => runMonthlyReports(db, payload),
  };
}
