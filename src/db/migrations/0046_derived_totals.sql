-- A total Passage derived itself (issue 22, "Passage derives the total (marked as derived, shown as such)"):
-- the mapped import adds the sum of an additive breakdown's parts where a file has the parts but no total
-- (src/modules/observations/observations.staging.sql.ts deriveStagedTotals). Until now such a total was
-- marked in its comment only; the flag is what the API, the web app and the exports read. A revision entered
-- by hand over a derived total is a reported figure again (the column's default).
ALTER TABLE observations ADD COLUMN derived boolean NOT NULL DEFAULT false;

-- Totals derived before the flag existed carry the importer's comment.
UPDATE observations SET derived = true
  WHERE comment LIKE 'derived total: the sum of % parts by %' AND submission_id IS NOT NULL;
