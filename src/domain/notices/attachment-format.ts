/**
 * What a notice attachment may be: a PDF, a DOCX document, or a PNG or JPEG image, found from its bytes
 * (never from its name or the Content-Type the client claims), and how large (PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES,
 * default 10 MiB; at most MAX_ATTACHMENTS_PER_NOTICE per notice). PDF and DOCX are recognised as the document
 * library recognises them (src/domain/documents/file-format.ts, then src/shared/document-text.ts opens them
 * behind the zip guard); images by their signatures here. Pure: no I/O.
 */
import { safeFileName, sniff } from '../documents/file-format';

export const ATTACHMENT_FORMATS = ['pdf', 'docx', 'png', 'jpeg'] as const;
export type AttachmentFormat = (typeof ATTACHMENT_FORMATS)[number];

export const ATTACHMENT_CONTENT_TYPES: Record<AttachmentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

export const MAX_ATTACHMENTS_PER_NOTICE = 20;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** The largest attachment accepted: PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES when a positive integer, else 10 MiB. */
export function maxAttachmentBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_BYTES;
}

/**
 * The first look at the bytes: an image (PNG, JPEG), a candidate document (a PDF or a zip archive, which the
 * caller opens to know whether it is a DOCX), or refused.
 */
export function sniffAttachment(head: Uint8Array): 'png' | 'jpeg' | 'pdf' | 'zip' | 'refused' {
  const starts = (...b: number[]) => b.every((x, i) => head[i] === x);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  const family = sniff(head);
  if (family === 'pdf' || family === 'zip') return family;
  return 'refused';
}

/** Why a file is refused as an attachment, in words that name the allowed types. */
export const ATTACHMENT_TYPES_SENTENCE = 'send a PDF, a DOCX document, or a PNG or JPEG image';

/** The name shown and offered on download: the original one made safe, or `attachment.<ext>`. */
export function attachmentFileName(name: string | undefined, format: AttachmentFormat): string {
  const safe = safeFileName(name, 'pdf');
  const given = (name ?? '').split(/[\\/]/).pop()?.trim();
  return safe === 'document.pdf' && given !== 'document.pdf'
    ? `attachment.${format === 'jpeg' ? 'jpg' : format}`
    : safe;
}
