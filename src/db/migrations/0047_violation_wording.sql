-- A rule run's violations (validation_violations, migration 0021) keep what a submission's findings keep since
-- 0038 (issue 22, errors in the user's language): the code of the sentence, its parameters and the detail (the
-- rule's expression and the values it saw), so the run's page and its CSV are worded in each reader's
-- language. Null for violations stored before: they keep their English text.
ALTER TABLE validation_violations ADD COLUMN wording jsonb;
