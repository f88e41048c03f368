-- Paragraph-by-paragraph draft consultations (issue 17, part C). Code: src/modules/consultations,
-- src/domain/consultations.
--
-- The secretariat publishes a draft (consultations), split into headings and numbered paragraphs: every split
-- is a row of consultation_versions (version 1, 2 … are the drafts; split_revision 1, 2 … the corrections of
-- one draft's split), nothing is overwritten. Delegations (organisations of the dialogue's members) comment
-- per paragraph until the deadline; a comment's edits are rows of consultation_comment_revisions, the
-- secretariat's responses rows of consultation_responses (the newest counts), the summary's generations and
-- edits rows of consultation_summaries.

CREATE TABLE consultations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  created_by integer NOT NULL REFERENCES users (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open')),
  deadline date NOT NULL,
  comments_visible boolean NOT NULL DEFAULT false,
  classification classification NOT NULL DEFAULT 'dialogue',
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  current_version integer NOT NULL DEFAULT 1,
  revision integer NOT NULL DEFAULT 1,
  opened_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultations_dialogue_idx ON consultations (dialogue_id, created_at DESC);

CREATE TABLE consultation_versions (
  consultation_id integer NOT NULL REFERENCES consultations (id),
  version integer NOT NULL,
  split_revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  text text NOT NULL,
  blocks jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, version, split_revision)
);

CREATE TABLE consultation_comments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consultation_id integer NOT NULL REFERENCES consultations (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  version integer NOT NULL,
  paragraph_key text NOT NULL,
  organisation_id integer NOT NULL REFERENCES organisations (id),
  user_id integer NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('proposed_wording', 'comment', 'support', 'objection')),
  body text NOT NULL CHECK (length(body) <= 10000),
  proposed_wording text CHECK (length(proposed_wording) <= 10000),
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'proposed_wording') = (proposed_wording IS NOT NULL))
);
CREATE INDEX consultation_comments_idx ON consultation_comments (consultation_id, version, id);

CREATE TABLE consultation_comment_revisions (
  comment_id integer NOT NULL REFERENCES consultation_comments (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  kind text NOT NULL,
  body text NOT NULL,
  proposed_wording text,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, revision)
);

CREATE TABLE consultation_responses (
  comment_id integer NOT NULL REFERENCES consultation_comments (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  response text NOT NULL CHECK (response IN ('accepted', 'partly', 'not_accepted')),
  reason text NOT NULL CHECK (length(reason) <= 5000),
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, revision)
);

CREATE TABLE consultation_summaries (
  consultation_id integer NOT NULL REFERENCES consultations (id),
  version integer NOT NULL,
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  content jsonb NOT NULL,
  generated boolean NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, version, revision)
);

-- Row-level security: the service's rules again. A consultation is read by the members who may see it by its
-- classification; a draft (not opened) only by the secretariat. Its children follow it (EXISTS applies the
-- consultations policy). Comments on a consultation that hides them are read by their organisation and the
-- secretariat only. The secretariat writes consultations, versions, responses and summaries; an organisation
-- writes and edits its own comments.
ALTER TABLE consultations ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultations FORCE ROW LEVEL SECURITY;
CREATE POLICY consultations_read ON consultations FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids)
    AND (status = 'open' OR dialogue_id = ANY(app_secretariat_dialogues())));
CREATE POLICY consultations_insert ON consultations FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND created_by = app_user_id());
CREATE POLICY consultations_update ON consultations FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()))
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE consultation_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultation_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY consultation_versions_read ON consultation_versions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM consultations c WHERE c.id = consultation_id));
CREATE POLICY consultation_versions_insert ON consultation_versions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND user_id = app_user_id());

ALTER TABLE consultation_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultation_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY consultation_comments_read ON consultation_comments FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM consultations c WHERE c.id = consultation_id
    AND (c.comments_visible OR organisation_id = app_org_id() OR c.dialogue_id = ANY(app_secretariat_dialogues()))));
CREATE POLICY consultation_comments_insert ON consultation_comments FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND organisation_id = app_org_id()
    AND user_id = app_user_id());
CREATE POLICY consultation_comments_update ON consultation_comments FOR UPDATE TO passage_app
  USING (organisation_id = app_org_id()) WITH CHECK (organisation_id = app_org_id());

ALTER TABLE consultation_comment_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultation_comment_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY consultation_comment_revisions_read ON consultation_comment_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM consultation_comments k WHERE k.id = comment_id));
CREATE POLICY consultation_comment_revisions_insert ON consultation_comment_revisions FOR INSERT TO passage_app
  WITH CHECK (organisation_id = app_org_id() AND user_id = app_user_id());

ALTER TABLE consultation_responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultation_responses FORCE ROW LEVEL SECURITY;
CREATE POLICY consultation_responses_read ON consultation_responses FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM consultation_comments k WHERE k.id = comment_id));
CREATE POLICY consultation_responses_insert ON consultation_responses FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND user_id = app_user_id());

ALTER TABLE consultation_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE consultation_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY consultation_summaries_read ON consultation_summaries FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM consultations c WHERE c.id = consultation_id));
CREATE POLICY consultation_summaries_insert ON consultation_summaries FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND user_id = app_user_id());

GRANT SELECT, INSERT, UPDATE ON consultations, consultation_comments TO passage_app;
GRANT SELECT, INSERT ON consultation_versions, consultation_comment_revisions, consultation_responses,
  consultation_summaries TO passage_app;
