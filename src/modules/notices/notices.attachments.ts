/**
 * Attachments of notices: PDF, DOCX, PNG or JPEG files, up to PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES each and
 * MAX_ATTACHMENTS_PER_NOTICE per notice. A file's type is found from its bytes before any transaction
 * (checkAttachment: images by their signature, PDF and DOCX as the document library opens them, behind the zip
 * guard), so a refused file writes nothing. Adding one is a revision of the notice (change 'attached', with
 * expectedRevision), by the notifying side (the record rule `changeNotice`), on a draft or a sent notice.
 * Whoever sees the notice lists and downloads its attachments, with their original names.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { contentDisposition, DocumentRejected } from '../../domain/documents/file-format';
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_TYPES_SENTENCE,
  type AttachmentFormat,
  attachmentFileName,
  MAX_ATTACHMENTS_PER_NOTICE,
  maxAttachmentBytes,
  sniffAttachment,
} from '../../domain/notices/attachment-format';
import { readUploadLimits } from '../../domain/upload-limits';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { extractDocumentText } from '../../shared/document-text';
import { AppError, Invalid, NotFound } from '../../shared/errors';
import type { FileDownload } from '../../shared/file-reply';
import { recordAudit } from '../audit/audit.service';
import { requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import type {
  AttachmentUploadQuery,
  NoticeAttachmentList,
  NoticeAttachmentView,
} from './notices.attachments.schema';
import {
  type AttachmentRow,
  countAttachments,
  insertAttachment,
  listAttachments,
  readAttachment,
} from './notices.attachments.sql';
import { noticesPolicy } from './notices.policy';
import { contentOf, requireChangeable, requireNotice, writeRevision } from './notices.service';
import type { NoticeRow } from './notices.sql';

/** A file that passed the checks, ready to store. */
export interface CheckedAttachment {
  fileName: string;
  format: AttachmentFormat;
  contentType: string;
  sha256: string;
  content: Buffer;
  /** The text of a PDF or DOCX as the document library extracts it (practices index it); null for images. */
  text: string | null;
}

export function attachmentTooLarge(fileName: string, limit: number): AppError {
  return new AppError(
    'FILE_TOO_LARGE',
    413,
    `${fileName}: the file is larger than the limit of ${limit} bytes for attachments (PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES); nothing was written`,
    { limitBytes: limit, errors: [{ field: 'file', file: fileName, message: `larger than ${limit} bytes` }] },
  );
}

function refusedType(fileName: string, why: string): AppError {
  return new AppError(
    'NOTICE_ATTACHMENT_TYPE',
    415,
    `${fileName}: ${why}: ${ATTACHMENT_TYPES_SENTENCE}; nothing was written`,
    { errors: [{ field: 'file', file: fileName, message: why }] },
  );
}

/** The file's type from its bytes, its safe name and hash; or the refusal (size, type, damaged, encrypted). */
export async function checkAttachment(
  bytes: Buffer,
  name: string | undefined,
  limit = maxAttachmentBytes(),
): Promise<CheckedAttachment> {
  const shown = attachmentFileName(name, 'pdf');
  if (bytes.length === 0) throw new Invalid([{ field: 'body', message: `${shown}: the file is empty` }]);
  if (bytes.length > limit) throw attachmentTooLarge(shown, limit);
  const family = sniffAttachment(bytes.subarray(0, 8));
  let format: AttachmentFormat;
  let text: string | null = null;
  if (family === 'png' || family === 'jpeg') format = family;
  else if (family === 'refused')
    throw refusedType(shown, 'the content is not a PDF, DOCX, PNG or JPEG file, whatever its name says');
  else {
    try {
      const extracted = await extractDocumentText(bytes, shown, readUploadLimits());
      const found = extracted.format;
      if (found !== 'pdf' && found !== 'docx')
        throw refusedType(shown, `the file is ${found.toUpperCase()}, which notices do not take`);
      format = found;
      text = extracted.text;
    } catch (e) {
      if (!(e instanceof DocumentRejected)) throw e;
      if (e.kind === 'unsupported') throw refusedType(shown, e.message);
      throw new AppError(
        e.kind === 'encrypted' ? 'DOCUMENT_ENCRYPTED' : 'DOCUMENT_UNREADABLE',
        422,
        `${shown}: ${e.message}; nothing was written`,
        { errors: [{ field: 'file', file: shown, message: e.message }] },
      );
    }
  }
  return {
    fileName: attachmentFileName(name, format),
    format,
    contentType: ATTACHMENT_CONTENT_TYPES[format],
    sha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes,
    text,
  };
}

/** Stores checked files on a notice as part of `revision` (in the caller's transaction, as the actor). */
export async function storeAttachments(
  db: Queryable,
  actor: Actor,
  n: Pick<NoticeRow, 'id' | 'dialogue_id'>,
  revision: number,
  files: readonly CheckedAttachment[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const f of files)
    ids.push(
      await insertAttachment(db, {
        noticeId: n.id,
        dialogueId: n.dialogue_id,
        revision,
        fileName: f.fileName,
        contentType: f.contentType,
        format: f.format,
        content: f.content,
        sha256: f.sha256,
        userId: actor.userId,
        orgId: actor.orgId,
      }),
    );
  return ids;
}

/** A stored file as the API shows it (notices' and practices' alike). */
export function attachmentItem(a: Pick<AttachmentRow, keyof AttachmentRow>): NoticeAttachmentView {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    format: a.format,
    byteSize: a.byte_size,
    sha256: a.sha256,
    revision: a.revision,
    organisation: a.organisation,
    createdAt: new Date(a.created_at).toISOString(),
  };
}

async function listView(db: Queryable, actor: Actor | null, n: NoticeRow): Promise<NoticeAttachmentList> {
  const rows = await listAttachments(db, n.id);
  return {
    items: rows.map(attachmentItem),
    revision: n.revision,
    canAttach:
      rows.length < MAX_ATTACHMENTS_PER_NOTICE &&
      noticesPolicy.changeNotice(actor, {
        dialogueId: n.dialogue_id,
        originatorOrgId: n.originator_org_id,
        stateIso3: n.state_iso3,
        status: n.status,
      }),
    maxBytes: maxAttachmentBytes(),
  };
}

/** GET …/notices/:id/attachments: the notice's files, for whoever sees the notice. */
export async function listNoticeAttachments(
  ctx: Ctx,
  slug: string,
  id: number,
): Promise<NoticeAttachmentList> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    listView(db, ctx.actor, await requireNotice(db, ctx.actor, d, id)),
  );
}

/** POST …/notices/:id/attachments: a new revision of the notice adding one file (the notifying side). */
export async function addNoticeAttachment(
  ctx: Ctx,
  slug: string,
  id: number,
  q: AttachmentUploadQuery,
  bytes: Buffer,
): Promise<NoticeAttachmentList> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticesPolicy.change,
    'Only the notifying state (or the secretariat) adds attachments to notices',
  );
  const file = await checkAttachment(bytes, q.fileName);
  return withActor(ctx.db, actor, async (db) => {
    const n = await requireChangeable(db, actor, d, id);
    if ((await countAttachments(db, id)) >= MAX_ATTACHMENTS_PER_NOTICE)
      throw new AppError(
        'NOTICE_ATTACHMENTS_FULL',
        409,
        `Notice ${id} has ${MAX_ATTACHMENTS_PER_NOTICE} attachments already, the most it may have; nothing was written`,
      );
    await writeRevision(db, actor, n, q.expectedRevision, contentOf(n), 'attached');
    const [attachmentId] = await storeAttachments(db, actor, n, n.revision + 1, [file]);
    await recordAudit(
      db,
      actor,
      'notice.attach',
      { type: 'notice', id, dialogueId: d.id },
      { attachmentId, fileName: file.fileName, format: file.format, bytes: file.content.length },
      { ip: ctx.ip },
    );
    return listView(db, actor, await requireNotice(db, actor, d, id));
  });
}

/** A stored file's row as the download that sends it (notices' and practices' alike). */
export function asDownload(file: {
  file_name: string;
  content_type: string;
  content: Uint8Array;
}): FileDownload {
  return {
    contentType: file.content_type,
    disposition: contentDisposition(file.file_name),
    body: Buffer.from(file.content),
  };
}

/** GET …/notices/:id/attachments/:attachmentId: the file with its original name (whoever sees the notice). */
export async function downloadNoticeAttachment(
  ctx: Ctx,
  slug: string,
  id: number,
  attachmentId: number,
): Promise<FileDownload> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const n = await requireNotice(db, ctx.actor, d, id);
    const file = await readAttachment(db, n.id, attachmentId);
    if (!file) throw new NotFound(`Attachment ${attachmentId} of notice ${id}`);
    return asDownload(file);
  });
}
