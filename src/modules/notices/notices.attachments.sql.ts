/**
 * Queries of notice attachments and of the inbound e-mails that became drafts (migration 0041). Attachments
 * are read only for a notice the caller already found (findNotice applies its visibility; row-level security
 * repeats it inside EXISTS); they are written with the revision of the notice that added them.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { AttachmentFormat } from '../../domain/notices/attachment-format';

export interface AttachmentRow {
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

export function listAttachments(db: Queryable, noticeId: number): Promise<AttachmentRow[]> {
  return db.query<AttachmentRow>(sql`SELECT a.id, a.revision, a.file_name, a.content_type, a.format, a.byte_size,
      a.sha256, o.name AS organisation, a.created_at
    FROM notice_attachments a JOIN organisations o ON o.id = a.organisation_id
    WHERE a.notice_id = ${noticeId} ORDER BY a.id`);
}

export async function countAttachments(db: Queryable, noticeId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM notice_attachments WHERE notice_id = ${noticeId}`,
  );
  return row?.n ?? 0;
}

export async function readAttachment(
  db: Queryable,
  noticeId: number,
  id: number,
): Promise<{ file_name: string; content_type: string; content: Uint8Array } | undefined> {
  const [row] = await db.query<{ file_name: string; content_type: string; content: Uint8Array }>(
    sql`SELECT file_name, content_type, content FROM notice_attachments
      WHERE notice_id = ${noticeId} AND id = ${id}`,
  );
  return row;
}

export interface NewAttachment {
  noticeId: number;
  dialogueId: number;
  revision: number;
  fileName: string;
  contentType: string;
  format: AttachmentFormat;
  content: Uint8Array;
  sha256: string;
  userId: number;
  orgId: number;
}

export async function insertAttachment(db: Queryable, a: NewAttachment): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO notice_attachments (notice_id, dialogue_id, revision,
      file_name, content_type, format, byte_size, sha256, content, user_id, organisation_id)
    VALUES (${a.noticeId}, ${a.dialogueId}, ${a.revision}, ${a.fileName}, ${a.contentType}, ${a.format},
      ${a.content.byteLength}, ${a.sha256}, ${a.content}, ${a.userId}, ${a.orgId})
    RETURNING id`);
  return row!.id;
}

/** The draft an inbound e-mail already became (the caller's own), by its Message-ID. */
export async function findInboundMail(
  db: Queryable,
  dialogueId: number,
  messageId: string,
): Promise<number | undefined> {
  const [row] = await db.query<{ notice_id: number }>(sql`SELECT notice_id FROM notice_inbound_mails
    WHERE dialogue_id = ${dialogueId} AND message_id = ${messageId}`);
  return row?.notice_id;
}

/** Records that the message became the draft; false when that Message-ID was taken already (by anyone). */
export async function insertInboundMail(
  db: Queryable,
  m: { dialogueId: number; messageId: string; noticeId: number; userId: number },
): Promise<boolean> {
  const rows =
    await db.query(sql`INSERT INTO notice_inbound_mails (dialogue_id, message_id, notice_id, user_id)
    VALUES (${m.dialogueId}, ${m.messageId}, ${m.noticeId}, ${m.userId})
    ON CONFLICT (dialogue_id, message_id) DO NOTHING RETURNING notice_id`);
  return rows.length > 0;
}
