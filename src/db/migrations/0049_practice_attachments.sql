-- Attachments of best practices (issue 16: "attachments" of the inventory, which had links only). Code:
-- src/modules/practices/practices.attachments.ts; the files are checked as notice attachments are (PDF, DOCX,
-- PNG or JPEG, the type found from the bytes, PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES each).
--
-- An attachment belongs to one practice and is seen by whoever sees the practice (the practices read policy
-- applies inside EXISTS: a published public practice's files are the public's too). Adding one is a revision of
-- the practice (change 'attached', the revision recorded on the attachment): nothing is overwritten, and
-- attachments are never changed once stored.

CREATE TABLE practice_attachments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  practice_id integer NOT NULL REFERENCES practices (id),
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
CREATE INDEX practice_attachments_practice_idx ON practice_attachments (practice_id, id);

ALTER TABLE practice_revisions DROP CONSTRAINT practice_revisions_change_check;
ALTER TABLE practice_revisions ADD CONSTRAINT practice_revisions_change_check
  CHECK (change IN ('saved', 'submitted', 'returned', 'published', 'attached'));

ALTER TABLE practice_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_attachments_read ON practice_attachments FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id));
CREATE POLICY practice_attachments_insert ON practice_attachments FOR INSERT TO passage_app
  WITH CHECK (user_id = app_user_id() AND organisation_id = app_org_id()
    AND dialogue_id = ANY(app_member_dialogues()));
GRANT SELECT, INSERT ON practice_attachments TO passage_app;
