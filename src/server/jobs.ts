/**
 * The background jobs the server runs, by name: the job registry, at the composition root because it imports
 * the modules whose handlers it lists (src/jobs, the queue and the worker, imports no module). Add a module's
 * handler here; the module enqueues with src/jobs/queue.ts.
 */

import type { JobHandlers } from '../jobs/worker';
import {
  ALERTS_DELIVER_JOB,
  ALERTS_EVALUATE_JOB,
  runAlertsDeliverJob,
  runAlertsEvaluateJob,
} from '../modules/alerts/alerts.jobs';
import { FORECAST_JOB, runForecastJob } from '../modules/forecasting/forecasting.service';
import { MONTHLY_REPORTS_JOB, runMonthlyReports } from '../modules/reports/reports.service';

export function jobHandlers(): JobHandlers {
  return {
    [FORECAST_JOB]: runForecastJob,
    [ALERTS_EVALUATE_JOB]: runAlertsEvaluateJob,
    [ALERTS_DELIVER_JOB]: (db) => runAlertsDeliverJob(db),
    [MONTHLY_REPORTS_JOB]: (db, payload) => runMonthlyReports(db, payload),
  };
}
