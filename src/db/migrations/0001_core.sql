-- Core tables: reference data, organisations, users, dialogues, memberships, routes, indicators, observations.
-- Every content table carries a classification from the start.

CREATE TYPE classification AS ENUM ('public', 'dialogue', 'restricted', 'originator');
CREATE TYPE dialogue_role AS ENUM ('admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer');
CREATE TYPE organisation_kind AS ENUM ('state', 'secretariat', 'international');

-- Reference data (synced from the shipped dataset by the server at start; see src/reference).
CREATE TABLE countries (
  iso3 char(3) PRIMARY KEY,
  iso2 char(2),
  numeric_code char(3),
  name_en text NOT NULL,
  name_fr text NOT NULL,
  name_ru text NOT NULL,
  region text,
  subregion text,
  m49_region char(3),
  m49_subregion char(3),
  is_special boolean NOT NULL DEFAULT false
);

CREATE TABLE organisations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind organisation_kind NOT NULL,
  name text NOT NULL,
  acronym text,
  country_iso3 char(3) REFERENCES countries (iso3),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT state_orgs_have_country CHECK (kind <> 'state' OR country_iso3 IS NOT NULL)
);
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));

CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id integer NOT NULL REFERENCES organisations (id),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,            -- null for SSO-only accounts
  locale text NOT NULL DEFAULT 'en',
  is_active boolean NOT NULL DEFAULT true,
  totp_secret text,              -- set when two-factor authentication is enrolled
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Sessions: the cookie carries a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE dialogues (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  secretariat_org_id integer NOT NULL REFERENCES organisations (id),
  working_languages text[] NOT NULL DEFAULT '{en}',
  classification classification NOT NULL DEFAULT 'public',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Member states of a dialogue.
CREATE TABLE dialogue_states (
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  country_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  joined_on date,
  PRIMARY KEY (dialogue_id, country_iso3)
);

-- Observer organisations of a dialogue (IOM, UNHCR, Frontex, EUAA …).
CREATE TABLE dialogue_observers (
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (dialogue_id, organisation_id)
);

CREATE TABLE memberships (
  user_id integer NOT NULL REFERENCES users (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  role dialogue_role NOT NULL,
  granted_by integer REFERENCES users (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, dialogue_id, role)
);
CREATE INDEX memberships_dialogue_idx ON memberships (dialogue_id);

CREATE TABLE routes (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  code text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  countries char(3)[] NOT NULL,      -- ordered along the route, origin first
  geometry jsonb NOT NULL,           -- GeoJSON LineString or MultiLineString
  valid_from date NOT NULL,
  valid_to date,
  classification classification NOT NULL DEFAULT 'dialogue',
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',   -- who may read it when classification = 'restricted'
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, code),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (cardinality(countries) >= 2)
);

CREATE TABLE indicators (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  code text NOT NULL,
  name jsonb NOT NULL,               -- {"en": …, "fr": …, "ru": …}
  description jsonb NOT NULL DEFAULT '{}',
  unit text NOT NULL DEFAULT 'detections',
  breakdowns text[] NOT NULL DEFAULT '{}',   -- allowed dimensions: citizenship, border_type, route, sex, age_group, reason, …
  classification classification NOT NULL DEFAULT 'dialogue',
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dialogue_id, code)
);

-- Observations are never updated in place: a change inserts a new revision and marks the old one superseded,
-- so any figure can be read as it stood at any time. Breakdown columns use the SDMX total code '_T'.
CREATE TABLE observations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  indicator_id integer NOT NULL REFERENCES indicators (id),
  reporter_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  route text NOT NULL DEFAULT '_T',
  citizenship text NOT NULL DEFAULT '_T',
  border_type text NOT NULL DEFAULT '_T',
  sex text NOT NULL DEFAULT '_T',
  age_group text NOT NULL DEFAULT '_T',
  reason text NOT NULL DEFAULT '_T',
  value numeric,                     -- null when not available (flag 'not_available')
  flags text[] NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'submitted', 'validated', 'returned', 'published')),
  classification classification NOT NULL DEFAULT 'dialogue',
  recorded_by integer REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  superseded_at timestamptz,
  comment text
);
CREATE UNIQUE INDEX observations_current_key ON observations
  (indicator_id, reporter_iso3, period, route, citizenship, border_type, sex, age_group, reason)
  WHERE superseded_at IS NULL;
CREATE INDEX observations_dialogue_period_idx ON observations (dialogue_id, indicator_id, period);
