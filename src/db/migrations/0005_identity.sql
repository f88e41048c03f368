-- Identity: invitations, API tokens, two-factor authentication (TOTP + recovery codes), logins waiting for
-- their second factor, and single sign-on (OpenID Connect) logins in progress.
-- Every secret handed to a person or a machine is stored as its SHA-256 only.

-- An invited user sets their own password with a one-time token (users.password_hash stays null until then).
CREATE TABLE invitations (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz
);
CREATE INDEX invitations_user_idx ON invitations (user_id);

-- API tokens for machine-to-machine calls: one dialogue, a fixed set of scopes, always an expiry.
CREATE TABLE api_tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE,
  token_hint text NOT NULL,          -- the first characters, so a user can tell their tokens apart
  scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Two-factor authentication. users.totp_secret (0001) is the enrolled secret; while enrolling, the new
-- secret waits in totp_pending_secret until the user confirms it with a code.
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_enrolled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint;          -- last accepted time step: codes are never replayed
ALTER TABLE users ADD COLUMN totp_failures integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_locked_until timestamptz;

CREATE TABLE totp_recovery_codes (
  user_id integer NOT NULL REFERENCES users (id),
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- A password that was right, waiting for the second factor (cookie passage_pending_login, minutes long).
CREATE TABLE pending_logins (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  completed_at timestamptz
);
CREATE INDEX pending_logins_user_idx ON pending_logins (user_id);

-- Single sign-on in progress: the browser holds a random cookie, the server its hash with the PKCE verifier.
CREATE TABLE oidc_logins (
  cookie_hash text PRIMARY KEY,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  next_path text NOT NULL DEFAULT '/',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
