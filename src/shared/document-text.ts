/**
 * The text of an uploaded library file, for search, with maintained libraries and no external tools: PDF with
 * pdf-parse (pdf.js), DOCX with mammoth, XLSX with the bounded XLSX reader of the imports
 * (src/shared/xlsx-reader.ts), ODT with the bounded XML scanner of the imports over content.xml, plain text as checked UTF-8. The format comes
 * from the bytes (src/domain/documents/file-format.ts), never from the name. Every zip-based file goes
 * through the zip guard first (src/shared/zip-guard.ts: entry count, declared sizes and ratios, then every
 * entry inflated once and counted), so a zip bomb is refused before mammoth or sax see it. Refusals are
 * DocumentRejected (unsupported, unreadable, encrypted) or UploadLimitExceeded.
 */
import { Readable } from 'node:stream';
import {
  cleanExtractedText,
  type DocumentFormat,
  DocumentRejected,
  decodePlainText,
  sniff,
  zipFormat,
} from '../domain/documents/file-format';
import { limitValue, type UploadLimits } from '../domain/upload-limits';
import { XmlError, type XmlEvent, XmlScanner, XmlTagTooLong } from '../domain/xlsx/xml-scanner';
import { readXlsxFile, XlsxRejected } from './xlsx-reader';
import { GuardedZip, spoolToTempFile, ZipRejected } from './zip-guard';

export interface ExtractedDocument {
  format: DocumentFormat;
  text: string;
}

export async function extractDocumentText(
  bytes: Buffer,
  fileName: string,
  limits: UploadLimits,
): Promise<ExtractedDocument> {
  const family = sniff(bytes.subarray(0, 8));
  if (family === 'pdf') return { format: 'pdf', text: cleanExtractedText(await pdfText(bytes)) };
  if (family === 'ole')
    throw new DocumentRejected(
      'encrypted',
      'the file is a password-protected Office document or a legacy .doc/.xls file: remove the password or save it as DOCX, XLSX or PDF',
    );
  if (family === 'zip') return zipText(bytes, fileName, limits);
  return { format: 'text', text: cleanExtractedText(decodePlainText(bytes)) };
}

// pdf.js and mammoth are loaded on the first document that needs them: together they weigh tens of MB of
// heap, which every server process (and the small-heap import check) would otherwise pay at start.
async function pdfText(bytes: Buffer): Promise<string> {
  const { PasswordException, PDFParse, VerbosityLevel } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
  try {
    return (await parser.getText({ pageJoiner: '\n' })).text;
  } catch (e) {
    if (e instanceof PasswordException)
      throw new DocumentRejected('encrypted', 'the PDF is protected by a password: upload it without one');
    throw new DocumentRejected('unreadable', `the PDF cannot be read (${(e as Error).message})`);
  } finally {
    await parser.destroy();
  }
}

async function zipText(bytes: Buffer, fileName: string, limits: UploadLimits): Promise<ExtractedDocument> {
  const spooled = await spoolToTempFile(Readable.from([bytes]));
  try {
    let zip: GuardedZip;
    try {
      zip = await GuardedZip.open(spooled.path, limits.zip, fileName);
    } catch (e) {
      if (e instanceof ZipRejected) throw rejectedZip(e);
      throw e;
    }
    let format: 'docx' | 'xlsx' | 'odt';
    let odtContent = '';
    try {
      const names = zip.entries.map((e) => e.name);
      const mimetypeEntry = zip.find('mimetype');
      const mimetype = mimetypeEntry ? (await readEntry(zip, mimetypeEntry)).toString('utf8') : null;
      format = zipFormat(names, mimetype);
      if (format === 'docx') {
        // Every entry inflated once, counted against its declared size and the archive's total: only an
        // archive that really fits the limits reaches mammoth.
        for (const name of names) for await (const _ of zip.openEntry(name));
      }
      if (format === 'odt')
        odtContent = (await readEntry(zip, zip.find('content.xml') ?? 'content.xml')).toString('utf8');
    } catch (e) {
      if (e instanceof ZipRejected) throw rejectedZip(e);
      throw e;
    } finally {
      zip.close();
    }
    if (format === 'docx') return { format, text: cleanExtractedText(await docxText(bytes)) };
    if (format === 'odt') return { format, text: cleanExtractedText(odtText(odtContent)) };
    return { format, text: cleanExtractedText(await xlsxText(spooled.path, fileName, limits)) };
  } finally {
    await spooled.remove();
  }
}

function rejectedZip(e: ZipRejected): DocumentRejected {
  return e.message.includes('encrypted')
    ? new DocumentRejected('encrypted', `the archive is encrypted: ${e.message}`)
    : new DocumentRejected('unreadable', e.message);
}

async function readEntry(zip: GuardedZip, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of zip.openEntry(name)) parts.push(chunk);
  return Buffer.concat(parts);
}

async function docxText(bytes: Buffer): Promise<string> {
  const { default: mammoth } = await import('mammoth');
  try {
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (e) {
    throw new DocumentRejected('unreadable', `the DOCX document cannot be read (${(e as Error).message})`);
  }
}

/** The text of an ODF content.xml: paragraphs and headings on their own lines, spaces and tabs kept. */
export function odtText(xml: string): string {
  const scanner = new XmlScanner(limitValue('xmlTagChars'));
  const events: XmlEvent[] = [];
  try {
    scanner.push(xml, events);
    scanner.end(events);
  } catch (e) {
    if (e instanceof XmlError || e instanceof XmlTagTooLong)
      throw new DocumentRejected('unreadable', `the ODT document cannot be read (${e.message})`);
    throw e;
  }
  const out: string[] = [];
  let inBody = false;
  for (const e of events) {
    if (e.type === 'open') {
      if (e.name === 'body') inBody = true;
      else if (e.name === 's') out.push(' '.repeat(Math.min(Number(e.attrs['text:c'] ?? 1) || 1, 100)));
      else if (e.name === 'tab') out.push('\t');
      else if (e.name === 'line-break') out.push('\n');
      else if (e.isSelfClosing && (e.name === 'p' || e.name === 'h')) out.push('\n');
    } else if (e.type === 'close') {
      if (e.name === 'p' || e.name === 'h') out.push('\n');
      if (e.name === 'body') inBody = false;
    } else if (inBody) out.push(e.text);
  }
  return out.join('');
}

async function xlsxText(path: string, fileName: string, limits: UploadLimits): Promise<string> {
  const lines: string[] = [];
  try {
    for await (const row of readXlsxFile(path, { limits, fileName })) {
      const cells = row.values.filter((v) => v !== '');
      if (cells.length) lines.push(cells.join('\t'));
    }
  } catch (e) {
    if (e instanceof XlsxRejected)
      throw new DocumentRejected('unreadable', `the workbook cannot be read (${e.message})`);
    throw e;
  }
  return lines.join('\n');
}
