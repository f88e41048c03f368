/**
 * Attachments of best practices (evaluation reports, leaflets, photographs): PDF, DOCX, PNG or JPEG files,
 * checked as notice attachments are (checkAttachment: the type from the bytes, the size limit
 * PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES, damaged or protected files refused) before any transaction, so a refused
 * file writes nothing. Adding one is a revision of the practice (change 'attached', with expectedRevision) by
 * whoever may change the practice now (its originator while a draft or returned, the secretariat once
 * published). Whoever sees the practice, the public for a published public one, lists and downloads its files.
 * A PDF's or DOCX's text (extracted by the check, with the document library's extraction) is stored with it; a
 * published practice's search item holds it (practices.search.ts), so a file added to a published practice is
 * searchable at once and one added to a draft when the practice is published.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { MAX_ATTACHMENTS_PER_NOTICE, maxAttachmentBytes } from '../../domain/notices/attachment-format';
import { boundedFileText, isSearchableFile } from '../../domain/practices/practice-files';
import type { MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, NotFound } from '../../shared/errors';
import type { FileDownload } from '../../shared/file-reply';
import { recordAudit } from '../audit/audit.service';
import { requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { asDownload, attachmentItem, checkAttachment } from '../notices/notices.attachments';
import {
  insertPracticeAttachment,
  listPracticeAttachments,
  type PracticeAttachmentRow,
  readPracticeAttachment,
} from './practices.attachments.sql';
import { practicesPolicy } from './practices.policy';
import type {
  PracticeAttachmentList,
  PracticeAttachmentUploadQuery,
  PracticeAttachmentView,
} from './practices.schema';
import { reindexPractice } from './practices.search';
import { by, contentOf, refOf, requireFor, requirePractice, target } from './practices.service';
import { insertPracticeRevision, type PracticeRow, updatePracticeRow } from './practices.sql';

/** Files one practice may have (as a notice). */
export const MAX_ATTACHMENTS_PER_PRACTICE = MAX_ATTACHMENTS_PER_NOTICE;

/** A stored file as the API shows it: as a notice's, and whether its words find the practice. */
const fileItem = (r: PracticeAttachmentRow): PracticeAttachmentView => ({
  ...attachmentItem(r),
  isSearchable: isSearchableFile(r.format, r.has_text),
});

async function listView(db: Queryable, actor: MaybeActor, p: PracticeRow): Promise<PracticeAttachmentList> {
  const rows = await listPracticeAttachments(db, p.id);
  return {
    items: rows.map(fileItem),
    revision: p.revision,
    canAttach:
      rows.length < MAX_ATTACHMENTS_PER_PRACTICE &&
      practicesPolicy.changePractice(actor, refOf(p)) &&
      p.status !== 'submitted',
    maxBytes: maxAttachmentBytes(),
  };
}

/** GET …/practices/:id/attachments: the practice's files, for whoever sees the practice. */
export async function listPracticeFiles(ctx: Ctx, slug: string, id: number): Promise<PracticeAttachmentList> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    listView(db, ctx.actor, await requirePractice(db, ctx.actor, d, id)),
  );
}

/** POST …/practices/:id/attachments: a new revision of the practice adding one file. */
export async function addPracticeFile(
  ctx: Ctx,
  slug: string,
  id: number,
  q: PracticeAttachmentUploadQuery,
  bytes: Buffer,
): Promise<PracticeAttachmentList> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    practicesPolicy.write,
    'Only members other than viewers add files to practices',
  );
  const file = await checkAttachment(bytes, q.fileName);
  return withActor(ctx.db, actor, async (db) => {
    // Those who see a submitted practice (its originator, the secretariat) wait for the verification.
    if ((await requirePractice(db, actor, d, id)).status === 'submitted')
      throw new AppError(
        'PRACTICE_WRONG_STATUS',
        409,
        `Practice ${id} waits for verification: add files later`,
      );
    const p = await requireFor(
      db,
      actor,
      d,
      id,
      practicesPolicy.changePractice,
      'Only the organisation that wrote this practice (or, once published, the secretariat) adds files to it',
    );
    if ((await listPracticeAttachments(db, id)).length >= MAX_ATTACHMENTS_PER_PRACTICE)
      throw new AppError(
        'PRACTICE_ATTACHMENTS_FULL',
        409,
        `Practice ${id} has ${MAX_ATTACHMENTS_PER_PRACTICE} files already, the most it may have; nothing was written`,
      );
    const content = contentOf(p);
    if (
      p.revision !== q.expectedRevision ||
      !(await updatePracticeRow(db, p.id, q.expectedRevision, content, p.status, p.review_comment))
    )
      throw new Conflict(`Practice ${id} is at revision ${p.revision}, not ${q.expectedRevision}: reload it`);
    const revision = p.revision + 1;
    await insertPracticeRevision(db, {
      practiceId: p.id,
      revision,
      dialogueId: p.dialogue_id,
      change: 'attached',
      comment: file.fileName,
      content: { ...content, status: p.status },
      ...by(actor),
    });
    const attachmentId = await insertPracticeAttachment(db, {
      practiceId: p.id,
      dialogueId: p.dialogue_id,
      revision,
      fileName: file.fileName,
      contentType: file.contentType,
      format: file.format,
      content: file.content,
      sha256: file.sha256,
      text: file.text === null ? null : boundedFileText(file.text),
      ...by(actor),
    });
    // A published practice's search item takes the new file's text now (a draft's is indexed on publication).
    await reindexPractice(db, p.id);
    await recordAudit(
      db,
      actor,
      'practice.attach',
      target(d, id),
      { attachmentId, fileName: file.fileName, format: file.format, bytes: file.content.length },
      { ip: ctx.ip },
    );
    return listView(db, actor, await requirePractice(db, actor, d, id));
  });
}

/** GET …/practices/:id/attachments/:attachmentId: the file with its original name (whoever sees the practice). */
export async function downloadPracticeFile(
  ctx: Ctx,
  slug: string,
  id: number,
  attachmentId: number,
): Promise<FileDownload> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const p = await requirePractice(db, ctx.actor, d, id);
    const file = await readPracticeAttachment(db, p.id, attachmentId);
    if (!file) throw new NotFound(`File ${attachmentId} of practice ${id}`);
    return asDownload(file);
  });
}
