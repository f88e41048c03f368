-- Best-practice inventory (issue 16, "Best-practice inventory"). Code: src/modules/practices,
-- src/domain/practices, docs/practices.md.
--
-- A practice is written by a member organisation (its originator) as a draft, submitted to the secretariat,
-- and published once the secretariat has verified it (or returned with a comment, changed and submitted
-- again). Only published practices are seen beyond their originator and the secretariat, and then by their
-- classification. Every change is a new row of practice_revisions (nothing is overwritten); `revision` on
-- practices is what an edit must name (a stale one is refused). The thematic area is one of the six areas of
-- the Istanbul declaration (src/domain/practices/practice-rules.ts). Contacts are organisations and functions
-- (and an optional contact person), never data on migrants; the service shows them to members only.

CREATE TABLE practices (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
  area text NOT NULL CHECK (area IN ('migration_mobility', 'integration', 'migration_development',
    'irregular_migration', 'trafficking', 'international_protection')),
  summary text NOT NULL DEFAULT '',
  countries text[] NOT NULL DEFAULT '{}',
  partners text[] NOT NULL DEFAULT '{}',
  period_from text NOT NULL CHECK (period_from ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  period_to text CHECK (period_to ~ '^\d{4}-(0[1-9]|1[0-2])$' AND period_to >= period_from),
  funding text NOT NULL DEFAULT '',
  objectives text NOT NULL DEFAULT '',
  results text NOT NULL DEFAULT '',
  impact jsonb NOT NULL DEFAULT '[]',
  lessons text NOT NULL DEFAULT '',
  contacts jsonb NOT NULL DEFAULT '[]',
  links text[] NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2,3}$'),
  classification classification NOT NULL DEFAULT 'dialogue',
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'published')),
  review_comment text,
  revision integer NOT NULL DEFAULT 1,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX practices_dialogue_idx ON practices (dialogue_id, status);
CREATE INDEX practices_countries_idx ON practices USING gin (countries);
CREATE INDEX practices_tags_idx ON practices USING gin (tags);

CREATE TABLE practice_revisions (
  practice_id integer NOT NULL REFERENCES practices (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  change text NOT NULL CHECK (change IN ('saved', 'submitted', 'returned', 'published')),
  comment text,
  content jsonb NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (practice_id, revision)
);

-- Row-level security: the service layer's rules again. A published practice is read by its classification;
-- one not yet published by its originator and the secretariat. Members write their organisation's practices;
-- the secretariat also changes the status (verification) of any practice of its dialogue.
ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;
CREATE POLICY practices_read ON practices FOR SELECT TO passage_app
  USING ((status = 'published' AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids))
    OR (dialogue_id = ANY(app_member_dialogues())
      AND (originator_org_id = app_org_id() OR dialogue_id = ANY(app_secretariat_dialogues()))));
CREATE POLICY practices_insert ON practices FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND originator_org_id = app_org_id()
    AND created_by = app_user_id());
CREATE POLICY practices_update ON practices FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND (originator_org_id = app_org_id() OR dialogue_id = ANY(app_secretariat_dialogues())));

ALTER TABLE practice_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_revisions_read ON practice_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id));
CREATE POLICY practice_revisions_insert ON practice_revisions FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id());

GRANT SELECT, INSERT, UPDATE ON practices TO passage_app;
GRANT SELECT, INSERT ON practice_revisions TO passage_app;
