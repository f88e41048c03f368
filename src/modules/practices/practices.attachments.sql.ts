/**
 * Queries of practice attachments (migrations 0049, 0051: the files' text). Attachments are read only for a practice the caller already
 * found (findPracticeRow applies its visibility; row-level security repeats it inside EXISTS); they are written
 * with the revision of the practice that added them.
 */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { AttachmentFormat } from '../../domain/notices/attachment-format';

/** A stored file (the columns of a notice attachment's row, which attachmentItem shows). */
export interface PracticeAttachmentRow {
  id: number;
  revision: number;
  file_name: string;
  content_type: string;
  format: AttachmentFormat;
  byte_size: number;
  sha256: string;
  organisation: string;
  created_at: Date;
  /** Whether the stored text is non-empty; null when no text is stored (an image, a file stored before 0051). */
  has_text: boolean | null;
}

export function listPracticeAttachments(db: Queryable, practiceId: number): Promise<PracticeAttachmentRow[]> {
  return db.query<PracticeAttachmentRow>(sql`SELECT a.id, a.revision, a.file_name, a.content_type, a.format,
      a.byte_size, a.sha256, o.name AS organisation, a.created_at,
      CASE WHEN a.text IS NULL THEN NULL ELSE a.text <> '' END AS has_text
    FROM practice_attachments a JOIN organisations o ON o.id = a.organisation_id
    WHERE a.practice_id = ${practiceId} ORDER BY a.id`);
}

export async function readPracticeAttachment(
  db: Queryable,
  practiceId: number,
  id: number,
): Promise<{ file_name: string; content_type: string; content: Uint8Array } | undefined> {
  const [row] = await db.query<{ file_name: string; content_type: string; content: Uint8Array }>(
    sql`SELECT file_name, content_type, content FROM practice_attachments
      WHERE practice_id = ${practiceId} AND id = ${id}`,
  );
  return row;
}

export async function insertPracticeAttachment(
  db: Queryable,
  a: {
    practiceId: number;
    dialogueId: number;
    revision: number;
    fileName: string;
    contentType: string;
    format: AttachmentFormat;
    content: Uint8Array;
    sha256: string;
    /** The file's text (bounded), '' when it has none, null for an image. */
    text: string | null;
    userId: number;
    orgId: number;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO practice_attachments (practice_id, dialogue_id,
      revision, file_name, content_type, format, byte_size, sha256, content, text, user_id, organisation_id)
    VALUES (${a.practiceId}, ${a.dialogueId}, ${a.revision}, ${a.fileName}, ${a.contentType}, ${a.format},
      ${a.content.byteLength}, ${a.sha256}, ${a.content}, ${a.text}, ${a.userId}, ${a.orgId})
    RETURNING id`);
  return row!.id;
}

/** A PDF or DOCX of a published practice, for its search item; the bytes only when no text was stored (pre-0051). */
export interface PracticeFileTextRow {
  practice_id: number;
  file_name: string;
  text: string | null;
  content: Uint8Array | null;
}

/**
 * The PDF and DOCX files of the published practices (all, or one), oldest first. Only published practices are
 * indexed (practices.search.ts): the files of a draft are never read for the search.
 */
export function listPublishedPracticeFileTexts(
  db: Queryable,
  practiceId?: number,
): Promise<PracticeFileTextRow[]> {
  const one = practiceId === undefined ? empty : sql`AND p.id = ${practiceId}`;
  return db.query<PracticeFileTextRow>(sql`SELECT a.practice_id, a.file_name, a.text,
      CASE WHEN a.text IS NULL THEN a.content END AS content
    FROM practice_attachments a JOIN practices p ON p.id = a.practice_id
    WHERE p.status = 'published' AND a.format IN ('pdf', 'docx') AND coalesce(a.text, 'x') <> '' ${one}
    ORDER BY a.practice_id, a.id`);
}
