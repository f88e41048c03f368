-- Validation rules from the web (docs/exchange.md, src/modules/validation-rules): a rule may be written
-- DHIS2-style as left side, operator, right side; it applies to a list of indicators (empty = all) and to
-- figures whose breakdown codes are in a filter ({"citizenship": ["_T"]} = citizenship totals only); every
-- version is kept; the secretariat re-runs the rules over published figures (job 'validation-rules.run') and
-- keeps what each run found.

ALTER TABLE validation_rules
  ADD COLUMN left_side text,
  ADD COLUMN operator text CHECK (operator IN ('==', '!=', '<', '<=', '>', '>=')),
  ADD COLUMN right_side text,
  ADD COLUMN indicator_codes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN breakdown_filter jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT validation_rules_sides CHECK (
    (left_side IS NULL AND operator IS NULL AND right_side IS NULL)
    OR (left_side IS NOT NULL AND operator IS NOT NULL AND right_side IS NOT NULL));
UPDATE validation_rules SET indicator_codes = ARRAY[indicator_code] WHERE indicator_code IS NOT NULL;

-- Every version of a rule as it stood after each change (append-only).
CREATE TABLE validation_rule_revisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id integer NOT NULL REFERENCES validation_rules (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  revision integer NOT NULL,
  data jsonb NOT NULL,
  edited_by integer REFERENCES users (id),
  edited_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, revision)
);
INSERT INTO validation_rule_revisions (rule_id, dialogue_id, revision, data, edited_by, edited_at)
SELECT id, dialogue_id, 1, jsonb_build_object('name', name, 'kind', kind, 'expression', expression,
    'severity', severity, 'params', params, 'message', message, 'isEnabled', is_enabled,
    'indicators', to_jsonb(indicator_codes)), created_by, created_at
FROM validation_rules;

-- A re-run of the rules over the published figures of a range of months, and what it found.
CREATE TABLE validation_runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  from_period date NOT NULL,
  to_period date NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  figures_checked integer NOT NULL DEFAULT 0,
  violations integer NOT NULL DEFAULT 0,
  is_truncated boolean NOT NULL DEFAULT false,      -- more violations than were kept
  error text,
  requested_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  CHECK (to_period >= from_period)
);
CREATE INDEX validation_runs_dialogue_idx ON validation_runs (dialogue_id, created_at DESC);

CREATE TABLE validation_violations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id integer NOT NULL REFERENCES validation_runs (id) ON DELETE CASCADE,
  rule_key text NOT NULL,
  rule_name text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('error', 'warning')),
  observation_id bigint,
  indicator text NOT NULL,
  reporter_iso3 char(3) NOT NULL,
  period date NOT NULL,
  breakdowns jsonb NOT NULL,
  value numeric,
  message text NOT NULL
);
CREATE INDEX validation_violations_run_idx ON validation_violations (run_id, id);
CREATE INDEX validation_violations_rule_idx ON validation_violations (run_id, rule_key);

ALTER TABLE validation_rule_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE validation_rule_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY validation_rule_revisions_read ON validation_rule_revisions FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY validation_rule_revisions_insert ON validation_rule_revisions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

-- Runs and their violations are the secretariat's (a violation names a figure of any classification).
ALTER TABLE validation_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE validation_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY validation_runs_secretariat ON validation_runs TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE validation_violations ENABLE ROW LEVEL SECURITY;
ALTER TABLE validation_violations FORCE ROW LEVEL SECURITY;
CREATE POLICY validation_violations_read ON validation_violations FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM validation_runs r WHERE r.id = run_id));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['validation_rule_revisions', 'validation_runs', 'validation_violations'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;
GRANT SELECT, INSERT ON validation_rule_revisions, validation_runs TO passage_app;
GRANT SELECT ON validation_violations TO passage_app;
REVOKE UPDATE, DELETE, TRUNCATE ON validation_rule_revisions FROM passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;
