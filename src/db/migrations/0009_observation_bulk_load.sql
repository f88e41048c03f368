-- Bulk imports (src/modules/exchange/exchange.import.ts) write up to millions of observations with one
-- INSERT … SELECT. PostgreSQL checks a foreign key row by row: a lookup and a row lock per inserted row and per
-- key, which for the five keys of observations took about two thirds of an import. The same guarantees are now
-- given once per statement, on the distinct key values of the new rows:
--   * inserting: every dialogue, indicator, reporter, recording user and submission must exist, and is locked
--     FOR KEY SHARE until the transaction ends, exactly as a foreign key does (so it cannot vanish meanwhile);
--   * updating a key column of an observation (nothing does, but the database still refuses a dangling one);
--   * deleting a referenced row, or changing a country code, is refused while an observation refers to it
--     (ON DELETE NO ACTION, as before).
-- The functions run as their owner (SECURITY DEFINER) so row-level security does not hide the referenced
-- rows, as for a foreign key.

ALTER TABLE observations
  DROP CONSTRAINT IF EXISTS observations_dialogue_id_fkey,
  DROP CONSTRAINT IF EXISTS observations_indicator_id_fkey,
  DROP CONSTRAINT IF EXISTS observations_reporter_iso3_fkey,
  DROP CONSTRAINT IF EXISTS observations_recorded_by_fkey,
  DROP CONSTRAINT IF EXISTS observations_submission_id_fkey;

-- The first key of `keys` (distinct dialogue_id, indicator_id, reporter_iso3, recorded_by, submission_id)
-- whose row does not exist, after locking the rows that do; null when all are there.
CREATE FUNCTION observations_missing_reference(keys jsonb) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  missing text;
BEGIN
  WITH k AS (
    SELECT * FROM jsonb_to_recordset(keys)
      AS k(dialogue_id integer, indicator_id integer, reporter_iso3 text, recorded_by integer, submission_id integer)
  ), d AS (SELECT id FROM dialogues WHERE id IN (SELECT dialogue_id FROM k) FOR KEY SHARE),
  i AS (SELECT id FROM indicators WHERE id IN (SELECT indicator_id FROM k) FOR KEY SHARE),
  c AS (SELECT iso3 FROM countries WHERE iso3 IN (SELECT reporter_iso3::char(3) FROM k) FOR KEY SHARE),
  u AS (SELECT id FROM users WHERE id IN (SELECT recorded_by FROM k) FOR KEY SHARE),
  s AS (SELECT id FROM submissions WHERE id IN (SELECT submission_id FROM k) FOR KEY SHARE)
  SELECT coalesce(
    (SELECT format('dialogue_id=%s', dialogue_id) FROM k WHERE dialogue_id NOT IN (SELECT id FROM d) LIMIT 1),
    (SELECT format('indicator_id=%s', indicator_id) FROM k WHERE indicator_id NOT IN (SELECT id FROM i) LIMIT 1),
    (SELECT format('reporter_iso3=%s', reporter_iso3) FROM k
      WHERE reporter_iso3::char(3) NOT IN (SELECT iso3 FROM c) LIMIT 1),
    (SELECT format('recorded_by=%s', recorded_by) FROM k
      WHERE recorded_by IS NOT NULL AND recorded_by NOT IN (SELECT id FROM u) LIMIT 1),
    (SELECT format('submission_id=%s', submission_id) FROM k
      WHERE submission_id IS NOT NULL AND submission_id NOT IN (SELECT id FROM s) LIMIT 1))
  INTO missing;
  RETURN missing;
END $$;

CREATE FUNCTION observations_check_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  missing text;
BEGIN
  SELECT observations_missing_reference(coalesce(jsonb_agg(k), '[]')) INTO missing FROM (
    SELECT dialogue_id, indicator_id, reporter_iso3, recorded_by, submission_id FROM new_rows
    GROUP BY dialogue_id, indicator_id, reporter_iso3, recorded_by, submission_id) k;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert on table "observations" refers to a row that does not exist (%)', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION observations_check_updated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  missing text;
BEGIN
  missing := observations_missing_reference(jsonb_build_array(jsonb_build_object(
    'dialogue_id', NEW.dialogue_id, 'indicator_id', NEW.indicator_id, 'reporter_iso3', NEW.reporter_iso3,
    'recorded_by', NEW.recorded_by, 'submission_id', NEW.submission_id)));
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'update on table "observations" refers to a row that does not exist (%)', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER observations_references_insert AFTER INSERT ON observations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observations_check_inserted();
CREATE TRIGGER observations_references_update AFTER UPDATE ON observations FOR EACH ROW
  WHEN (OLD.dialogue_id IS DISTINCT FROM NEW.dialogue_id OR OLD.indicator_id IS DISTINCT FROM NEW.indicator_id
    OR OLD.reporter_iso3 IS DISTINCT FROM NEW.reporter_iso3 OR OLD.recorded_by IS DISTINCT FROM NEW.recorded_by
    OR OLD.submission_id IS DISTINCT FROM NEW.submission_id)
  EXECUTE FUNCTION observations_check_updated();

-- The referenced side: no delete (or country code change) while an observation refers to the row.
CREATE FUNCTION observations_restrict_referenced() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  is_used boolean;
BEGIN
  IF TG_TABLE_NAME = 'dialogues' THEN
    is_used := EXISTS (SELECT 1 FROM observations WHERE dialogue_id = OLD.id);
  ELSIF TG_TABLE_NAME = 'indicators' THEN
    is_used := EXISTS (SELECT 1 FROM observations WHERE indicator_id = OLD.id);
  ELSIF TG_TABLE_NAME = 'countries' THEN
    is_used := EXISTS (SELECT 1 FROM observations WHERE reporter_iso3 = OLD.iso3);
  ELSIF TG_TABLE_NAME = 'users' THEN
    is_used := EXISTS (SELECT 1 FROM observations WHERE recorded_by = OLD.id);
  ELSIF TG_TABLE_NAME = 'submissions' THEN
    is_used := EXISTS (SELECT 1 FROM observations WHERE submission_id = OLD.id);
  END IF;
  IF is_used THEN
    RAISE EXCEPTION '% on table "%" violates the reference from table "observations"', lower(TG_OP), TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER observations_referenced BEFORE DELETE ON dialogues
  FOR EACH ROW EXECUTE FUNCTION observations_restrict_referenced();
CREATE TRIGGER observations_referenced BEFORE DELETE ON indicators
  FOR EACH ROW EXECUTE FUNCTION observations_restrict_referenced();
CREATE TRIGGER observations_referenced BEFORE DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION observations_restrict_referenced();
CREATE TRIGGER observations_referenced BEFORE DELETE ON submissions
  FOR EACH ROW EXECUTE FUNCTION observations_restrict_referenced();
CREATE TRIGGER observations_referenced BEFORE DELETE ON countries
  FOR EACH ROW EXECUTE FUNCTION observations_restrict_referenced();
CREATE TRIGGER observations_referenced_code BEFORE UPDATE OF iso3 ON countries
  FOR EACH ROW WHEN (OLD.iso3 IS DISTINCT FROM NEW.iso3) EXECUTE FUNCTION observations_restrict_referenced();
