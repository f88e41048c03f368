-- Who was a member of a dialogue when (issue 20; src/modules/members). Completeness, calendars and what a state
-- may see depend on it, so membership is a history of periods, never rewritten:
--   * dialogue_memberships: one row per period of a member state or an observer organisation, from joined_on to
--     left_on (null while it lasts). Removing a member sets left_on; rows are never deleted.
--   * dialogue_states / dialogue_observers (0001) stay what every query reads as "the current members": the
--     members service writes both in one transaction; a row written straight into them (the demo seed, test
--     factories, older code) opens a period here by trigger, so the history is complete whoever writes.
--   * Kosovo: one code. XKX (used by Eurostat and Frontex, and by the shipped country-codes table) is kept; XKK
--     (i18n-iso-countries' user-assigned code) is mapped to XKX on import (src/domain/observations/country-codes.ts)
--     and dropped from the reference table unless something already refers to it.

CREATE TABLE dialogue_memberships (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  kind text NOT NULL CHECK (kind IN ('state', 'observer')),
  country_iso3 char(3) REFERENCES countries (iso3),
  organisation_id integer REFERENCES organisations (id),
  joined_on date NOT NULL,
  left_on date,
  added_by integer REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  removed_by integer REFERENCES users (id),
  removed_at timestamptz,
  removal_reason text,
  CHECK ((kind = 'state') = (country_iso3 IS NOT NULL)),
  CHECK ((kind = 'observer') = (organisation_id IS NOT NULL)),
  CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE UNIQUE INDEX dialogue_memberships_open_state ON dialogue_memberships (dialogue_id, country_iso3)
  WHERE kind = 'state' AND left_on IS NULL;
CREATE UNIQUE INDEX dialogue_memberships_open_observer ON dialogue_memberships (dialogue_id, organisation_id)
  WHERE kind = 'observer' AND left_on IS NULL;
CREATE INDEX dialogue_memberships_dialogue_idx ON dialogue_memberships (dialogue_id, kind);

INSERT INTO dialogue_memberships (dialogue_id, kind, country_iso3, joined_on)
  SELECT s.dialogue_id, 'state', s.country_iso3, coalesce(s.joined_on, d.created_at::date)
  FROM dialogue_states s JOIN dialogues d ON d.id = s.dialogue_id;
INSERT INTO dialogue_memberships (dialogue_id, kind, organisation_id, joined_on)
  SELECT x.dialogue_id, 'observer', x.organisation_id, d.created_at::date
  FROM dialogue_observers x JOIN dialogues d ON d.id = x.dialogue_id;

CREATE FUNCTION open_membership_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'dialogue_states' THEN
    INSERT INTO dialogue_memberships (dialogue_id, kind, country_iso3, joined_on)
      SELECT NEW.dialogue_id, 'state', NEW.country_iso3, coalesce(NEW.joined_on, current_date)
      WHERE NOT EXISTS (SELECT 1 FROM dialogue_memberships m WHERE m.dialogue_id = NEW.dialogue_id
        AND m.kind = 'state' AND m.country_iso3 = NEW.country_iso3 AND m.left_on IS NULL);
  ELSE
    INSERT INTO dialogue_memberships (dialogue_id, kind, organisation_id, joined_on)
      SELECT NEW.dialogue_id, 'observer', NEW.organisation_id, current_date
      WHERE NOT EXISTS (SELECT 1 FROM dialogue_memberships m WHERE m.dialogue_id = NEW.dialogue_id
        AND m.kind = 'observer' AND m.organisation_id = NEW.organisation_id AND m.left_on IS NULL);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER dialogue_states_open_period AFTER INSERT ON dialogue_states
  FOR EACH ROW EXECUTE FUNCTION open_membership_period();
CREATE TRIGGER dialogue_observers_open_period AFTER INSERT ON dialogue_observers
  FOR EACH ROW EXECUTE FUNCTION open_membership_period();

CREATE FUNCTION dialogue_memberships_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dialogue_memberships keeps the history: % refused (set left_on instead)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER dialogue_memberships_no_delete BEFORE DELETE ON dialogue_memberships
  FOR EACH ROW EXECUTE FUNCTION dialogue_memberships_refuse_delete();
CREATE TRIGGER dialogue_memberships_no_truncate BEFORE TRUNCATE ON dialogue_memberships
  FOR EACH STATEMENT EXECUTE FUNCTION dialogue_memberships_refuse_delete();

GRANT SELECT, INSERT, UPDATE ON dialogue_memberships TO passage_app;
REVOKE DELETE, TRUNCATE ON dialogue_memberships FROM passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;

-- Kosovo under one code: drop XKK unless a record refers to it (then it stays, and is still mapped on import).
DO $$
BEGIN
  DELETE FROM countries WHERE iso3 = 'XKK';
EXCEPTION WHEN foreign_key_violation THEN
  RAISE NOTICE 'country XKK is referenced; kept (new data is mapped to XKX)';
END $$;
