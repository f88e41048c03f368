-- Calendars that chase, and locks (docs/definitions.md): per-dialogue reminder settings, the reminders and
-- digests already sent (so a daily job never sends one twice), messages to users that are not alerts (in-app
-- notifications of other kinds and an e-mail outbox retried by the job queue), and the lock a publication puts
-- on each (reporter, indicator, month) it published, with its reopenings.
-- Code: src/modules/{reminders,messages,period-locks}, src/domain/calendars, src/domain/messages.

-- How a dialogue chases its reporters. No row = the defaults below (reminders on, 5 days before the deadline,
-- on the day and 3 days after; a digest to the secretariat; published months locked).
CREATE TABLE calendar_settings (
  dialogue_id integer PRIMARY KEY REFERENCES dialogues (id),
  are_reminders_enabled boolean NOT NULL DEFAULT true,
  reminder_offsets integer[] NOT NULL DEFAULT '{-5,0,3}',   -- days relative to the deadline
  is_digest_enabled boolean NOT NULL DEFAULT true,
  is_locking_published boolean NOT NULL DEFAULT true,
  revision integer NOT NULL DEFAULT 1,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (cardinality(reminder_offsets) BETWEEN 1 AND 10)
);

-- One row per reminder sent: (user, reporter, indicator, month, offset) is reminded at most once.
CREATE TABLE sent_reminders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  user_id integer NOT NULL REFERENCES users (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  offset_days integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, reporter_iso3, indicator_id, period, offset_days)
);
CREATE INDEX sent_reminders_dialogue_idx ON sent_reminders (dialogue_id, sent_at);

-- The secretariat's digest of who is late: at most one per user, dialogue and day.
CREATE TABLE reminder_digests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  user_id integer NOT NULL REFERENCES users (id),
  digest_day date NOT NULL,
  overdue integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, user_id, digest_day)
);

-- Notifications of other kinds than alerts (reminders, digests, the submission workflow): the kind names the
-- message, payload holds its parameters (the web app words it in the reader's language), link where it leads.
-- dedupe_key makes a retried job write a message once.
ALTER TABLE notifications
  ADD COLUMN kind text NOT NULL DEFAULT 'alert',
  ADD COLUMN payload jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN link text,
  ADD COLUMN dedupe_key text;
CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- E-mails to users that are not alert deliveries, written in the recipient's language when queued and sent by
-- the job 'messages.deliver' (retried with backoff, like alert deliveries; the address is read at sending).
CREATE TABLE outbox_emails (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer REFERENCES dialogues (id),
  user_id integer NOT NULL REFERENCES users (id),
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  dedupe_key text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX outbox_emails_due_idx ON outbox_emails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_emails_dialogue_idx ON outbox_emails (dialogue_id, created_at DESC);

-- A published (reporter, indicator, month) is locked: a new figure for it is refused until the secretariat
-- reopens it (with a reason). The next publication touching it locks it again. Every step is an event.
CREATE TABLE period_locks (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  locked_at timestamptz NOT NULL DEFAULT now(),
  locked_by_submission integer REFERENCES submissions (id),   -- null: locked by the migration or the demo seed
  reopened_at timestamptz,                                     -- set while reopened
  reopened_by integer REFERENCES users (id),
  reopen_reason text,
  UNIQUE (dialogue_id, reporter_iso3, indicator_id, period)
);
CREATE INDEX period_locks_indicator_idx ON period_locks (indicator_id);

CREATE TABLE period_lock_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lock_id integer NOT NULL REFERENCES period_locks (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  action text NOT NULL CHECK (action IN ('lock', 'reopen', 'relock')),
  reason text,
  user_id integer REFERENCES users (id),
  submission_id integer REFERENCES submissions (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX period_lock_events_lock_idx ON period_lock_events (lock_id, created_at);

-- Months published before this migration are locked too.
INSERT INTO period_locks (dialogue_id, reporter_iso3, indicator_id, period, locked_at)
SELECT dialogue_id, reporter_iso3, indicator_id, period, max(published_at)
FROM observations WHERE status = 'published' AND superseded_at IS NULL AND published_at IS NOT NULL
GROUP BY dialogue_id, reporter_iso3, indicator_id, period;

-- Row-level security (requests run as passage_app; the reminder and message jobs run as the owner).
ALTER TABLE calendar_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY calendar_settings_read ON calendar_settings FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY calendar_settings_write ON calendar_settings FOR ALL TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE sent_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE sent_reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY sent_reminders_read ON sent_reminders FOR SELECT TO passage_app
  USING (user_id = app_user_id() OR dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE reminder_digests ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminder_digests FORCE ROW LEVEL SECURITY;
CREATE POLICY reminder_digests_read ON reminder_digests FOR SELECT TO passage_app
  USING (user_id = app_user_id() OR dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE outbox_emails ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_emails FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_emails_read ON outbox_emails FOR SELECT TO passage_app
  USING (user_id = app_user_id() OR dialogue_id = ANY(app_secretariat_dialogues()));

-- Whether a month is locked is no secret among members; publishing (the secretariat) locks, reopening too.
ALTER TABLE period_locks ENABLE ROW LEVEL SECURITY;
ALTER TABLE period_locks FORCE ROW LEVEL SECURITY;
CREATE POLICY period_locks_read ON period_locks FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY period_locks_write ON period_locks FOR ALL TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE period_lock_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE period_lock_events FORCE ROW LEVEL SECURITY;
CREATE POLICY period_lock_events_read ON period_lock_events FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY period_lock_events_insert ON period_lock_events FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['calendar_settings', 'sent_reminders', 'reminder_digests', 'outbox_emails',
      'period_locks', 'period_lock_events'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON calendar_settings, period_locks TO passage_app;
GRANT SELECT ON sent_reminders, reminder_digests, outbox_emails TO passage_app;
GRANT SELECT, INSERT ON period_lock_events TO passage_app;
REVOKE UPDATE, DELETE, TRUNCATE ON period_lock_events FROM passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;
