-- Rollup tables for the route dashboards (analytics module). Rebuilt per dialogue by
-- refreshAggregates(db, dialogueId, scope?) in src/modules/analytics/analytics.service.ts when data is published.
-- They hold only published, current observations (status 'published', superseded_at IS NULL) classified
-- 'public' or 'dialogue'; restricted and originator figures never enter an aggregate. The classification is
-- kept as a column so readers filter by it (anonymous: public; members: public + dialogue).

-- Totals per reporter, route and month: observations whose other breakdowns (citizenship, border type, sex,
-- age group, reason) are all the SDMX total '_T'. route = '_T' for indicators without a route breakdown.
CREATE TABLE obs_route_month (
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  route text NOT NULL,
  period date NOT NULL,
  reporter_iso3 char(3) NOT NULL,
  classification classification NOT NULL,
  value numeric,
  PRIMARY KEY (indicator_id, route, period, reporter_iso3, classification)
);

-- Citizenship breakdown per route and month, summed over reporters: observations with a citizenship and
-- every other breakdown (border type, sex, age group, reason) at '_T'.
CREATE TABLE obs_route_citizenship_month (
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  route text NOT NULL,
  citizenship text NOT NULL,
  period date NOT NULL,
  classification classification NOT NULL,
  value numeric,
  PRIMARY KEY (indicator_id, route, citizenship, period, classification)
);
-- Top citizenships of a route for a year scan one route's months, all citizenships.
CREATE INDEX obs_route_citizenship_month_period_idx ON obs_route_citizenship_month
  (indicator_id, route, period) INCLUDE (citizenship, classification, value);

-- "All figures of one reporter for one month" (reporter-month) reads current observations directly.
CREATE INDEX observations_reporter_period_idx ON observations (reporter_iso3, period)
  WHERE superseded_at IS NULL;

-- Row-level security on the rollups, with the access-control functions of migration 0002 (skipped where they
-- do not exist): members read public and dialogue rows of their dialogues, others public rows; the dialogue's
-- secretariat rebuilds them (refreshAggregates at publication); the owner keeps full access.
DO $$
DECLARE t text;
BEGIN
  IF to_regprocedure('app_member_dialogues()') IS NULL THEN RETURN; END IF;
  FOREACH t IN ARRAY ARRAY['obs_route_month', 'obs_route_citizenship_month'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I FOR SELECT TO passage_app USING (classification = 'public'
      OR (classification = 'dialogue' AND dialogue_id = ANY(app_member_dialogues())))$p$, t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO passage_app
      USING (dialogue_id = ANY(app_secretariat_dialogues()))
      WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()))', t || '_write', t);
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO passage_app', t);
  END LOOP;
END $$;
