-- Access control in the database as well as in the services:
--   * passage_app: the role every request runs as (SET LOCAL ROLE in src/db/with-actor.ts). It cannot bypass
--     row-level security; the acting user's ids come in as transaction-local settings passage.*.
--   * row-level security on the tables holding classified content, mirroring canSee() in src/shared/visibility.ts.
--   * audit_log: append-only, hash-chained (hashes computed by src/domain/audit-chain.ts).
--   * login_attempts: failed logins per e-mail, for the lock-out (works across several API servers).
-- Migrations and seeding run as the owner, not as passage_app.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'passage_app') THEN
    CREATE ROLE passage_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION
  -- Roles are per cluster: another database of the same cluster may have created it a moment ago.
  WHEN duplicate_object OR unique_violation THEN NULL;
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'Passage needs the role passage_app. Create it once as a superuser: CREATE ROLE passage_app NOLOGIN; GRANT passage_app TO %;', current_user;
END $$;

DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'passage_app', 'MEMBER') THEN
    EXECUTE format('GRANT passage_app TO %I', current_user);
  END IF;
END $$;

-- Settings of the acting user, set per transaction with set_config(…, true). Unset or empty = anonymous.
CREATE FUNCTION app_setting_int(key text) RETURNS integer
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting(key, true), '')::integer $$;
CREATE FUNCTION app_setting_ints(key text) RETURNS integer[]
  LANGUAGE sql STABLE AS $$ SELECT coalesce(nullif(current_setting(key, true), '')::integer[], '{}') $$;
CREATE FUNCTION app_user_id() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT app_setting_int('passage.user_id') $$;
CREATE FUNCTION app_org_id() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT app_setting_int('passage.org_id') $$;
CREATE FUNCTION app_country() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('passage.country_iso3', true), '') $$;
CREATE FUNCTION app_member_dialogues() RETURNS integer[]
  LANGUAGE sql STABLE AS $$ SELECT app_setting_ints('passage.member_dialogues') $$;
CREATE FUNCTION app_secretariat_dialogues() RETURNS integer[]
  LANGUAGE sql STABLE AS $$ SELECT app_setting_ints('passage.secretariat_dialogues') $$;
CREATE FUNCTION app_provider_dialogues() RETURNS integer[]
  LANGUAGE sql STABLE AS $$ SELECT app_setting_ints('passage.provider_dialogues') $$;

-- canSee() in SQL: public < dialogue (members) < restricted (named organisations) < originator
-- (the originating organisation and the secretariat).
CREATE FUNCTION app_can_see(
  p_dialogue integer, p_classification classification, p_originator integer, p_shared integer[]
) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p_classification = 'public' OR coalesce(p_dialogue = ANY(app_member_dialogues()) AND (
    p_classification = 'dialogue'
    OR p_dialogue = ANY(app_secretariat_dialogues())
    OR p_originator = app_org_id()
    OR (p_classification = 'restricted' AND app_org_id() = ANY(p_shared))), false)
$$;

-- Routes and indicators: read per classification; written by the dialogue's secretariat only.
ALTER TABLE routes ENABLE ROW LEVEL SECURITY;
ALTER TABLE routes FORCE ROW LEVEL SECURITY;
CREATE POLICY routes_read ON routes FOR SELECT TO passage_app
  USING (app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY routes_insert ON routes FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY routes_update ON routes FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues())) WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY routes_delete ON routes FOR DELETE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE indicators ENABLE ROW LEVEL SECURITY;
ALTER TABLE indicators FORCE ROW LEVEL SECURITY;
CREATE POLICY indicators_read ON indicators FOR SELECT TO passage_app
  USING (app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY indicators_insert ON indicators FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY indicators_update ON indicators FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues())) WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY indicators_delete ON indicators FOR DELETE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));

-- Observations: the originator is the reporting state's organisation (its country = reporter_iso3).
-- Published: public to all; dialogue to members; restricted/originator to the reporter and the secretariat.
-- Not yet published: only the reporter and the secretariat. Never deleted (revisions supersede).
ALTER TABLE observations ENABLE ROW LEVEL SECURITY;
ALTER TABLE observations FORCE ROW LEVEL SECURITY;
CREATE POLICY observations_read ON observations FOR SELECT TO passage_app USING (
  dialogue_id = ANY(app_secretariat_dialogues())
  OR (dialogue_id = ANY(app_member_dialogues()) AND reporter_iso3 = app_country())
  OR (status = 'published' AND (classification = 'public'
      OR (classification = 'dialogue' AND dialogue_id = ANY(app_member_dialogues())))));
CREATE POLICY observations_insert ON observations FOR INSERT TO passage_app WITH CHECK (
  dialogue_id = ANY(app_secretariat_dialogues())
  OR (dialogue_id = ANY(app_provider_dialogues()) AND reporter_iso3 = app_country()));
CREATE POLICY observations_update ON observations FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_provider_dialogues()) AND reporter_iso3 = app_country()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_provider_dialogues()) AND reporter_iso3 = app_country()));

-- The owner (migrations, seeding, reference sync) keeps full access explicitly, since FORCE applies to it too.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['routes', 'indicators', 'observations'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;

-- Audit log: one row per login, permission change, data change, publication, export of restricted data.
CREATE TABLE audit_log (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_user_id integer,             -- no foreign keys: the log outlives what it mentions
  actor_org_id integer,
  action text NOT NULL,              -- e.g. auth.login, auth.login_failed, membership.grant, observation.publish
  target_type text,
  target_id text,
  dialogue_id integer,
  details jsonb NOT NULL DEFAULT '{}',
  ip text,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_dialogue_idx ON audit_log (dialogue_id, at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Logins tried per e-mail (lower case), for the lock-out after repeated failures.
CREATE TABLE login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text,
  is_success boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);

-- Privileges of passage_app: read everything, write data; the audit log only grows; later tables too.
GRANT USAGE ON SCHEMA public TO passage_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO passage_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO passage_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM passage_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM passage_app;
