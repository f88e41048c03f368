-- Forecasting (src/modules/forecasting, pure models in src/domain/forecasting) and the background job queue
-- (src/jobs). Forecasts are recomputed per dialogue by the job 'forecast.refresh' (enqueued at publication) or
-- by `passage forecast`. Only published, current 'public' or 'dialogue' figures are forecast; a series carries
-- the most restrictive classification of its inputs.

-- One row per forecast series: indicator × route × citizenship × reporter ('_T' = all).
CREATE TABLE forecast_series (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  route text NOT NULL DEFAULT '_T',
  citizenship text NOT NULL DEFAULT '_T',
  reporter_iso3 text NOT NULL DEFAULT '_T',
  classification classification NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'too_short', 'all_zero', 'failed')),
  reason text,                        -- why there is no forecast (English); null when status = 'ok'
  chosen_model text,                  -- model chosen by the backtest (null without forecast)
  origin date,                        -- last observed month
  months integer NOT NULL DEFAULT 0,  -- months of history
  data_as_of timestamptz,             -- latest publication among the inputs
  computed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, route, citizenship, reporter_iso3)
);
CREATE INDEX forecast_series_dialogue_idx ON forecast_series (dialogue_id, indicator_id);

-- Forecast 1…6 months ahead from the origin, per model ('mstl_ets', 'auto_ets', 'ensemble', 'naive',
-- 'seasonal_naive'), with 80 % and 95 % prediction intervals.
CREATE TABLE forecast_points (
  series_id bigint NOT NULL REFERENCES forecast_series (id) ON DELETE CASCADE,
  model text NOT NULL,
  horizon integer NOT NULL CHECK (horizon BETWEEN 1 AND 24),
  period date NOT NULL,
  point numeric NOT NULL,
  lo80 numeric NOT NULL,
  hi80 numeric NOT NULL,
  lo95 numeric NOT NULL,
  hi95 numeric NOT NULL,
  PRIMARY KEY (series_id, model, horizon)
);

-- Rolling-origin backtest per model and horizon: MASE (scaled by the in-sample seasonal-naive MAE), sMAPE
-- (percent), share of actuals inside the 80 % / 95 % intervals, number of origins.
CREATE TABLE forecast_backtests (
  series_id bigint NOT NULL REFERENCES forecast_series (id) ON DELETE CASCADE,
  model text NOT NULL,
  horizon integer NOT NULL,
  mase numeric,
  smape numeric,
  coverage80 numeric,
  coverage95 numeric,
  n_origins integer NOT NULL,
  PRIMARY KEY (series_id, model, horizon)
);

-- Past forecasts against what happened: every backtest forecast (origin = last month known).
CREATE TABLE forecast_backtest_points (
  series_id bigint NOT NULL REFERENCES forecast_series (id) ON DELETE CASCADE,
  model text NOT NULL,
  origin date NOT NULL,
  horizon integer NOT NULL,
  period date NOT NULL,
  point numeric NOT NULL,
  lo80 numeric NOT NULL,
  hi80 numeric NOT NULL,
  actual numeric NOT NULL,
  PRIMARY KEY (series_id, model, origin, horizon)
);

-- Background jobs (src/jobs): a small PostgreSQL queue. Workers claim with FOR UPDATE SKIP LOCKED, retry
-- with exponential backoff up to max_attempts, keep the last error. A job with a singleton_key is enqueued
-- only once while an equal one is still waiting.
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  singleton_key text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE status = 'queued';
CREATE UNIQUE INDEX jobs_singleton_idx ON jobs (name, singleton_key)
  WHERE status = 'queued' AND singleton_key IS NOT NULL;

-- Row-level security like migration 0004: members read public and dialogue series of their dialogues, others
-- public ones; the dialogue's secretariat writes; the owner (jobs, CLI) keeps full access. The tables of
-- points and backtests follow their series. Requests (publication) may enqueue jobs, nothing else.
DO $$
DECLARE t text;
BEGIN
  IF to_regprocedure('app_member_dialogues()') IS NULL THEN RETURN; END IF;
  ALTER TABLE forecast_series ENABLE ROW LEVEL SECURITY;
  ALTER TABLE forecast_series FORCE ROW LEVEL SECURITY;
  CREATE POLICY forecast_series_read ON forecast_series FOR SELECT TO passage_app USING (
    classification = 'public' OR (classification = 'dialogue' AND dialogue_id = ANY(app_member_dialogues())));
  CREATE POLICY forecast_series_write ON forecast_series FOR ALL TO passage_app
    USING (dialogue_id = ANY(app_secretariat_dialogues()))
    WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
  EXECUTE format('CREATE POLICY forecast_series_owner ON forecast_series TO %I USING (true) WITH CHECK (true)',
    current_user);
  GRANT SELECT, INSERT, UPDATE, DELETE ON forecast_series TO passage_app;
  FOREACH t IN ARRAY ARRAY['forecast_points', 'forecast_backtests', 'forecast_backtest_points'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    -- The sub-select is itself filtered by forecast_series' policies.
    EXECUTE format($p$CREATE POLICY %I ON %I FOR SELECT TO passage_app
      USING (EXISTS (SELECT 1 FROM forecast_series s WHERE s.id = series_id))$p$, t || '_read', t);
    EXECUTE format($p$CREATE POLICY %I ON %I FOR ALL TO passage_app
      USING (EXISTS (SELECT 1 FROM forecast_series s WHERE s.id = series_id
        AND s.dialogue_id = ANY(app_secretariat_dialogues())))
      WITH CHECK (EXISTS (SELECT 1 FROM forecast_series s WHERE s.id = series_id
        AND s.dialogue_id = ANY(app_secretariat_dialogues())))$p$, t || '_write', t);
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO passage_app', t);
  END LOOP;
  -- Migration 0002 grants every new table to passage_app by default: requests may only add jobs.
  REVOKE SELECT, UPDATE, DELETE ON jobs FROM passage_app;
  -- (ON CONFLICT needs to read the columns of its arbiter index.)
  GRANT INSERT, SELECT (name, singleton_key, status) ON jobs TO passage_app;
END $$;
