/**
 * Queries of the document library (migration 0032). Every read goes through visibleTo; a file is always
 * written with its document row in the caller's transaction (no orphan bytes, no row without a file).
 */
import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { DocumentFormat, DocumentKind } from '../../domain/documents/file-format';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

export interface DocumentRow {
  id: number;
  dialogue_id: number;
  document_group: number;
  originator_org_id: number;
  organisation: string;
  title: string;
  kind: DocumentKind;
  language: string;
  document_date: string | null;
  classification: Classification;
  shared_with_org_ids: number[];
  revision: number;
  updated_at: Date;
  file_name: string;
  format: DocumentFormat;
  byte_size: number;
}

const SELECT_DOCUMENT = sql`SELECT d.id, d.dialogue_id, coalesce(d.document_group, d.id) AS document_group,
    d.originator_org_id, o.name AS organisation, d.title, d.kind, d.language,
    to_char(d.document_date, 'YYYY-MM-DD') AS document_date, d.classification, d.shared_with_org_ids,
    d.revision, d.updated_at, f.file_name, f.format, f.byte_size
  FROM documents d JOIN organisations o ON o.id = d.originator_org_id
  JOIN document_files f ON f.document_id = d.id AND f.revision = d.revision`;

export async function findDocument(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<DocumentRow | undefined> {
  const [row] = await db.query<DocumentRow>(sql`${SELECT_DOCUMENT}
    WHERE d.id = ${id} AND d.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'd')}
    ${opts.forUpdate ? sql`FOR UPDATE OF d` : empty}`);
  return row;
}

export function listDocuments(
  db: Queryable,
  actor: MaybeActor,
  dialogueId: number,
  f: { kind?: DocumentKind | undefined; language?: string | undefined; group?: number },
): Promise<DocumentRow[]> {
  const c: Sql[] = [sql`d.dialogue_id = ${dialogueId}`, visibleTo(actor, 'd')];
  if (f.kind) c.push(sql`d.kind = ${f.kind}`);
  if (f.language) c.push(sql`d.language = ${f.language}`);
  if (f.group) c.push(sql`coalesce(d.document_group, d.id) = ${f.group}`);
  return db.query<DocumentRow>(sql`${SELECT_DOCUMENT} WHERE ${join(c, ' AND ')}
    ORDER BY d.document_date DESC NULLS LAST, d.updated_at DESC, d.id DESC LIMIT 500`);
}

export interface NewDocument {
  dialogueId: number;
  group: number | null;
  orgId: number;
  authorId: number;
  title: string;
  kind: DocumentKind;
  language: string;
  date: string | null;
  classification: Classification;
  sharedWithOrgIds: number[];
}

export async function insertDocument(db: Queryable, d: NewDocument): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO documents (dialogue_id, document_group,
      originator_org_id, author_id, title, kind, language, document_date, classification, shared_with_org_ids)
    VALUES (${d.dialogueId}, ${d.group}, ${d.orgId}, ${d.authorId}, ${d.title}, ${d.kind}, ${d.language},
      ${d.date}::date, ${d.classification}, ${d.sharedWithOrgIds}::int[])
    RETURNING id`);
  return row!.id;
}

export async function setDocumentRevision(db: Queryable, id: number, revision: number): Promise<void> {
  await db.query(sql`UPDATE documents SET revision = ${revision}, updated_at = now() WHERE id = ${id}`);
}

export interface NewFile {
  documentId: number;
  revision: number;
  dialogueId: number;
  fileName: string;
  contentType: string;
  format: DocumentFormat;
  content: Uint8Array;
  sha256: string;
  text: string;
  note: string;
  userId: number;
  orgId: number;
}

export async function insertFile(db: Queryable, f: NewFile): Promise<void> {
  await db.query(sql`INSERT INTO document_files (document_id, revision, dialogue_id, file_name, content_type,
      format, byte_size, sha256, content, extracted_text, note, user_id, organisation_id)
    VALUES (${f.documentId}, ${f.revision}, ${f.dialogueId}, ${f.fileName}, ${f.contentType}, ${f.format},
      ${f.content.byteLength}, ${f.sha256}, ${f.content}, ${f.text}, ${f.note}, ${f.userId}, ${f.orgId})`);
}

export interface RevisionRow {
  revision: number;
  file_name: string;
  content_type: string;
  format: DocumentFormat;
  byte_size: number;
  sha256: string;
  note: string;
  text_chars: number;
  uploaded_by: string;
  created_at: Date;
}

/** The document's versions, newest first (the document row must be visible: RLS and the caller's check). */
export function listRevisions(db: Queryable, documentId: number): Promise<RevisionRow[]> {
  return db.query<RevisionRow>(sql`SELECT f.revision, f.file_name, f.content_type, f.format, f.byte_size,
      f.sha256, f.note, length(f.extracted_text) AS text_chars, o.name AS uploaded_by, f.created_at
    FROM document_files f JOIN organisations o ON o.id = f.organisation_id
    WHERE f.document_id = ${documentId} ORDER BY f.revision DESC`);
}

export async function readExcerpt(db: Queryable, documentId: number, revision: number): Promise<string> {
  const [row] = await db.query<{ excerpt: string }>(sql`SELECT left(extracted_text, 600) AS excerpt
    FROM document_files WHERE document_id = ${documentId} AND revision = ${revision}`);
  return row?.excerpt ?? '';
}

export async function readText(db: Queryable, documentId: number, revision: number): Promise<string> {
  const [row] = await db.query<{ text: string }>(sql`SELECT extracted_text AS text
    FROM document_files WHERE document_id = ${documentId} AND revision = ${revision}`);
  return row?.text ?? '';
}

export async function readFile(
  db: Queryable,
  documentId: number,
  revision: number,
): Promise<{ file_name: string; content_type: string; content: Uint8Array } | undefined> {
  const [row] = await db.query<{ file_name: string; content_type: string; content: Uint8Array }>(sql`
    SELECT file_name, content_type, content FROM document_files
    WHERE document_id = ${documentId} AND revision = ${revision}`);
  return row;
}

/** All documents with their current text, for reindexing the search (runs as the owner). */
export function listAllForIndex(db: Queryable): Promise<(DocumentRow & { text: string; slug: string })[]> {
  return db.query<DocumentRow & { text: string; slug: string }>(sql`SELECT d.id, d.dialogue_id,
      d.originator_org_id, d.title, d.kind, d.language, to_char(d.document_date, 'YYYY-MM-DD') AS document_date,
      d.classification, d.shared_with_org_ids, d.revision, f.extracted_text AS text, g.slug
    FROM documents d JOIN document_files f ON f.document_id = d.id AND f.revision = d.revision
    JOIN dialogues g ON g.id = d.dialogue_id`);
}
