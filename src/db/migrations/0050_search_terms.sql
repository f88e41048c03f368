-- What a search matches on moves out of search_items into search_terms (issue 16: search p95).
--
-- search_items has row-level security, and PostgreSQL applies a policy's condition before any condition of the
-- query that is not leakproof. The full-text match (tsvector @@ tsquery) is not leakproof, so under the policy
-- the GIN index could never be used: every search read and filtered the whole table (measured: 770 ms for 138
-- matches among 100,000 items as a member, against 3 ms for the same query by index). Marking the operator
-- leakproof needs a superuser, which a managed PostgreSQL does not give.
--
-- The typo fallback (pg_trgm's <% on titles) had the same fate: 440-850 ms for 100,000 items, 9-38 ms by index.
--
-- search_terms holds only what a search matches, filters and counts on: the lexemes (tsv), the title in lower
-- case for the typo fallback (its words are among the lexemes anyway), the facets (type, country, date,
-- language) and the visibility columns (dialogue, classification, originator, sharing). It has no body or
-- link, and no row-level security, so its GIN indexes are used. Every read applies visibleTo
-- (src/shared/visibility.ts) to it in SQL, as every list in Passage does; the titles, snippets and links of a
-- page of results are read from search_items under its policy, which stays the last line of defence there.
-- A trigger keeps it equal to search_items; a deleted item's terms go with it (ON DELETE CASCADE).

CREATE TABLE search_terms (
  id bigint PRIMARY KEY REFERENCES search_items (id) ON DELETE CASCADE,
  dialogue_id integer NOT NULL,
  classification classification NOT NULL,
  originator_org_id integer NOT NULL,
  shared_with_org_ids integer[] NOT NULL,
  item_type text NOT NULL,
  country char(3),
  item_date date,
  language text NOT NULL,
  title_key text NOT NULL,
  tsv tsvector NOT NULL
);

CREATE FUNCTION search_terms_of(i search_items) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(search_config(i.language), i.title), 'A')
    || setweight(to_tsvector(search_config(i.language), i.body), 'B')
    || setweight(to_tsvector('simple'::regconfig, i.title), 'C') $$;

CREATE FUNCTION search_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (id, dialogue_id, classification, originator_org_id, shared_with_org_ids, item_type,
      country, item_date, language, title_key, tsv)
    VALUES (NEW.id, NEW.dialogue_id, NEW.classification, NEW.originator_org_id, NEW.shared_with_org_ids,
      NEW.item_type, NEW.country, NEW.item_date, NEW.language, lower(NEW.title), search_terms_of(NEW))
    ON CONFLICT (id) DO UPDATE SET dialogue_id = EXCLUDED.dialogue_id,
      classification = EXCLUDED.classification, originator_org_id = EXCLUDED.originator_org_id,
      shared_with_org_ids = EXCLUDED.shared_with_org_ids, item_type = EXCLUDED.item_type,
      country = EXCLUDED.country, item_date = EXCLUDED.item_date, language = EXCLUDED.language,
      title_key = EXCLUDED.title_key, tsv = EXCLUDED.tsv;
  RETURN NULL;
END $$;

CREATE TRIGGER search_terms_sync AFTER INSERT OR UPDATE ON search_items
  FOR EACH ROW EXECUTE FUNCTION search_terms_sync();

INSERT INTO search_terms (id, dialogue_id, classification, originator_org_id, shared_with_org_ids, item_type,
    country, item_date, language, title_key, tsv)
  SELECT i.id, i.dialogue_id, i.classification, i.originator_org_id, i.shared_with_org_ids, i.item_type,
    i.country, i.item_date, i.language, lower(i.title), search_terms_of(i)
  FROM search_items i;

CREATE INDEX search_terms_tsv_idx ON search_terms USING gin (tsv);
CREATE INDEX search_terms_title_trgm_idx ON search_terms USING gin (title_key gin_trgm_ops);

-- The match no longer reads search_items: its own tsvector and the indexes that could not be used go.
DROP INDEX search_items_tsv_idx;
DROP INDEX search_items_title_trgm_idx;
ALTER TABLE search_items DROP COLUMN tsv;

-- Written by the trigger in the transaction of the module that indexes (as passage_app in a request).
GRANT SELECT, INSERT, UPDATE ON search_terms TO passage_app;
