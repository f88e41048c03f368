-- Embargoed releases (issue 18). Code: src/modules/submissions (submissions.release.ts), the portal's release
-- calendar (src/modules/portal).
--
-- A validated submission may be scheduled for publication at a date-time, with the IANA time zone it was set
-- in (the calendar shows it). Until then its figures stay unpublished (status 'validated'), so every API,
-- export, vintage, search, forecast, SDMX answer and the portal leave them out, and only the reporter and the
-- secretariat read them (observations_read). At the time, the job `submissions.release` publishes it once:
-- it locks this row, publishes only while released_at and cancelled_at are null and the submission is still
-- validated, and sets released_at in the same transaction, so a second job or server finds it done.
-- What the calendar lists (reporter, indicators, months) is copied here at scheduling time: the calendar is
-- public and reads no unpublished figure. One row per schedule; a cancelled or released row is kept.

CREATE TABLE scheduled_releases (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id integer NOT NULL REFERENCES submissions (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  release_at timestamptz NOT NULL,
  time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  indicators text[] NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  scheduled_by integer NOT NULL REFERENCES users (id),
  scheduled_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  cancelled_at timestamptz,
  outcome text,
  CHECK (released_at IS NULL OR cancelled_at IS NULL)
);
-- At most one pending schedule per submission.
CREATE UNIQUE INDEX scheduled_releases_pending_idx ON scheduled_releases (submission_id)
  WHERE released_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX scheduled_releases_calendar_idx ON scheduled_releases (dialogue_id, release_at);

ALTER TABLE scheduled_releases ENABLE ROW LEVEL SECURITY;
ALTER TABLE scheduled_releases FORCE ROW LEVEL SECURITY;
-- The calendar is public for public dialogues, like the dialogue itself; members read their dialogue's.
CREATE POLICY scheduled_releases_read ON scheduled_releases FOR SELECT TO passage_app USING (
  dialogue_id = ANY(app_member_dialogues())
  OR EXISTS (SELECT 1 FROM dialogues d WHERE d.id = dialogue_id AND d.classification = 'public'));
CREATE POLICY scheduled_releases_insert ON scheduled_releases FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
CREATE POLICY scheduled_releases_update ON scheduled_releases FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));
GRANT SELECT, INSERT, UPDATE ON scheduled_releases TO passage_app;
