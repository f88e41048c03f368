-- Notice attachments and the inbound e-mail address (issue 15). Code: src/modules/notices/notices.attachments.ts,
-- notices.inbound.ts, src/domain/notices/{attachment-format,inbound-mail}.ts.
--
-- An attachment (PDF, DOCX, PNG or JPEG, its type found from its bytes) belongs to one notice and is seen by
-- whoever sees the notice (the notices read policy applies inside EXISTS). Adding one is a revision of the
-- notice (change 'attached', the revision recorded on the attachment): nothing is overwritten, and attachments
-- are never changed once stored. notice_inbound_mails remembers which e-mail (by Message-ID, per dialogue)
-- became which draft, so a relay that sends the same message twice makes one draft.

CREATE TABLE notice_attachments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id integer NOT NULL REFERENCES notices (id),
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  revision integer NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  format text NOT NULL CHECK (format IN ('pdf', 'docx', 'png', 'jpeg')),
  byte_size integer NOT NULL CHECK (byte_size > 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  organisation_id integer NOT NULL REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(content) = byte_size)
);
CREATE INDEX notice_attachments_notice_idx ON notice_attachments (notice_id, id);

ALTER TABLE notice_revisions DROP CONSTRAINT notice_revisions_change_check;
ALTER TABLE notice_revisions ADD CONSTRAINT notice_revisions_change_check
  CHECK (change IN ('created', 'edited', 'sent', 'outcome', 'attached'));

CREATE TABLE notice_inbound_mails (
  dialogue_id integer NOT NULL REFERENCES dialogues (id),
  message_id text NOT NULL CHECK (length(message_id) BETWEEN 1 AND 998),
  notice_id integer NOT NULL REFERENCES notices (id),
  user_id integer NOT NULL REFERENCES users (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dialogue_id, message_id)
);

-- Row-level security: read with the notice; written by someone of the notice's side, as themselves.
ALTER TABLE notice_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_attachments_read ON notice_attachments FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM notices n WHERE n.id = notice_id));
CREATE POLICY notice_attachments_insert ON notice_attachments FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id()
    AND dialogue_id = ANY(app_member_dialogues()));

ALTER TABLE notice_inbound_mails ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_inbound_mails FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_inbound_mails_read ON notice_inbound_mails FOR SELECT TO passage_app
  USING (user_id = app_user_id());
CREATE POLICY notice_inbound_mails_insert ON notice_inbound_mails FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND dialogue_id = ANY(app_member_dialogues()));

GRANT SELECT, INSERT ON notice_attachments, notice_inbound_mails TO passage_app;
