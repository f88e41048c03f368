-- Forecasts are sane or absent (issue 14). A series is not forecast when its last figures are older than the
-- horizon ('stale'), when a gap leaves too few unbroken months ('gaps'; missing months are never zeros) or
-- when every model's forecast leaves the plausible envelope of its history ('implausible'); `reason` says
-- why. `rejected` lists the models the sanity guard passed over, with their reasons, also for 'ok' series
-- (the next model or a baseline served).
ALTER TABLE forecast_series DROP CONSTRAINT forecast_series_status_check;
ALTER TABLE forecast_series ADD CONSTRAINT forecast_series_status_check
  CHECK (status IN ('ok', 'too_short', 'all_zero', 'failed', 'stale', 'gaps', 'implausible'));
ALTER TABLE forecast_series ADD COLUMN rejected jsonb NOT NULL DEFAULT '[]';
