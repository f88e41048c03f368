-- Early notification of new national measures (issue 15, notices half). Code: src/modules/notices,
-- src/domain/notices.
--
-- A notice is posted by a member state (or by the secretariat on its behalf: state_iso3 is the notifying
-- state, originator_org_id the author's organisation). Drafts are seen by the author's organisation only;
-- once sent, the classification decides (app_can_see). `notices` holds the current text, for filtering;
-- every version of it is a row of notice_revisions (nothing is overwritten: the history endpoint reads
-- them). Acknowledgements are one per organisation; comments, formal concerns and the notifying state's
-- answers are rows of notice_comments, never edited.

CREATE TABLE notices (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  state_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  author_id integer NOT NULL REFERENCES users (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
  revision integer NOT NULL DEFAULT 1,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  measure_type text NOT NULL CHECK (measure_type IN ('visa_regime', 'border_management', 'asylum_procedure',
    'reception', 'return_readmission', 'labour_migration', 'integration', 'anti_smuggling', 'other')),
  summary text NOT NULL,
  legal_reference text NOT NULL DEFAULT '',
  legal_link text,
  stage text NOT NULL CHECK (stage IN ('planned', 'adopted', 'in_force', 'abandoned')),
  adopted_on date,
  effective_on date,
  ends_on date,
  countries char(3)[] NOT NULL DEFAULT '{}',
  routes text[] NOT NULL DEFAULT '{}',
  classification classification NOT NULL DEFAULT 'dialogue',
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  comments_until date,
  outcome text CHECK (outcome IN ('adopted_as_is', 'changed', 'abandoned')),
  outcome_note text,
  outcome_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, title || ' ' || summary || ' ' || legal_reference)) STORED,
  CHECK (effective_on IS NULL OR adopted_on IS NULL OR effective_on >= adopted_on),
  CHECK (ends_on IS NULL OR effective_on IS NULL OR ends_on >= effective_on),
  CHECK (status = 'sent' OR sent_at IS NULL)
);
CREATE INDEX notices_dialogue_idx ON notices (dialogue_id, sent_at DESC);
CREATE INDEX notices_search_idx ON notices USING gin (search);

CREATE TABLE notice_revisions (
  notice_id integer NOT NULL REFERENCES notices (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  change text NOT NULL CHECK (change IN ('created', 'edited', 'sent', 'outcome')),
  content jsonb NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, revision)
);

CREATE TABLE notice_acknowledgements (
  notice_id integer NOT NULL REFERENCES notices (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, organisation_id)
);

CREATE TABLE notice_comments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id integer NOT NULL REFERENCES notices (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  user_id integer NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('comment', 'concern', 'answer')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  reply_to integer REFERENCES notice_comments (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'answer') = (reply_to IS NOT NULL))
);
CREATE INDEX notice_comments_notice_idx ON notice_comments (notice_id, id);

-- Row-level security: the service layer's rules again (requests run as passage_app; the notification and
-- reminder jobs run as the owner).
ALTER TABLE notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE notices FORCE ROW LEVEL SECURITY;
CREATE POLICY notices_read ON notices FOR SELECT TO passage_app
  USING ((status = 'sent' AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids))
    OR (originator_org_id = app_org_id() AND dialogue_id = ANY(app_member_dialogues())));
CREATE POLICY notices_insert ON notices FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND originator_org_id = app_org_id()
    AND author_id = app_user_id());
CREATE POLICY notices_update ON notices FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND (originator_org_id = app_org_id()
    OR (status = 'sent' AND (state_iso3 = app_country() OR dialogue_id = ANY(app_secretariat_dialogues())))))
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()));

-- The children are seen by members who see the notice (the notices policy applies inside EXISTS).
ALTER TABLE notice_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_revisions_read ON notice_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM notices n WHERE n.id = notice_id));
CREATE POLICY notice_revisions_insert ON notice_revisions FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id());

ALTER TABLE notice_acknowledgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_acknowledgements FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_acknowledgements_read ON notice_acknowledgements FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND EXISTS (SELECT 1 FROM notices n WHERE n.id = notice_id));
CREATE POLICY notice_acknowledgements_insert ON notice_acknowledgements FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id()
    AND dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE notice_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_comments_read ON notice_comments FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND EXISTS (SELECT 1 FROM notices n WHERE n.id = notice_id));
CREATE POLICY notice_comments_insert ON notice_comments FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id()
    AND dialogue_id = ANY(app_member_dialogues()));

GRANT SELECT, INSERT, UPDATE ON notices TO passage_app;
GRANT SELECT, INSERT ON notice_revisions, notice_acknowledgements, notice_comments TO passage_app;
