/**
 * Use cases of the document library, one transaction each, run as the actor (row-level security applies).
 * An upload is read whole (bounded by PASSAGE_DOCUMENT_MAX_BYTES), its format found from its bytes and its
 * text extracted (src/shared/document-text.ts) BEFORE the transaction: a refused file writes nothing. The
 * document row, its file (bytes and text) and its search item are then written together. A new version is a
 * new document_files row (the old ones stay); a language version is a new document of the same group.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  CONTENT_TYPES,
  contentDisposition,
  type DocumentFormat,
  DocumentRejected,
  safeFileName,
} from '../../domain/documents/file-format';
import { readUploadLimits } from '../../domain/upload-limits';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { extractDocumentText } from '../../shared/document-text';
import { AppError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { type DialogueRef, requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { indexItem, type SearchItem } from '../search/search.service';
import { documentsPolicy } from './documents.policy';
import type {
  DocumentList,
  DocumentSummaryView,
  DocumentUploadQuery,
  DocumentView,
  RevisionUploadQuery,
} from './documents.schema';
import {
  type DocumentRow,
  findDocument,
  insertDocument,
  insertFile,
  listAllForIndex,
  listDocuments,
  listRevisions,
  readExcerpt,
  readFile,
  readText,
  setDocumentRevision,
} from './documents.sql';

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** The largest library file accepted: PASSAGE_DOCUMENT_MAX_BYTES, default 20 MiB. */
export function maxDocumentBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PASSAGE_DOCUMENT_MAX_BYTES);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_BYTES;
}

const CODE_OF = {
  unsupported: 'DOCUMENT_UNSUPPORTED',
  unreadable: 'DOCUMENT_UNREADABLE',
  encrypted: 'DOCUMENT_ENCRYPTED',
} as const;
const STATUS_OF = { unsupported: 415, unreadable: 422, encrypted: 422 } as const;

/** A refused file as an API error naming the file (nothing was written). */
function refusal(e: DocumentRejected, fileName: string): AppError {
  return new AppError(CODE_OF[e.kind], STATUS_OF[e.kind], `${fileName}: ${e.message}; nothing was written`, {
    errors: [{ field: 'file', file: fileName, message: e.message }],
  });
}

interface Extracted {
  fileName: string;
  format: DocumentFormat;
  text: string;
  sha256: string;
}

async function extract(bytes: Buffer, name: string | undefined): Promise<Extracted> {
  if (bytes.length === 0) throw new Invalid([{ field: 'body', message: 'the file is empty' }]);
  const provisional = safeFileName(name, 'text');
  try {
    const { format, text } = await extractDocumentText(bytes, provisional, readUploadLimits());
    return {
      fileName: safeFileName(name, format),
      format,
      text,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  } catch (e) {
    if (e instanceof DocumentRejected) throw refusal(e, provisional);
    throw e;
  }
}

const iso = (v: Date | string) => new Date(v).toISOString();

function summaryOf(d: DocumentRow, languages: DocumentRow[]): DocumentSummaryView {
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    language: d.language,
    date: d.document_date,
    classification: d.classification,
    sharedWithOrgIds: d.shared_with_org_ids,
    organisation: d.organisation,
    revision: d.revision,
    fileName: d.file_name,
    format: d.format,
    byteSize: d.byte_size,
    updatedAt: iso(d.updated_at),
    languages: languages
      .filter((l) => l.id !== d.id && l.document_group === d.document_group)
      .map((l) => ({ id: l.id, language: l.language, title: l.title })),
  };
}

function searchItemOf(
  d: Pick<
    DocumentRow,
    'id' | 'dialogue_id' | 'classification' | 'originator_org_id' | 'shared_with_org_ids' | 'title'
  > & { language: string; document_date: string | null },
  slug: string,
  text: string,
): SearchItem {
  return {
    type: 'document',
    id: d.id,
    dialogueId: d.dialogue_id,
    classification: d.classification,
    originatorOrgId: d.originator_org_id,
    sharedWithOrgIds: d.shared_with_org_ids,
    date: d.document_date,
    language: d.language,
    title: d.title,
    body: text,
    link: `/d/${slug}/documents/${d.id}`,
  };
}

async function viewOf(db: Queryable, ctx: Ctx, d: DialogueRef, row: DocumentRow): Promise<DocumentView> {
  const group = await listDocuments(db, ctx.actor, d.id, { group: row.document_group });
  const revisions = await listRevisions(db, row.id);
  return {
    ...summaryOf(row, group),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      fileName: r.file_name,
      contentType: r.content_type,
      format: r.format,
      byteSize: r.byte_size,
      sha256: r.sha256,
      note: r.note,
      textChars: r.text_chars,
      uploadedBy: r.uploaded_by,
      createdAt: iso(r.created_at),
    })),
    excerpt: await readExcerpt(db, row.id, row.revision),
    canAddVersion: documentsPolicy.changeDocument(ctx.actor, {
      dialogueId: row.dialogue_id,
      originatorOrgId: row.originator_org_id,
    }),
  };
}

async function requireDocument(db: Queryable, ctx: Ctx, d: DialogueRef, id: number, forUpdate = false) {
  const row = await findDocument(db, ctx.actor, d.id, id, { forUpdate });
  if (!row) throw new NotFound(`Document ${id}`);
  return row;
}

const by = (a: Actor) => ({ userId: a.userId, orgId: a.orgId });

/** GET …/documents */
export async function listLibrary(
  ctx: Ctx,
  slug: string,
  q: { kind?: DocumentRow['kind'] | undefined; language?: string | undefined },
): Promise<DocumentList> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const rows = await listDocuments(db, ctx.actor, d.id, q);
    const all = q.kind || q.language ? await listDocuments(db, ctx.actor, d.id, {}) : rows;
    return {
      items: rows.map((r) => summaryOf(r, all)),
      canUpload: !!ctx.actor && documentsPolicy.upload.check(ctx.actor, { dialogueId: d.id }),
    };
  });
}

/** GET …/documents/:id */
export async function getDocument(ctx: Ctx, slug: string, id: number): Promise<DocumentView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    viewOf(db, ctx, d, await requireDocument(db, ctx, d, id)),
  );
}

/** POST …/documents: a new document (or a language version of one), its first version and its search item. */
export async function uploadDocument(
  ctx: Ctx,
  slug: string,
  q: DocumentUploadQuery,
  bytes: Buffer,
): Promise<DocumentView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    documentsPolicy.upload,
    'Only the secretariat and the analysts of member states upload documents',
  );
  const sharedWithOrgIds = q.sharedWith ? [...new Set(q.sharedWith.split(',').map(Number))] : [];
  if (q.classification === 'restricted' && sharedWithOrgIds.length === 0)
    throw new Invalid([
      {
        field: 'querystring.sharedWith',
        message: 'a restricted document names the organisations it is shared with',
      },
    ]);
  const file = await extract(bytes, q.fileName);
  return withActor(ctx.db, actor, async (db) => {
    let group: number | null = null;
    if (q.translationOf) {
      const original = await findDocument(db, actor, d.id, q.translationOf);
      if (!original)
        throw new Invalid([
          {
            field: 'querystring.translationOf',
            message: `document ${q.translationOf} is not in this library`,
          },
        ]);
      group = original.document_group;
    }
    const id = await insertDocument(db, {
      dialogueId: d.id,
      group,
      orgId: actor.orgId,
      authorId: actor.userId,
      title: q.title,
      kind: q.kind,
      language: q.language,
      date: q.date ?? null,
      classification: q.classification,
      sharedWithOrgIds,
    });
    await insertFile(db, {
      documentId: id,
      revision: 1,
      dialogueId: d.id,
      fileName: file.fileName,
      contentType: CONTENT_TYPES[file.format],
      format: file.format,
      content: bytes,
      sha256: file.sha256,
      text: file.text,
      note: '',
      ...by(actor),
    });
    const row = await requireDocument(db, ctx, d, id);
    await indexItem(db, searchItemOf(row, d.slug, file.text));
    await recordAudit(
      db,
      actor,
      'document.upload',
      { type: 'document', id: String(id), dialogueIds: [d.id] },
      { fileName: file.fileName, format: file.format, bytes: bytes.length },
      { ip: ctx.ip },
    );
    return viewOf(db, ctx, d, row);
  });
}

/** POST …/documents/:id/revisions: a new version; the old ones are kept. */
export async function addDocumentVersion(
  ctx: Ctx,
  slug: string,
  id: number,
  q: RevisionUploadQuery,
  bytes: Buffer,
): Promise<DocumentView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    documentsPolicy.upload,
    'Only the secretariat and the analysts of member states upload documents',
  );
  const file = await extract(bytes, q.fileName);
  return withActor(ctx.db, actor, async (db) => {
    const row = await requireDocument(db, ctx, d, id, true);
    if (!documentsPolicy.changeDocument(actor, { dialogueId: d.id, originatorOrgId: row.originator_org_id }))
      throw new Forbidden('Only the originating organisation or the secretariat adds a version');
    const revision = row.revision + 1;
    await insertFile(db, {
      documentId: id,
      revision,
      dialogueId: d.id,
      fileName: file.fileName,
      contentType: CONTENT_TYPES[file.format],
      format: file.format,
      content: bytes,
      sha256: file.sha256,
      text: file.text,
      note: q.note ?? '',
      ...by(actor),
    });
    await setDocumentRevision(db, id, revision);
    const updated = await requireDocument(db, ctx, d, id);
    await indexItem(db, searchItemOf(updated, d.slug, file.text));
    await recordAudit(
      db,
      actor,
      'document.version',
      { type: 'document', id: String(id), dialogueIds: [d.id] },
      { revision, fileName: file.fileName, format: file.format, bytes: bytes.length },
      { ip: ctx.ip },
    );
    return viewOf(db, ctx, d, updated);
  });
}

export interface DocumentDownload {
  contentType: string;
  disposition: string;
  body: Buffer;
}

/** GET …/documents/:id/file: the current version (or ?revision=n) with its original name. */
export async function downloadDocument(
  ctx: Ctx,
  slug: string,
  id: number,
  revision: number | undefined,
): Promise<DocumentDownload> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const row = await requireDocument(db, ctx, d, id);
    const file = await readFile(db, id, revision ?? row.revision);
    if (!file) throw new NotFound(`Version ${revision} of document ${id}`);
    return {
      contentType: file.content_type,
      disposition: contentDisposition(file.file_name),
      body: Buffer.from(file.content),
    };
  });
}

/** The library's items for the search (reindexing; runs in the caller's transaction). */
export async function documentSearchItems(db: Queryable): Promise<SearchItem[]> {
  const rows = await listAllForIndex(db);
  return rows.map((r) => searchItemOf(r, r.slug, r.text));
}

/** The current text of a document (tests, reindexing one document). */
export async function documentText(ctx: Ctx, slug: string, id: number): Promise<string> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const row = await requireDocument(db, ctx, d, id);
    return readText(db, id, row.revision);
  });
}
