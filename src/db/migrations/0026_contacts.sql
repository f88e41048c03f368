-- The directory of contact points and liaison officers of a dialogue (src/modules/contacts, docs/contacts.md).
-- An entry is a person for a state and a topic (the national contact point, statistics, document security …)
-- or an immigration liaison officer of a state, posted in a country and covering some states. Every version
-- of an entry is kept (contact_revisions). Removing a person erases their name, e-mail, phone and account
-- link from the entry and from every revision; the audit log records only which fields changed, never values.
-- A yearly e-mail asks each person to confirm their entry (contact_confirmations, signed links); an entry not
-- confirmed within the grace period after it fell due is stale (computed from the dates, not stored).

CREATE TABLE contacts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  topic text NOT NULL CHECK (topic IN ('national_contact_point', 'statistics', 'document_security',
    'return_readmission', 'trafficking_smuggling', 'asylum', 'secretariat', 'liaison_officer')),
  country_iso3 char(3) REFERENCES countries (iso3),      -- the state; null for the secretariat
  posted_in_iso3 char(3) REFERENCES countries (iso3),    -- liaison officers: where they are posted
  covers_iso3 text[] NOT NULL DEFAULT '{}',              -- liaison officers: the states they cover
  name text,                                             -- null once the person is removed
  function text NOT NULL DEFAULT '',
  organisation text NOT NULL DEFAULT '',
  languages text[] NOT NULL DEFAULT '{}',
  email text,
  phone text,
  user_id integer REFERENCES users (id),
  revision integer NOT NULL DEFAULT 1,
  last_confirmed_at timestamptz NOT NULL DEFAULT now(),
  last_confirmed_by text NOT NULL DEFAULT 'editor' CHECK (last_confirmed_by IN ('editor', 'contact')),
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  removed_by integer REFERENCES users (id),
  removed_at timestamptz,
  CHECK ((topic = 'secretariat') = (country_iso3 IS NULL)),
  CHECK ((topic = 'liaison_officer') = (posted_in_iso3 IS NOT NULL)),
  CHECK (removed_at IS NOT NULL OR (name IS NOT NULL AND email IS NOT NULL)),
  CHECK (removed_at IS NULL OR (name IS NULL AND email IS NULL AND phone IS NULL AND user_id IS NULL))
);
CREATE INDEX contacts_dialogue_idx ON contacts (dialogue_id, topic, country_iso3) WHERE removed_at IS NULL;

-- Every version of an entry as it stood after each change (its personal fields erased on removal).
CREATE TABLE contact_revisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id integer NOT NULL REFERENCES contacts (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  revision integer NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'update', 'confirm', 'remove')),
  data jsonb NOT NULL,
  edited_by integer REFERENCES users (id),
  edited_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contact_id, revision)
);

-- How often entries are confirmed, per dialogue (absent: the defaults).
CREATE TABLE contact_settings (
  dialogue_id integer PRIMARY KEY REFERENCES dialogues (id),
  confirm_every_days integer NOT NULL DEFAULT 365 CHECK (confirm_every_days BETWEEN 30 AND 1095),
  grace_days integer NOT NULL DEFAULT 30 CHECK (grace_days BETWEEN 1 AND 365),
  link_days integer NOT NULL DEFAULT 30 CHECK (link_days BETWEEN 1 AND 90),
  revision integer NOT NULL DEFAULT 1,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The HMAC key of a dialogue's confirmation links: the database owner's only (no grant to passage_app).
CREATE TABLE contact_signing_keys (
  dialogue_id integer PRIMARY KEY REFERENCES dialogues (id),
  key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One confirmation request e-mailed to a contact: the link names it, signed and expiring. No address kept.
CREATE TABLE contact_confirmations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id integer NOT NULL REFERENCES contacts (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'failed')),
  error text,
  confirmed_at timestamptz
);
CREATE INDEX contact_confirmations_contact_idx ON contact_confirmations (contact_id, sent_at DESC);

ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY contacts_read ON contacts FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
-- The service applies the exact rule (contacts.policy.ts); the database repeats its outline: the
-- secretariat anything, another member only its own state's entries.
CREATE POLICY contacts_insert ON contacts FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_member_dialogues()) AND country_iso3 = app_country()));
CREATE POLICY contacts_update ON contacts FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_member_dialogues()) AND country_iso3 = app_country()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues())
    OR (dialogue_id = ANY(app_member_dialogues()) AND country_iso3 = app_country()));

ALTER TABLE contact_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_revisions_read ON contact_revisions FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY contact_revisions_insert ON contact_revisions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));
-- Only the erasure of a removed person's fields updates a revision.
CREATE POLICY contact_revisions_erase ON contact_revisions FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE contact_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_settings_read ON contact_settings FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY contact_settings_write ON contact_settings FOR ALL TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE contact_confirmations ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_confirmations FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_confirmations_read ON contact_confirmations FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE contact_signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_signing_keys FORCE ROW LEVEL SECURITY;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contacts', 'contact_revisions', 'contact_settings', 'contact_signing_keys',
      'contact_confirmations'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON contacts, contact_settings TO passage_app;
GRANT SELECT, INSERT ON contact_revisions TO passage_app;
GRANT UPDATE (data) ON contact_revisions TO passage_app;
GRANT SELECT ON contact_confirmations TO passage_app;
REVOKE DELETE, TRUNCATE ON contacts, contact_revisions, contact_settings, contact_confirmations FROM passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;
