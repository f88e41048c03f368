-- Statistics exchange (src/modules/exchange): submissions and their workflow, validation rules as data,
-- the findings a submission was submitted with, and the link from each observation to its submission.
--
-- A submission is a batch from one reporter: draft -> submitted -> validated | returned -> published.
-- Its observations carry the same status. They stay out of the published series until the submission is
-- published: then the earlier current revision of each key gets superseded_at and the new row becomes current.

CREATE TABLE submissions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'validated', 'returned', 'published')),
  source text NOT NULL CHECK (source IN ('csv', 'sdmx-csv', 'xlsx', 'json', 'form')),
  file_name text,
  observation_count integer NOT NULL DEFAULT 0,
  created_by integer REFERENCES users (id),        -- null for a system import (CLI, benchmark)
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_by integer REFERENCES users (id),
  submitted_at timestamptz,
  decided_by integer REFERENCES users (id),        -- validated or returned by
  decided_at timestamptz,
  published_by integer REFERENCES users (id),
  published_at timestamptz
);
CREATE INDEX submissions_dialogue_idx ON submissions (dialogue_id, reporter_iso3, created_at);

-- Comments at each step of the workflow (action = the step it was made with).
CREATE TABLE submission_comments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id integer NOT NULL REFERENCES submissions (id),
  action text NOT NULL CHECK (action IN ('comment', 'submit', 'validate', 'return', 'publish')),
  author_id integer REFERENCES users (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_comments_submission_idx ON submission_comments (submission_id, created_at);

-- Validation rules, defined by the secretariat as data: an expression over one figure's context
-- (value, last_year, breakdown_sum, robust_z … see src/domain/rules) that must hold. indicator_code null =
-- every indicator of the dialogue.
CREATE TABLE validation_rules (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  indicator_code text,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'custom',
  expression text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('error', 'warning')),
  params jsonb NOT NULL DEFAULT '{}',
  message text,
  is_enabled boolean NOT NULL DEFAULT true,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX validation_rules_dialogue_idx ON validation_rules (dialogue_id);

-- What the rules found when the submission was submitted, with the provider's explanation of each warning.
CREATE TABLE submission_findings (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id integer NOT NULL REFERENCES submissions (id),
  finding_key text NOT NULL,
  rule_name text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('error', 'warning')),
  observation_id bigint,
  message text NOT NULL,
  comment text,
  UNIQUE (submission_id, finding_key)
);

-- Breakdowns of the standard indicators that had no column yet (PLACE, DOCUMENT_TYPE, FRAUD_TYPE,
-- RETURN_TYPE codelists); the submission an observation came with.
ALTER TABLE observations
  ADD COLUMN place text NOT NULL DEFAULT '_T',
  ADD COLUMN document_type text NOT NULL DEFAULT '_T',
  ADD COLUMN fraud_type text NOT NULL DEFAULT '_T',
  ADD COLUMN return_type text NOT NULL DEFAULT '_T',
  ADD COLUMN submission_id integer REFERENCES submissions (id);

-- One current published value per key, and one pending (not yet published) value per key and submission.
DROP INDEX observations_current_key;
CREATE UNIQUE INDEX observations_published_key ON observations
  (indicator_id, reporter_iso3, period, route, citizenship, border_type, sex, age_group, reason,
   place, document_type, fraud_type, return_type)
  WHERE superseded_at IS NULL AND status = 'published';
CREATE UNIQUE INDEX observations_pending_key ON observations
  (submission_id, indicator_id, reporter_iso3, period, route, citizenship, border_type, sex, age_group, reason,
   place, document_type, fraud_type, return_type)
  WHERE superseded_at IS NULL AND status <> 'published';
CREATE INDEX observations_submission_idx ON observations (submission_id) WHERE submission_id IS NOT NULL;

-- Row-level security (see 0002): the reporter's organisation and the secretariat see a submission and its
-- comments and findings; members of the dialogue read its rules; only the secretariat writes rules.
ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY submissions_read ON submissions FOR SELECT TO passage_app USING (
  dialogue_id = ANY(app_secretariat_dialogues())
  OR (dialogue_id = ANY(app_member_dialogues()) AND reporter_iso3 = app_country()));
CREATE POLICY submissions_insert ON submissions FOR INSERT TO passage_app WITH CHECK (
  dialogue_id = ANY(app_secretariat_dialogues())
  OR (dialogue_id = ANY(app_provider_dialogues()) AND reporter_iso3 = app_country()));
CREATE POLICY submissions_update ON submissions FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_provider_dialogues()) AND reporter_iso3 = app_country()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_provider_dialogues()) AND reporter_iso3 = app_country()));

ALTER TABLE submission_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE submission_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY submission_comments_all ON submission_comments TO passage_app
  USING (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))
  WITH CHECK (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id));

ALTER TABLE submission_findings ENABLE ROW LEVEL SECURITY;
ALTER TABLE submission_findings FORCE ROW LEVEL SECURITY;
CREATE POLICY submission_findings_all ON submission_findings TO passage_app
  USING (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))
  WITH CHECK (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id));

ALTER TABLE validation_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE validation_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY validation_rules_read ON validation_rules FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY validation_rules_write ON validation_rules FOR ALL TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['submissions', 'submission_comments', 'submission_findings', 'validation_rules'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON submissions, submission_comments, submission_findings, validation_rules TO passage_app;
GRANT DELETE ON validation_rules TO passage_app;
