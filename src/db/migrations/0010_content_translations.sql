-- Translatable content (issue 7). One representation for every text people write in several languages:
--   * a jsonb map language → text, e.g. {"en": "Western Balkans", "fr": "Balkans occidentaux"}
--     (keys are BCP 47 language tags; a missing key means "not translated yet"),
--   * the record's source language (source_language), whose entry is the original the others translate.
-- Indicators already kept name/description as such maps. Dialogues and routes keep their plain name and
-- description columns (the source-language text, read by many queries) next to the maps; a trigger keeps
-- the two in step whichever one a statement writes.
-- Every edit made through the translations API appends a row to translation_revisions (append-only), so
-- nothing is overwritten silently, and it is in the audit log as well.

ALTER TABLE dialogues
  ADD COLUMN source_language text NOT NULL DEFAULT 'en',
  ADD COLUMN name_i18n jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN description_i18n jsonb NOT NULL DEFAULT '{}';
ALTER TABLE routes
  ADD COLUMN source_language text NOT NULL DEFAULT 'en',
  ADD COLUMN name_i18n jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN description_i18n jsonb NOT NULL DEFAULT '{}';
ALTER TABLE indicators
  ADD COLUMN source_language text NOT NULL DEFAULT 'en';

UPDATE dialogues SET name_i18n = jsonb_build_object(source_language, name),
  description_i18n = CASE WHEN description = '' THEN '{}'::jsonb ELSE jsonb_build_object(source_language, description) END;
UPDATE routes SET name_i18n = jsonb_build_object(source_language, name),
  description_i18n = CASE WHEN description = '' THEN '{}'::jsonb ELSE jsonb_build_object(source_language, description) END;

ALTER TABLE dialogues ADD CONSTRAINT dialogues_i18n_objects
  CHECK (jsonb_typeof(name_i18n) = 'object' AND jsonb_typeof(description_i18n) = 'object');
ALTER TABLE routes ADD CONSTRAINT routes_i18n_objects
  CHECK (jsonb_typeof(name_i18n) = 'object' AND jsonb_typeof(description_i18n) = 'object');

-- Keeps name/description (source-language text) and name_i18n/description_i18n in step on dialogues and routes.
-- A statement that changes the map wins (the plain column is copied from the map's source entry); a statement
-- that changes only the plain column (older code, the demo seed) updates the map's source entry.
CREATE FUNCTION sync_translated_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.name_i18n IS DISTINCT FROM OLD.name_i18n THEN
    NEW.name := coalesce(NEW.name_i18n ->> NEW.source_language, NEW.name);
  ELSIF TG_OP = 'INSERT' AND NEW.name_i18n ? NEW.source_language THEN
    NEW.name := NEW.name_i18n ->> NEW.source_language;
  ELSE
    NEW.name_i18n := NEW.name_i18n || jsonb_build_object(NEW.source_language, NEW.name);
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.description_i18n IS DISTINCT FROM OLD.description_i18n THEN
    NEW.description := coalesce(NEW.description_i18n ->> NEW.source_language, '');
  ELSIF TG_OP = 'INSERT' AND NEW.description_i18n ? NEW.source_language THEN
    NEW.description := NEW.description_i18n ->> NEW.source_language;
  ELSIF NEW.description = '' THEN
    NEW.description_i18n := NEW.description_i18n - NEW.source_language;
  ELSE
    NEW.description_i18n := NEW.description_i18n || jsonb_build_object(NEW.source_language, NEW.description);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER dialogues_sync_translated_text BEFORE INSERT OR UPDATE ON dialogues
  FOR EACH ROW EXECUTE FUNCTION sync_translated_text();
CREATE TRIGGER routes_sync_translated_text BEFORE INSERT OR UPDATE ON routes
  FOR EACH ROW EXECUTE FUNCTION sync_translated_text();

-- One row per edit of one field in one language (text null: the translation was removed).
CREATE TABLE translation_revisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  entity text NOT NULL CHECK (entity IN ('dialogue', 'route', 'indicator')),
  entity_id integer NOT NULL,
  field text NOT NULL CHECK (field IN ('name', 'description')),
  language text NOT NULL,
  revision integer NOT NULL CHECK (revision >= 1),
  text text,
  previous_text text,
  edited_by integer REFERENCES users (id),
  edited_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity, entity_id, field, language, revision)
);
CREATE INDEX translation_revisions_dialogue_idx ON translation_revisions (dialogue_id, edited_at);

-- Read and written by the dialogue's secretariat only; never changed afterwards.
ALTER TABLE translation_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE translation_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY translation_revisions_read ON translation_revisions FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY translation_revisions_insert ON translation_revisions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
DO $$
BEGIN
  EXECUTE format('CREATE POLICY translation_revisions_owner ON translation_revisions TO %I USING (true) WITH CHECK (true)',
    current_user);
END $$;
GRANT SELECT, INSERT ON translation_revisions TO passage_app;
REVOKE UPDATE, DELETE, TRUNCATE ON translation_revisions FROM passage_app;
