-- Saved notice filters as subscriptions (issue 15, "anyone can subscribe to the fields they care about").
-- Code: src/modules/notices/notices.subscriptions*.ts, src/domain/notices/subscription-filter.ts.
--
-- A subscription is one user's: a name, the feed filter it saved (type, country, route, stage, text) and a
-- delivery (in-app bell, e-mail at once, a daily or weekly e-mail digest, or a signed webhook). Each change is
-- a new revision (expected revision, 409 on conflict). When a notice is sent, the job 'notices.match' records
-- a hit for every subscription whose filter it matches and whose owner may see it; the hit is delivered once:
-- at once (bell, e-mail, webhook), or by the next digest (digested_at). The subscriptions are personal: only
-- their owner reads or changes them (row-level security); the jobs run as the owner of the database.

CREATE TABLE notice_subscriptions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  user_id integer NOT NULL REFERENCES users (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  filter jsonb NOT NULL DEFAULT '{}',
  delivery text NOT NULL CHECK (delivery IN ('in_app', 'email', 'daily', 'weekly', 'webhook')),
  webhook_url text,
  webhook_secret text,
  revision integer NOT NULL DEFAULT 1,
  -- The last digest e-mailed (daily, weekly); the next is due a day (a week) after it, or after created_at.
  last_digest_at timestamptz,
  last_webhook_at timestamptz,
  last_webhook_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((delivery = 'webhook') = (webhook_url IS NOT NULL AND webhook_secret IS NOT NULL))
);
CREATE INDEX notice_subscriptions_dialogue_idx ON notice_subscriptions (dialogue_id, user_id);

-- A sent notice that matched a subscription: written once, delivered once (digests set digested_at).
CREATE TABLE notice_subscription_hits (
  subscription_id integer NOT NULL REFERENCES notice_subscriptions (id) ON DELETE CASCADE,
  notice_id integer NOT NULL REFERENCES notices (id),
  matched_at timestamptz NOT NULL DEFAULT now(),
  digested_at timestamptz,
  PRIMARY KEY (subscription_id, notice_id)
);

ALTER TABLE notice_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_subscriptions_own ON notice_subscriptions TO passage_app
  USING (user_id = app_user_id())
  WITH CHECK (user_id = app_user_id() AND dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE notice_subscription_hits ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_subscription_hits FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_subscription_hits_own ON notice_subscription_hits FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM notice_subscriptions s WHERE s.id = subscription_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON notice_subscriptions TO passage_app;
GRANT SELECT, DELETE ON notice_subscription_hits TO passage_app;
