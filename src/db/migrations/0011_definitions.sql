-- Secretariat definitions (src/modules/definitions): indicators and routes edited through the API with
-- optimistic concurrency (a revision number per record, 409 on a stale one) and every version kept in
-- definition_revisions; reporting calendars saying which member state reports which indicator from which
-- month, with its monthly deadline.
--
-- Names stay in the translatable representation of 0010 (indicators.name, routes.name_i18n + source_language).

ALTER TABLE indicators
  ADD COLUMN additive_breakdowns text[] NOT NULL DEFAULT '{}',   -- breakdowns whose codes add up to the total
  ADD COLUMN valid_to date,                                      -- retired: no figures expected after this day
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT indicators_additive_within_breakdowns CHECK (additive_breakdowns <@ breakdowns);

ALTER TABLE routes
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Every version of an indicator, a route or a calendar entry as it stood after each change (append-only).
CREATE TABLE definition_revisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  entity text NOT NULL CHECK (entity IN ('indicator', 'route', 'calendar')),
  entity_id integer NOT NULL,
  revision integer NOT NULL CHECK (revision >= 1),
  action text NOT NULL CHECK (action IN ('create', 'update', 'retire', 'delete')),
  data jsonb NOT NULL,
  edited_by integer REFERENCES users (id),
  edited_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity, entity_id, revision)
);
CREATE INDEX definition_revisions_dialogue_idx ON definition_revisions (dialogue_id, edited_at);

-- Which member state reports which indicator, from which month (to which), and by which day of the following
-- month. A dialogue with no rows here has an open calendar: any period is accepted.
CREATE TABLE reporting_calendars (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  from_period date NOT NULL CHECK (extract(day FROM from_period) = 1),
  to_period date CHECK (extract(day FROM to_period) = 1),
  deadline_day smallint NOT NULL DEFAULT 15 CHECK (deadline_day BETWEEN 1 AND 28),
  revision integer NOT NULL DEFAULT 1,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, reporter_iso3, indicator_id),
  CHECK (to_period IS NULL OR to_period >= from_period)
);
CREATE INDEX reporting_calendars_indicator_idx ON reporting_calendars (indicator_id);

-- Members read the calendar (providers need their deadlines); the secretariat writes it and reads/writes the
-- revisions, which are never changed afterwards.
ALTER TABLE reporting_calendars ENABLE ROW LEVEL SECURITY;
ALTER TABLE reporting_calendars FORCE ROW LEVEL SECURITY;
CREATE POLICY reporting_calendars_read ON reporting_calendars FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY reporting_calendars_write ON reporting_calendars FOR ALL TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE definition_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE definition_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY definition_revisions_read ON definition_revisions FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY definition_revisions_insert ON definition_revisions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reporting_calendars', 'definition_revisions'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON reporting_calendars TO passage_app;
GRANT SELECT, INSERT ON definition_revisions TO passage_app;
REVOKE UPDATE, DELETE, TRUNCATE ON definition_revisions FROM passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;
