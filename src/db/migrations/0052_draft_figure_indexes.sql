-- A draft figure maintains only the indexes a draft needs (issue 23: imports at storage speed).
--
-- Every row of observations went into five btrees: the primary key, observations_pending_key (the key of a
-- submission's figure, unique), observations_submission_idx, and two indexes that exist for reads of
-- published data: observations_dialogue_period_idx (dialogue, indicator, month: dashboards as of a date,
-- vintages, exports, SDMX, rules' history) and observations_reporter_period_idx (reporter-month). A figure is
-- written four times on its way to publication (import as draft, submit, validate, publish: each a new tuple
-- version, never a HOT update since `status` is in the indexes' predicates), so the two read indexes got four
-- entries per figure of which only the published one is ever read through them. Measured (2026-12-04, 2
-- cores, other work running, CPU time of the server for 241,920 figures): insert 2.01 s -> 1.44 s, submit
-- 4.32 s -> 3.28 s on native PostgreSQL; 3.55 s -> 2.59 s and 9.09 s -> 5.93 s on PGlite.
--
-- observations_dialogue_period_idx keeps every row but the current unpublished figures of a submission, which
-- observations_pending_key (leading submission_id) already indexes: published rows (current and superseded,
-- for vintages and histories), superseded unpublished revisions, and rows of no submission. Reads of pending
-- figures by dialogue (calendars: what was received; a figure's history as its reporter or the secretariat
-- sees it) take the published rows from this index and the pending ones through the dialogue's submissions
-- and observations_pending_key (src/modules/calendars/calendars.sql.ts,
-- src/modules/observations/observations.sql.ts). Their plans before and after: docs/observations-storage.md.
--
-- observations_reporter_period_idx serves reporter-month, which reads current published figures only.
--
-- Nothing else changes: the same rows, keys, uniqueness, revisions, row-level security and reference checks.

DROP INDEX observations_dialogue_period_idx;
CREATE INDEX observations_dialogue_period_idx ON observations (dialogue_id, indicator_id, period)
  WHERE status = 'published' OR superseded_at IS NOT NULL OR submission_id IS NULL;

DROP INDEX observations_reporter_period_idx;
CREATE INDEX observations_reporter_period_idx ON observations (reporter_iso3, period)
  WHERE superseded_at IS NULL AND status = 'published';
