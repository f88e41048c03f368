-- Imports of the files states really have (issue 22). Code: src/modules/import-mappings,
-- src/domain/import-mapping, the mapped path of src/modules/observations/observations.import.ts.
--
-- A saved import mapping is named per dialogue, for the whole dialogue (reporter_iso3 null) or for one
-- reporting state. `import_mappings` holds the current version; every version is a row of
-- import_mapping_revisions (nothing is overwritten). The mapping itself is JSON (the ImportMapping of
-- src/domain/import-mapping/mapping.ts: the header it was made for, each column's role, fixed values and the
-- confirmed labels), checked by the service before it is stored.
CREATE TABLE import_mappings (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  reporter_iso3 char(3) REFERENCES countries (iso3),
  mapping jsonb NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  classification classification NOT NULL DEFAULT 'dialogue',
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, name)
);

CREATE TABLE import_mapping_revisions (
  mapping_id integer NOT NULL REFERENCES import_mappings (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  mapping jsonb NOT NULL,
  reporter_iso3 char(3) REFERENCES countries (iso3),
  user_id integer REFERENCES users (id),
  organisation_id integer REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mapping_id, revision)
);

-- A historical load: the secretariat loads past years outside a state's reporting calendar (audited).
ALTER TABLE submissions ADD COLUMN historical_load boolean NOT NULL DEFAULT false;

-- Where a dialogue says totals must be reported, a file with the parts of an additive breakdown but no total
-- is refused; otherwise the import derives the total (marked in its comment).
ALTER TABLE dialogues ADD COLUMN reported_totals_required boolean NOT NULL DEFAULT false;

-- Row-level security: the members who import (the service's rules again). A state's mapping is seen by that
-- state's members and the secretariat; a dialogue-wide one by every member.
ALTER TABLE import_mappings ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_mappings FORCE ROW LEVEL SECURITY;
CREATE POLICY import_mappings_read ON import_mappings FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND (reporter_iso3 IS NULL OR reporter_iso3 = app_country()
    OR dialogue_id = ANY(app_secretariat_dialogues())));
CREATE POLICY import_mappings_insert ON import_mappings FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND originator_org_id = app_org_id());
CREATE POLICY import_mappings_update ON import_mappings FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND (reporter_iso3 IS NULL OR reporter_iso3 = app_country()
    OR dialogue_id = ANY(app_secretariat_dialogues())))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE import_mapping_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_mapping_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY import_mapping_revisions_read ON import_mapping_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM import_mappings m WHERE m.id = mapping_id));
CREATE POLICY import_mapping_revisions_insert ON import_mapping_revisions FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id()
    AND dialogue_id = ANY(app_member_dialogues()));

GRANT SELECT, INSERT, UPDATE ON import_mappings TO passage_app;
GRANT SELECT, INSERT ON import_mapping_revisions TO passage_app;
