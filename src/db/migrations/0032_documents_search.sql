-- Document library and one search across Passage (issue 16, first part). Code: src/modules/documents,
-- src/modules/search, src/domain/documents, src/domain/search.
--
-- A document is one entry of the library (title, kind, classification, dialogue); each upload of a file is a
-- row of document_files (revision 1, 2, …: a new version never replaces the old one), holding the bytes
-- (bytea) and the text extracted for search, written in the same transaction as the document row. Language
-- versions of one text share a document_group (the first document's id): the library shows them together.
--
-- search_items holds one row per searchable record of every module (documents, notices, indicators, routes,
-- alerts, and the knowledge-base modules later), fed by each module through the search service
-- (src/modules/search/search.service.ts: indexItem / removeItem). It repeats the record's dialogue,
-- classification, originator and sharing so the visibility rule (src/shared/visibility.ts) filters results,
-- counts and facets in SQL; `tsv` is built with the text search configuration of the item's language.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE documents (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  document_group integer,
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  author_id integer NOT NULL REFERENCES users (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  titles jsonb NOT NULL DEFAULT '{}',
  kind text NOT NULL CHECK (kind IN ('declaration', 'report', 'meeting_document', 'other')),
  language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
  document_date date,
  classification classification NOT NULL DEFAULT 'dialogue',
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (classification <> 'restricted' OR cardinality(shared_with_org_ids) > 0)
);
CREATE INDEX documents_dialogue_idx ON documents (dialogue_id, updated_at DESC);
CREATE INDEX documents_group_idx ON documents (document_group);

CREATE TABLE document_files (
  document_id integer NOT NULL REFERENCES documents (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  format text NOT NULL CHECK (format IN ('pdf', 'docx', 'xlsx', 'odt', 'text')),
  byte_size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  extracted_text text NOT NULL,
  note text NOT NULL DEFAULT '',
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, revision),
  CHECK (octet_length(content) = byte_size)
);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_read ON documents FOR SELECT TO passage_app
  USING (app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY documents_insert ON documents FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND originator_org_id = app_org_id()
    AND author_id = app_user_id());
CREATE POLICY documents_update ON documents FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND (originator_org_id = app_org_id() OR dialogue_id = ANY(app_secretariat_dialogues())))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE document_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_files FORCE ROW LEVEL SECURITY;
CREATE POLICY document_files_read ON document_files FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id));
CREATE POLICY document_files_insert ON document_files FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id()
    AND dialogue_id = ANY(app_member_dialogues()));
GRANT SELECT, INSERT, UPDATE ON documents TO passage_app;
GRANT SELECT, INSERT ON document_files TO passage_app;

-- The text search configuration of a language code (ISO 639-1): english, french, russian, else simple.
CREATE FUNCTION search_config(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE language WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig
    WHEN 'ru' THEN 'russian'::regconfig ELSE 'simple'::regconfig END $$;

CREATE TABLE search_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_type text NOT NULL CHECK (item_type ~ '^[a-z][a-z_]{1,40}$'),
  record_id text NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  classification classification NOT NULL,
  originator_org_id integer NOT NULL,
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  country char(3),
  item_date date,
  language text NOT NULL DEFAULT 'en',
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(search_config(language), title), 'A')
    || setweight(to_tsvector(search_config(language), body), 'B')
    || setweight(to_tsvector('simple'::regconfig, title), 'C')) STORED,
  UNIQUE (item_type, record_id)
);
CREATE INDEX search_items_tsv_idx ON search_items USING gin (tsv);
CREATE INDEX search_items_title_trgm_idx ON search_items USING gin (lower(title) gin_trgm_ops);
CREATE INDEX search_items_dialogue_idx ON search_items (dialogue_id);

-- Search is read by requests as passage_app (visibility again, as everywhere); indexing runs in the module's
-- transaction, as the actor who changed the record, or as the owner (jobs, seeding, reindexing).
ALTER TABLE search_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_items FORCE ROW LEVEL SECURITY;
CREATE POLICY search_items_read ON search_items FOR SELECT TO passage_app
  USING (app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY search_items_write ON search_items FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY search_items_update ON search_items FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())) WITH CHECK (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY search_items_delete ON search_items FOR DELETE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
GRANT SELECT, INSERT, UPDATE, DELETE ON search_items TO passage_app;
