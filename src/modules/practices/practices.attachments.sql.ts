/**
 * Queries of practice attachments (migration 0049). Attachments are read only for a practice the caller already
 * found (findPracticeRow applies its visibility; row-level security repeats it inside EXISTS); they are written
 * with the revision of the practice that added them.
 */
import sql from 'sql-template-tag';
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
}

export function listPracticeAttachments(db: Queryable, practiceId: number): Promise<PracticeAttachmentRow[]> {
  return db.query<PracticeAttachmentRow>(sql`SELECT a.id, a.revision, a.file_name, a.content_type, a.format,
      a.byte_size, a.sha256, o.name AS organisation, a.created_at
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
    userId: number;
    orgId: number;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO practice_attachments (practice_id, dialogue_id,
      revision, file_name, content_type, format, byte_size, sha256, content, user_id, organisation_id)
    VALUES (${a.practiceId}, ${a.dialogueId}, ${a.revision}, ${a.fileName}, ${a.contentType}, ${a.format},
      ${a.content.byteLength}, ${a.sha256}, ${a.content}, ${a.userId}, ${a.orgId})
    RETURNING id`);
  return row!.id;
}
