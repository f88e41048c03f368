-- A finding's wording besides its English sentence (issue 22, errors in the user's language): the code of
-- the sentence, its parameters and the detail (the rule's expression and the values it saw), so a submitted
-- submission's findings are worded in each reader's language. Null for findings stored before.
ALTER TABLE submission_findings ADD COLUMN wording jsonb;
