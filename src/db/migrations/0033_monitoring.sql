-- Implementation monitoring of declarations (issue 17, monitoring part). Code: src/modules/monitoring,
-- src/domain/monitoring, docs/monitoring.md.
--
-- A declaration (imported by the secretariat, its text kept whole) has numbered commitments grouped by
-- thematic area, each with actions. The secretariat opens reporting cycles with a deadline; per cycle each
-- member state reports per commitment a progress status, a narrative and evidence links, as a draft of its
-- organisation, then submits; the secretariat accepts or asks questions. Every version of a report is a row of
-- monitoring_report_revisions (nothing is overwritten). A closed cycle is read-only (the service refuses).

CREATE TABLE monitoring_declarations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  place text NOT NULL DEFAULT '',
  adopted_on date,
  languages text[] NOT NULL DEFAULT '{}',
  body text NOT NULL,
  classification classification NOT NULL DEFAULT 'dialogue',
  originator_org_id integer NOT NULL REFERENCES organisations (id),
  shared_with_org_ids integer[] NOT NULL DEFAULT '{}',
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX monitoring_declarations_dialogue_idx ON monitoring_declarations (dialogue_id);

CREATE TABLE monitoring_commitments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  declaration_id integer NOT NULL REFERENCES monitoring_declarations (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  position integer NOT NULL,
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
  area text,
  body text NOT NULL,
  UNIQUE (declaration_id, number),
  UNIQUE (declaration_id, position)
);

CREATE TABLE monitoring_actions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commitment_id integer NOT NULL REFERENCES monitoring_commitments (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  lead text NOT NULL DEFAULT '',
  partners text NOT NULL DEFAULT '',
  funding text NOT NULL DEFAULT '',
  period text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ongoing', 'completed', 'cancelled')),
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE monitoring_cycles (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  declaration_id integer NOT NULL REFERENCES monitoring_declarations (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  deadline date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_by integer NOT NULL REFERENCES users (id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX monitoring_cycles_declaration_idx ON monitoring_cycles (declaration_id, opened_at);

CREATE TABLE monitoring_reports (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id integer NOT NULL REFERENCES monitoring_cycles (id),
  commitment_id integer NOT NULL REFERENCES monitoring_commitments (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  state_iso3 char(3) NOT NULL REFERENCES countries (iso3),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'accepted', 'questions')),
  progress text NOT NULL CHECK (progress IN ('not_started', 'in_progress', 'implemented', 'not_applicable')),
  narrative text NOT NULL DEFAULT '',
  evidence text[] NOT NULL DEFAULT '{}',
  review_note text,
  classification classification NOT NULL DEFAULT 'dialogue',
  revision integer NOT NULL DEFAULT 1,
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cycle_id, commitment_id, state_iso3)
);
CREATE INDEX monitoring_reports_cycle_idx ON monitoring_reports (cycle_id, state_iso3);

CREATE TABLE monitoring_report_revisions (
  report_id integer NOT NULL REFERENCES monitoring_reports (id),
  revision integer NOT NULL,
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  change text NOT NULL CHECK (change IN ('saved', 'submitted', 'accepted', 'questions')),
  content jsonb NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, revision)
);

-- Row-level security: the service layer's rules again. Members of the dialogue read declarations (by
-- classification), cycles and submitted reports; a draft is read by its organisation only. The secretariat
-- writes declarations, actions and cycles; a state's organisation writes its reports, the secretariat reviews.
ALTER TABLE monitoring_declarations ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_declarations FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_declarations_read ON monitoring_declarations FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids));
CREATE POLICY monitoring_declarations_insert ON monitoring_declarations FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND created_by = app_user_id());

ALTER TABLE monitoring_commitments ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_commitments FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_commitments_read ON monitoring_commitments FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM monitoring_declarations d WHERE d.id = declaration_id));
CREATE POLICY monitoring_commitments_insert ON monitoring_commitments FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE monitoring_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_actions_read ON monitoring_actions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM monitoring_commitments c WHERE c.id = commitment_id));
CREATE POLICY monitoring_actions_insert ON monitoring_actions FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND created_by = app_user_id());

ALTER TABLE monitoring_cycles ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_cycles FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_cycles_read ON monitoring_cycles FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()));
CREATE POLICY monitoring_cycles_insert ON monitoring_cycles FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_secretariat_dialogues()) AND opened_by = app_user_id());
CREATE POLICY monitoring_cycles_update ON monitoring_cycles FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_secretariat_dialogues()));

ALTER TABLE monitoring_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_reports_read ON monitoring_reports FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND (status <> 'draft' OR organisation_id = app_org_id()));
CREATE POLICY monitoring_reports_insert ON monitoring_reports FOR INSERT TO passage_app
  WITH CHECK (dialogue_id = ANY(app_member_dialogues()) AND organisation_id = app_org_id());
CREATE POLICY monitoring_reports_update ON monitoring_reports FOR UPDATE TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues())
    AND (organisation_id = app_org_id() OR dialogue_id = ANY(app_secretariat_dialogues())));

ALTER TABLE monitoring_report_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_report_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_report_revisions_read ON monitoring_report_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM monitoring_reports r WHERE r.id = report_id));
CREATE POLICY monitoring_report_revisions_insert ON monitoring_report_revisions FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id());
