-- Meetings of a dialogue (issue 17, meetings part). Code: src/modules/meetings, src/domain/meetings,
-- docs/meetings.md.
--
-- Senior officials', ministerial and working-group meetings: dates, place, agenda items, the participating
-- delegations (organisations only: no persons), minutes, and follow-up actions with an owner organisation
-- and a due date. The secretariat writes them; every version of a meeting is a row of meeting_revisions.

CREATE TABLE meetings (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  kind text NOT NULL CHECK (kind IN ('som', 'ministerial', 'working_group')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  place text NOT NULL DEFAULT '',
  agenda text[] NOT NULL DEFAULT '{}',
  participant_org_ids integer[] NOT NULL DEFAULT '{}',
  minutes text NOT NULL DEFAULT '',
  classification classification NOT NULL DEFAULT 'dialogue',
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 1,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX meetings_dialogue_idx ON meetings (dialogue_id, starts_on);

CREATE TABLE meeting_revisions (
  meeting_id integer NOT NULL REFERENCES meetings (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  content jsonb NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, revision)
);

CREATE TABLE meeting_actions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES meetings (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  owner_org_id integer NOT NULL REFERENCES organisations (id),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX meeting_actions_owner_idx ON meeting_actions (owner_org_id, status, due_on);

-- Row-level security: members read meetings by classification; the secretariat writes; an action's owner
-- organisation marks it done.
ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetings FORCE ROW LEVEL SECURITY;
CREATE POLICY meetings_read ON meetings FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY meetings_insert ON meetings FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND created_by = app_user_id());
CREATE POLICY meetings_update ON meetings FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE meeting_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_revisions_read ON meeting_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM meetings m WHERE m.id = meeting_id));
CREATE POLICY meeting_revisions_insert ON meeting_revisions FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id());

ALTER TABLE meeting_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_actions_read ON meeting_actions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM meetings m WHERE m.id = meeting_id));
CREATE POLICY meeting_actions_insert ON meeting_actions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND created_by = app_user_id());
CREATE POLICY meeting_actions_update ON meeting_actions FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND (owner_org_id = app_org_id() OR dialogue_id = ANY(app_secretariat_dialogues())));
