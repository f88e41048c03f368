/**
 * What a practice's files add to the search (src/modules/practices/practices.search.ts), pure: the text of each
 * PDF or DOCX, bounded when it is stored, and the practice's search item body, which is the practice's own text
 * followed by each file's name and text, bounded as a whole. Images have no text; a file whose text is empty (a
 * scanned PDF without a text layer) adds nothing.
 */
import type { AttachmentFormat } from '../notices/attachment-format';

/** At most this many characters of one file's text are kept (and indexed). */
export const FILE_TEXT_MAX_CHARS = 100_000;
/** At most this many characters of a practice's search body (its text and its files', up to 20 files). */
export const PRACTICE_SEARCH_BODY_MAX_CHARS = 500_000;

/** A file's text as stored: trimmed, at most `max` characters. */
export function boundedFileText(text: string, max = FILE_TEXT_MAX_CHARS): string {
  const t = text.trim();
  return t.length > max ? t.slice(0, max).trimEnd() : t;
}

/** Formats whose text is extracted (the document library's extraction opens them; images have none). */
export const hasTextFormat = (format: AttachmentFormat): boolean => format === 'pdf' || format === 'docx';

/**
 * Whether a stored file is found by its words: a PDF or DOCX with text (`hasText`), or one stored before its
 * text was kept (`null`: read again when the practice is indexed).
 */
export const isSearchableFile = (format: AttachmentFormat, hasText: boolean | null): boolean =>
  hasTextFormat(format) && hasText !== false;

export interface FileText {
  fileName: string;
  text: string | null;
}

/**
 * The body of a practice's search item: its own text, then each file with text as its name on a line and its
 * text, in the order given, until `max` characters (a file that does not fit is cut, the following ones left
 * out).
 */
export function practiceSearchBody(
  own: string,
  files: readonly FileText[],
  max = PRACTICE_SEARCH_BODY_MAX_CHARS,
): string {
  const parts = [own.length > max ? own.slice(0, max) : own];
  let used = parts[0]!.length;
  for (const f of files) {
    const text = f.text?.trim();
    if (!text) continue;
    const room = max - used - f.fileName.length - 2;
    if (room <= 0) break;
    const piece = `${f.fileName}\n${boundedFileText(text, Math.min(room, FILE_TEXT_MAX_CHARS))}`;
    parts.push(piece);
    used += piece.length + 1;
  }
  return parts.join('\n');
}
