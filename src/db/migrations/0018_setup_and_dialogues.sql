-- Set-up from nothing and dialogue administration (issue 20; src/modules/setup, src/modules/dialogues):
--   * users.is_platform_admin: the installation's administrators. They create dialogues (and become the new
--     dialogue's admin); each dialogue is then run by its own `admin` role. No default account exists.
--   * setup_tokens: the one-time set-up link printed when no administrator exists (only its SHA-256 is kept).
--   * dialogues: a revision for optimistic concurrency, archiving (read-only, hidden from lists), a logo; every
--     version of a dialogue's settings in dialogue_revisions (append-only), every logo ever uploaded in
--     dialogue_logos (a new upload never overwrites the old file).

ALTER TABLE users ADD COLUMN is_platform_admin boolean NOT NULL DEFAULT false;
-- Installations from before: whoever administered a dialogue administered the installation (organisations).
UPDATE users SET is_platform_admin = true WHERE id IN (SELECT user_id FROM memberships WHERE role = 'admin');

CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by integer REFERENCES users (id),
  -- A newer link was printed: only the latest one works.
  replaced_at timestamptz
);
-- Requests never touch set-up tokens as passage_app (the set-up service runs as the owner).
REVOKE ALL ON setup_tokens FROM passage_app;

ALTER TABLE dialogues
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN created_by integer REFERENCES users (id);

-- Raster logos only (PNG, JPEG, WebP: no SVG, which can carry scripts), small; checked by
-- src/domain/images/raster-image.ts before they get here.
CREATE TABLE dialogue_logos (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  content bytea NOT NULL CHECK (octet_length(content) <= 262144),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  sha256 text NOT NULL,
  uploaded_by integer REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dialogue_logos_dialogue_idx ON dialogue_logos (dialogue_id);
ALTER TABLE dialogues ADD COLUMN logo_id integer REFERENCES dialogue_logos (id);

-- Every version of a dialogue's settings as it stood after each change.
CREATE TABLE dialogue_revisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  revision integer NOT NULL CHECK (revision >= 1),
  action text NOT NULL CHECK (action IN ('create', 'update', 'archive', 'unarchive', 'logo')),
  data jsonb NOT NULL,
  edited_by integer REFERENCES users (id),
  edited_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, revision)
);
INSERT INTO dialogue_revisions (dialogue_id, revision, action, data, edited_at)
  SELECT id, 1, 'create', jsonb_build_object('slug', slug, 'name', name_i18n, 'description', description_i18n,
      'sourceLanguage', source_language, 'workingLanguages', to_jsonb(working_languages),
      'secretariatOrgId', secretariat_org_id, 'classification', classification), created_at
  FROM dialogues;

GRANT SELECT, INSERT ON dialogue_logos, dialogue_revisions TO passage_app;
REVOKE UPDATE, DELETE, TRUNCATE ON dialogue_logos, dialogue_revisions FROM passage_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO passage_app;
