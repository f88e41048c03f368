/**
 * What an uploaded library file is, by its bytes (never only by its name): PDF by its `%PDF-` header, the
 * zip-based formats (DOCX, XLSX, ODT) by the parts their archive holds, plain text by being valid UTF-8
 * without NUL bytes. Also the download headers of a stored file (content type, a safe Content-Disposition).
 * Pure: no I/O (src/shared/document-text.ts opens the archives and extracts the text).
 */

/** What a library document is. */
export const DOCUMENT_KINDS = ['declaration', 'report', 'meeting_document', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'xlsx', 'odt', 'text'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  text: 'text/plain; charset=utf-8',
};

/** Why a file is refused: not one of the formats, unreadable as its format, or protected by a password. */
export type RejectionKind = 'unsupported' | 'unreadable' | 'encrypted';

export class DocumentRejected extends Error {
  constructor(
    readonly kind: RejectionKind,
    message: string,
  ) {
    super(message);
  }
}

/** The family of a file by its first bytes: a PDF, a zip archive, a legacy/encrypted Office file, or other. */
export function sniff(head: Uint8Array): 'pdf' | 'zip' | 'ole' | 'other' {
  const starts = (...b: number[]) => b.every((x, i) => head[i] === x);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  // An OLE compound file: a legacy .doc/.xls, or an OOXML document encrypted with a password.
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole';
  return 'other';
}

/** The zip-based format from the archive's entry names and its `mimetype` entry (ODF), or a refusal. */
export function zipFormat(entryNames: readonly string[], mimetype: string | null): 'docx' | 'xlsx' | 'odt' {
  const names = new Set(entryNames.map((n) => n.toLowerCase()));
  if (mimetype?.trim() === 'application/vnd.oasis.opendocument.text' && names.has('content.xml'))
    return 'odt';
  if (names.has('[content_types].xml')) {
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
  }
  throw new DocumentRejected(
    'unsupported',
    'the archive is not a DOCX, XLSX or ODT document (send PDF, DOCX, XLSX, ODT or plain text)',
  );
}

/** Plain text: valid UTF-8 (a BOM is dropped), no NUL bytes; else a refusal. */
export function decodePlainText(bytes: Uint8Array): string {
  if (bytes.includes(0))
    throw new DocumentRejected(
      'unsupported',
      'the file is binary, not one of PDF, DOCX, XLSX, ODT or plain text',
    );
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DocumentRejected('unreadable', 'the text file is not valid UTF-8 (save it as UTF-8)');
  }
}

/**
 * Text kept for search: control characters (other than tab and line breaks) removed, runs of blank lines
 * folded, at most `maxChars` characters. The search's highlight markers are control characters, so a
 * document's own text can never fake one.
 */
export function cleanExtractedText(text: string, maxChars = 1_000_000): string {
  const cleaned = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned.length > maxChars ? cleaned.slice(0, maxChars) : cleaned;
}

/** A file name safe to store and show: no path, no control characters, at most 255 characters. */
export function safeFileName(name: string | undefined, format: DocumentFormat): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters never belong in a file name
  const stripped = base.replace(/[\u0000-\u001f\u007f"]/g, '');
  const clean = stripped.trim().slice(0, 255);
  if (clean && clean !== '.' && clean !== '..') return clean;
  return `document.${format === 'text' ? 'txt' : format}`;
}

/**
 * Content-Disposition for a download with the original name: an ASCII fallback (`filename`, non-ASCII as
 * `_`) and the exact name as RFC 5987 `filename*` (UTF-8, percent-encoded), so no quote or line break
 * reaches the header.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
