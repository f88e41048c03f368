import { describe, expect, it } from 'vitest';
import {
  cleanExtractedText,
  contentDisposition,
  DocumentRejected,
  decodePlainText,
  safeFileName,
  sniff,
  zipFormat,
} from './file-format';

describe('library file formats', () => {
  it('tells the families apart by their first bytes', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('zip');
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('ole');
    expect(sniff(Buffer.from('plain text'))).toBe('other');
  });

  it('names the zip-based format from its parts, and refuses other archives', () => {
    expect(zipFormat(['[Content_Types].xml', 'word/document.xml'], null)).toBe('docx');
    expect(zipFormat(['[Content_Types].xml', 'xl/workbook.xml'], null)).toBe('xlsx');
    expect(zipFormat(['mimetype', 'content.xml'], 'application/vnd.oasis.opendocument.text')).toBe('odt');
    expect(() =>
      zipFormat(['mimetype', 'content.xml'], 'application/vnd.oasis.opendocument.spreadsheet'),
    ).toThrow(DocumentRejected);
    expect(() => zipFormat(['a.txt'], null)).toThrow(/not a DOCX, XLSX or ODT/);
  });

  it('decodes UTF-8 text, refusing binary and invalid bytes', () => {
    expect(decodePlainText(Buffer.from('\ufeffÉtat', 'utf8'))).toBe('État');
    expect(() => decodePlainText(Buffer.from([0x61, 0x00, 0x62]))).toThrow(/binary/);
    expect(() => decodePlainText(Buffer.from([0xc3, 0x28]))).toThrow(/UTF-8/);
  });

  it('cleans extracted text of control characters and blank runs', () => {
    expect(cleanExtractedText('a\u0002b\r\n\r\n\r\n\r\nc  \n', 100)).toBe('a b\n\nc');
    expect(cleanExtractedText('abcdef', 3)).toBe('abc');
  });

  it('keeps a safe original name and a header that cannot be broken', () => {
    expect(safeFileName('C:\\Users\\x\\rapport "final".pdf', 'pdf')).toBe('rapport final.pdf');
    expect(safeFileName('../..', 'docx')).toBe('document.docx');
    expect(safeFileName(undefined, 'text')).toBe('document.txt');
    expect(contentDisposition('протокол "1".txt\r\nX: y')).toBe(
      `attachment; filename="________ _1_.txt__X: y"; filename*=UTF-8''%D0%BF%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB%20%221%22.txt%0D%0AX%3A%20y`,
    );
  });
});
