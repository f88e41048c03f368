-- Agreements registry (issue 16, part "Agreements registry"). Code: src/modules/agreements,
-- src/domain/agreements, docs/agreements.md.
--
-- An agreement of a dialogue's knowledge base: readmission, visa facilitation, mobility partnership, working
-- arrangement, memorandum of understanding, labour-migration agreement or other; its parties (states by ISO3,
-- the EU, international organisations by name) as JSON, with `party_keys` (GRC, EU, ORG:IOM …) for filtering
-- and the party × party matrix; the negotiation mandate and rounds; the signed, in-force, suspended and ended
-- dates (the status is derived from them, src/domain/agreements); linked texts (links, or library documents).
-- `agreements` holds the current version; every version is a row of agreement_revisions (nothing is
-- overwritten), and a change names the revision it is based on (a stale one is refused).

CREATE TABLE agreements (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  agreement_type text NOT NULL CHECK (agreement_type IN ('readmission', 'visa_facilitation',
    'mobility_partnership', 'working_arrangement', 'memorandum', 'labour_migration', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  parties jsonb NOT NULL,
  party_keys text[] NOT NULL CHECK (cardinality(party_keys) >= 2),
  mandate_on date,
  rounds jsonb NOT NULL DEFAULT '[]',
  signed_on date,
  in_force_on date,
  suspended_on date,
  ended_on date,
  texts jsonb NOT NULL DEFAULT '[]',
  notes text NOT NULL DEFAULT '',
  classification classification NOT NULL DEFAULT 'dialogue',
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 1,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The service explains these in the user's words; the table refuses them too.
  CHECK (in_force_on IS NULL OR (signed_on IS NOT NULL AND in_force_on >= signed_on)),
  CHECK (ended_on IS NULL OR signed_on IS NULL OR ended_on >= signed_on),
  CHECK (suspended_on IS NULL OR (in_force_on IS NOT NULL AND suspended_on >= in_force_on))
);
CREATE INDEX agreements_dialogue_idx ON agreements (dialogue_id, agreement_type);
CREATE INDEX agreements_party_keys_idx ON agreements USING gin (party_keys);

CREATE TABLE agreement_revisions (
  agreement_id integer NOT NULL REFERENCES agreements (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  change text NOT NULL CHECK (change IN ('created', 'edited')),
  content jsonb NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement_id, revision)
);

-- Row-level security: the service layer's rules again. Members of the dialogue read by classification; a
-- member records agreements as its organisation; the originating organisation and the secretariat change them.
ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreements FORCE ROW LEVEL SECURITY;
CREATE POLICY agreements_read ON agreements FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY agreements_insert ON agreements FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND originator_org_id = app_org_id()
    AND created_by = app_user_id());
CREATE POLICY agreements_update ON agreements FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND (originator_org_id = app_org_id() OR dialogue_id = ANY(app_secretariat_dialogues())))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE agreement_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY agreement_revisions_read ON agreement_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM agreements a WHERE a.id = agreement_id));
CREATE POLICY agreement_revisions_insert ON agreement_revisions FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id());
