-- Observer organisations submitting on behalf of states (issue 22, "the secretariat (or an observer organisation
-- allowed to submit on behalf of states) can import one file with several reporters"). The secretariat allows
-- an observer organisation of the dialogue (dialogue_observers) to submit figures for named member states; the
-- organisation's data providers then import, fill and submit those states' drafts as the states' own data
-- providers do (src/modules/observations/observations.policy.ts `write`), and read them while unpublished.
-- A grant is part of the actor (src/modules/identity/auth: submitsFor) and of the row-level security
-- settings (src/db/with-actor.ts: passage.submits_for, "dialogue:ISO3" pairs for the dialogues where the
-- actor is a data provider).
CREATE TABLE submission_grants (
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  granted_by integer REFERENCES users (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dialogue_id, organisation_id, reporter_iso3)
);
CREATE INDEX submission_grants_org_idx ON submission_grants (organisation_id);

ALTER TABLE submission_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE submission_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY submission_grants_read ON submission_grants FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()) OR organisation_id = app_org_id());
CREATE POLICY submission_grants_insert ON submission_grants FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY submission_grants_delete ON submission_grants FOR DELETE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));
-- The owner reads the grants when it builds an actor (a session, a token, a job acting as a user).
DO $$ BEGIN
  EXECUTE format('CREATE POLICY submission_grants_owner ON submission_grants TO %I USING (true) WITH CHECK (true)',
    current_user);
END $$;
GRANT SELECT, INSERT, DELETE ON submission_grants TO passage_app;

-- The pairs of the acting user's grants, "dialogue:ISO3" (empty for most).
CREATE FUNCTION app_submits_for() RETURNS text[]
  LANGUAGE sql STABLE AS $$ SELECT coalesce(nullif(current_setting('passage.submits_for', true), '')::text[], '{}') $$;

-- The granted organisation's data providers read, write and submit the states' unpublished figures and
-- submissions, as the states' own providers do (policies OR-ed with those of migrations 0002 and 0003).
CREATE POLICY observations_granted_read ON observations FOR SELECT TO passage_app
  USING (cardinality(app_submits_for()) > 0 AND (dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()));
CREATE POLICY observations_granted_insert ON observations FOR INSERT TO passage_app
  WITH CHECK ((dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()));
CREATE POLICY observations_granted_update ON observations FOR UPDATE TO passage_app
  USING (cardinality(app_submits_for()) > 0 AND (dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()))
  WITH CHECK ((dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()));
CREATE POLICY submissions_granted_read ON submissions FOR SELECT TO passage_app
  USING (cardinality(app_submits_for()) > 0 AND (dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()));
CREATE POLICY submissions_granted_insert ON submissions FOR INSERT TO passage_app
  WITH CHECK ((dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()));
CREATE POLICY submissions_granted_update ON submissions FOR UPDATE TO passage_app
  USING (cardinality(app_submits_for()) > 0 AND (dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()))
  WITH CHECK ((dialogue_id || ':' || reporter_iso3) = ANY(app_submits_for()));
