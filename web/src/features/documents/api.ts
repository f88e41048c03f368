import type { ApiQuery } from '@passage/contract';
import { api, apiUpload, apiUrl } from '../../ui/api-client';

/** The document library of a dialogue (src/modules/documents/documents.routes.ts). */

export type { DocumentList, DocumentSummaryView, DocumentView } from '@passage/contract';
export { CLASSIFICATIONS, DOCUMENT_KINDS } from '@passage/contract/constants';

export type DocumentUploadQuery = ApiQuery<'POST /api/dialogues/:slug/documents'>;

/** The content type sent with a file: the browser's, else application/octet-stream (the server sniffs). */
const typeOf = (file: File) => file.type || 'application/octet-stream';

export const listDocuments = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/documents', { params: { slug }, query: {}, signal });
export const getDocument = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/documents/:id', { params: { slug, id }, signal });
export const uploadDocument = (slug: string, file: File, query: Omit<DocumentUploadQuery, 'fileName'>) =>
  apiUpload('POST /api/dialogues/:slug/documents', {
    params: { slug },
    query: { ...query, fileName: file.name },
    file,
    contentType: typeOf(file),
  });
export const uploadVersion = (slug: string, id: number, file: File, note: string) =>
  apiUpload('POST /api/dialogues/:slug/documents/:id/revisions', {
    params: { slug, id },
    query: { fileName: file.name, ...(note ? { note } : {}) },
    file,
    contentType: typeOf(file),
  });
export const fileUrl = (slug: string, id: number, revision?: number) =>
  apiUrl('GET /api/dialogues/:slug/documents/:id/file', {
    params: { slug, id },
    query: revision ? { revision } : {},
  });
