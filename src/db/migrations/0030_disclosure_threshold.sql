-- Disclosure control (issue 18): per dialogue, the smallest count published to callers who are not members of
-- the dialogue (SDMX REST API, public observation reads). Counts 0 < value < threshold are suppressed, with
-- secondary suppression (src/domain/disclosure). 0 or 1 turns small-count suppression off.
ALTER TABLE dialogues ADD COLUMN disclosure_threshold integer NOT NULL DEFAULT 5
  CHECK (disclosure_threshold >= 0 AND disclosure_threshold <= 1000);
