/**
 * zod schemas of the document library: the metadata sent with an upload (query string: the file is the raw
 * request body, as for the observation imports), the list filter and the views.
 */
import { z } from 'zod';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS } from '../../domain/documents/file-format';
import { CLASSIFICATIONS } from '../../shared/classification';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const DocumentParams = z.object({
  slug: z.string().min(1).max(100),
  id: z.coerce.number().int().positive(),
});

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
const Language = z.string().regex(/^[a-z]{2}$/, 'expected a two-letter language code (en, fr, ru …)');
const FileName = z.string().trim().min(1).max(255);

export const DocumentUploadQuery = z.object({
  title: z.string().trim().min(1).max(300),
  kind: z.enum(DOCUMENT_KINDS),
  language: Language,
  date: Day.optional(),
  classification: z.enum(CLASSIFICATIONS).default('dialogue'),
  /** Organisation ids, comma-separated: who a restricted document is shared with. */
  sharedWith: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'expected organisation ids separated by commas')
    .optional(),
  fileName: FileName.optional(),
  /** The document this one is a language version of (they are shown as one document). */
  translationOf: z.coerce.number().int().positive().optional(),
});
export type DocumentUploadQuery = z.infer<typeof DocumentUploadQuery>;

export const RevisionUploadQuery = z.object({
  fileName: FileName.optional(),
  note: z.string().trim().max(500).optional(),
});
export type RevisionUploadQuery = z.infer<typeof RevisionUploadQuery>;

export const FileQuery = z.object({ revision: z.coerce.number().int().positive().optional() });

export const DocumentListQuery = z.object({
  kind: z.enum(DOCUMENT_KINDS).optional(),
  language: Language.optional(),
});

export const LanguageVersion = z.object({ id: z.number().int(), language: z.string(), title: z.string() });

export const DocumentRevisionView = z.object({
  revision: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  format: z.enum(DOCUMENT_FORMATS),
  byteSize: z.number().int(),
  sha256: z.string(),
  note: z.string(),
  textChars: z.number().int(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});

export const DocumentSummaryView = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  language: z.string(),
  date: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
  sharedWithOrgIds: z.array(z.number().int()),
  organisation: z.string(),
  revision: z.number().int(),
  fileName: z.string(),
  format: z.enum(DOCUMENT_FORMATS),
  byteSize: z.number().int(),
  updatedAt: z.string(),
  /** The other language versions of the same document. */
  languages: z.array(LanguageVersion),
});

export const DocumentView = DocumentSummaryView.extend({
  revisions: z.array(DocumentRevisionView),
  /** The first characters of the extracted text of the current version. */
  excerpt: z.string(),
  canAddVersion: z.boolean(),
});
export type DocumentView = z.infer<typeof DocumentView>;
export type DocumentSummaryView = z.infer<typeof DocumentSummaryView>;

export const DocumentList = z.object({ items: z.array(DocumentSummaryView), canUpload: z.boolean() });
export type DocumentList = z.infer<typeof DocumentList>;
