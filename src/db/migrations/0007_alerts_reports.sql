-- Early warning (alert rules, alerts, acknowledgements, comments, in-app notifications, subscriptions and their
-- e-mail/webhook deliveries) and situation reports. Code: src/domain/alerts, src/modules/{alerts,reports}.
--
-- Rules are data: `definition` is JSON checked by src/domain/alerts/rules.ts (threshold, yoy, mom,
-- forecast_interval, level_shift, route_shift). A rule reads one series (indicator × route × citizenship, summed
-- over reporters) as its owner may see it. Alerts carry the classification of the data they describe.

CREATE TABLE alert_rules (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  owner_id integer NOT NULL REFERENCES users (id),
  owner_org_id integer NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  route text NOT NULL,                      -- a route code of the dialogue, or '_T' (whole dialogue / no route)
  citizenship text NOT NULL DEFAULT '_T',   -- '_T' = all citizenships (route_shift: every top citizenship)
  definition jsonb NOT NULL,                -- {"kind": "threshold", "above": 1000} …
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_dialogue_idx ON alert_rules (dialogue_id);

-- One alert per event: a rule fires at most once per period and series (series_key names the series, e.g. the
-- citizenship of a route-shift rule), so re-evaluating never duplicates.
CREATE TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id integer NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  period date NOT NULL,
  series_key text NOT NULL,
  kind text NOT NULL,
  value numeric,
  reference numeric,                        -- what the value was compared with (threshold, last year, bound …)
  details jsonb NOT NULL DEFAULT '{}',
  classification classification NOT NULL,
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, period, series_key)
);
CREATE INDEX alerts_dialogue_idx ON alerts (dialogue_id, created_at DESC);

CREATE TABLE alert_acknowledgements (
  alert_id bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users (id),
  acknowledged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, user_id)
);

CREATE TABLE alert_comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_comments_alert_idx ON alert_comments (alert_id);

-- In-app notification centre: one row per recipient and alert.
CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  alert_id bigint REFERENCES alerts (id) ON DELETE CASCADE,
  dialogue_id integer REFERENCES dialogues (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (user_id, alert_id)
);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- How a user wants to hear of alerts in one dialogue: in-app (besides the notifications every rule owner
-- gets), e-mail (to the account's address) or a signed webhook. scope: 'own' = alerts of my rules, 'all' =
-- every alert of the dialogue I may see.
CREATE TABLE alert_subscriptions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  channel text NOT NULL CHECK (channel IN ('in_app', 'email', 'webhook')),
  scope text NOT NULL DEFAULT 'own' CHECK (scope IN ('own', 'all')),
  webhook_url text,
  webhook_secret text,                      -- needed in clear to sign the body (HMAC-SHA256); never sent back
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (channel <> 'webhook' OR (webhook_url IS NOT NULL AND webhook_secret IS NOT NULL))
);
CREATE INDEX alert_subscriptions_dialogue_idx ON alert_subscriptions (dialogue_id);

-- E-mail and webhook deliveries, retried with backoff by the job queue until sent or given up ('failed').
-- The alert itself is stored before any delivery is tried, so a broken channel never loses it.
CREATE TABLE alert_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  subscription_id integer NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  user_id integer NOT NULL REFERENCES users (id),
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  last_attempt_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (alert_id, subscription_id)
);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'pending';

-- Situation reports, stored with the vintage of the data they show.
CREATE TABLE reports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  route text NOT NULL,                      -- a route code, or '_T' for the whole dialogue
  indicator text NOT NULL,
  period date NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'fr', 'ru')),
  title text NOT NULL,
  html text NOT NULL,
  pdf bytea,
  pdf_error text,                           -- why no PDF was rendered (e.g. no Chromium on this server)
  data_as_of timestamptz,
  classification classification NOT NULL,
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  created_by integer REFERENCES users (id),  -- null for scheduled reports
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_dialogue_idx ON reports (dialogue_id, created_at DESC);

-- Monthly generation of a report (job 'reports.monthly').
CREATE TABLE report_schedules (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  route text NOT NULL,
  indicator text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'fr', 'ru')),
  created_by integer NOT NULL REFERENCES users (id),
  last_period date,                         -- the last period a report was generated for
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, route, indicator, language)
);

-- Row-level security (requests run as passage_app; evaluation and delivery jobs run as the owner).
ALTER TABLE alert_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_rules_owner_or_secretariat ON alert_rules FOR ALL TO passage_app
  USING (owner_id = app_user_id() OR dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK ((owner_id = app_user_id() AND dialogue_id = ANY(app_member_dialogues()))
    OR dialogue_id = ANY(app_secretariat_dialogues()));
-- Whoever may see an alert may read the name and definition of its rule (the feed shows them).
CREATE POLICY alert_rules_read_via_alerts ON alert_rules FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = id));

ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY alerts_read ON alerts FOR SELECT TO passage_app
  USING (app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));

ALTER TABLE alert_acknowledgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_acknowledgements FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_acknowledgements_all ON alert_acknowledgements TO passage_app
  USING (EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_id))
  WITH CHECK (user_id = app_user_id() AND EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_id));

ALTER TABLE alert_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_comments_all ON alert_comments TO passage_app
  USING (EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_id))
  WITH CHECK (user_id = app_user_id() AND EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_id));

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_own ON notifications TO passage_app
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

ALTER TABLE alert_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_subscriptions_own ON alert_subscriptions TO passage_app
  USING (user_id = app_user_id())
  WITH CHECK (user_id = app_user_id() AND dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY alert_subscriptions_secretariat_read ON alert_subscriptions FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE alert_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_deliveries_read ON alert_deliveries FOR SELECT TO passage_app
  USING (user_id = app_user_id() OR dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE reports FORCE ROW LEVEL SECURITY;
CREATE POLICY reports_read ON reports FOR SELECT TO passage_app
  USING (app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY reports_insert ON reports FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND created_by = app_user_id());

ALTER TABLE report_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY report_schedules_secretariat ON report_schedules TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['alert_rules', 'alerts', 'alert_acknowledgements', 'alert_comments', 'notifications',
      'alert_subscriptions', 'alert_deliveries', 'reports', 'report_schedules'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_rules, alert_acknowledgements, alert_comments, notifications,
  alert_subscriptions, report_schedules TO passage_app;
GRANT SELECT ON alerts, alert_deliveries TO passage_app;
GRANT SELECT, INSERT ON reports TO passage_app;
