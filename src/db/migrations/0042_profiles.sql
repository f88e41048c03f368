-- Country profiles (issue 16, part "Country profiles"). Code: src/modules/profiles, src/domain/profiles,
-- docs/profiles.md.
--
-- One profile per member state of a dialogue. Its narrative comes in versions: the secretariat or the state
-- drafts a version (one draft at a time, changed in place with an expected revision), the state's authorities
-- endorse it or return it with a comment. Endorsed and returned versions are never changed again: a later
-- change is a new version. Each version has its sections (governance, legal framework, …), each with its own
-- text, sources, "last updated" and classification. The key figures are not stored: they are read from the
-- published statistics whenever the profile is shown.
--
-- `profiles.revision` counts every change of the profile (a save, an endorsement, a return): every write
-- names the revision it read, and a stale one is refused (409).

CREATE TABLE profiles (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  state_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  revision integer NOT NULL DEFAULT 1,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- When the yearly reminder to update the profile was last sent (profiles.remind job).
  reminded_at timestamptz,
  UNIQUE (dialogue_id, state_iso3)
);

CREATE TABLE profile_versions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  profile_id integer NOT NULL REFERENCES profiles (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  state_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  number integer NOT NULL CHECK (number > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'endorsed', 'returned')),
  created_by integer NOT NULL REFERENCES users (id),
  created_org_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  decided_by integer REFERENCES users (id),
  decided_org_id integer REFERENCES organisations (id),
  decided_at timestamptz,
  comment text,
  UNIQUE (profile_id, number),
  CHECK ((status = 'draft') = (decided_at IS NULL)),
  CHECK (status <> 'returned' OR length(coalesce(comment, '')) > 0)
);
-- At most one draft per profile.
CREATE UNIQUE INDEX profile_versions_one_draft ON profile_versions (profile_id) WHERE status = 'draft';

CREATE TABLE profile_sections (
  version_id integer NOT NULL REFERENCES profile_versions (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  state_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  key text NOT NULL CHECK (key IN ('governance', 'legal_framework', 'institutions', 'policies', 'cooperation',
    'challenges')),
  position integer NOT NULL,
  body text NOT NULL,
  -- [{ "title": "…", "url": "https://…" | null }]
  sources jsonb NOT NULL DEFAULT '[]',
  classification classification NOT NULL DEFAULT 'dialogue',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (version_id, key)
);

-- Row-level security: the service layer's rules again. The editors of a profile are the dialogue's
-- secretariat and the organisations of the state it describes: they read every version and every section.
-- Everyone else reads endorsed versions only, and of their sections those their classification shows them
-- (public: everyone; dialogue: the dialogue's members; restricted and originator: the editors only, the state
-- being the originator of its profile).
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY profiles_read ON profiles FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    OR EXISTS (SELECT 1 FROM profile_versions v WHERE v.profile_id = profiles.id AND v.status = 'endorsed'));
CREATE POLICY profiles_insert ON profiles FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()));
CREATE POLICY profiles_update ON profiles FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()));

ALTER TABLE profile_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE profile_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY profile_versions_read ON profile_versions FOR SELECT TO passage_app
  USING (status = 'endorsed' OR (dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country())));
CREATE POLICY profile_versions_insert ON profile_versions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND created_by = app_user_id()
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()));
CREATE POLICY profile_versions_update ON profile_versions FOR UPDATE TO passage_app
  USING (status = 'draft' AND dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()));

ALTER TABLE profile_sections ENABLE ROW LEVEL SECURITY;
ALTER TABLE profile_sections FORCE ROW LEVEL SECURITY;
CREATE POLICY profile_sections_read ON profile_sections FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM profile_versions v WHERE v.id = version_id)
    AND (classification = 'public' OR (dialogue_id = ANY(app_member_dialogues()) AND (
      classification = 'dialogue' OR dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()))));
CREATE POLICY profile_sections_write ON profile_sections FOR ALL TO passage_app
  USING (EXISTS (SELECT 1 FROM profile_versions v WHERE v.id = version_id AND v.status = 'draft')
    AND dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues())
    AND (dialogue_id = ANY(app_secretariat_dialogues()) OR state_iso3 = app_country()));

GRANT SELECT, INSERT, UPDATE ON profiles, profile_versions TO passage_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON profile_sections TO passage_app;
