-- The text of a practice's files, for search (issue 16: "practice files are not text-searchable"). Code:
-- src/modules/practices/practices.search.ts.
--
-- A PDF or DOCX attached to a practice is opened by the document library's extraction when it is checked
-- (src/shared/document-text.ts, before any transaction); its text, bounded (src/domain/practices/practice-files.ts),
-- is stored here with the file, and a published practice's search item holds its own text and its files'. A file
-- without text (a scanned PDF, an image) has '' or NULL; a PDF or DOCX stored before this migration has NULL and
-- is read again when its practice is indexed (a failure leaves it attached, just not searchable). The column is
-- read under the attachments' policy (whoever sees the practice); it is written with the file and never changed.

ALTER TABLE practice_attachments ADD COLUMN text text;
