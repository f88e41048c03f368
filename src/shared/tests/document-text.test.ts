/**
 * Text extraction of library files (src/shared/document-text.ts) on real files made here: a PDF (pdf-lib), a
 * DOCX and an ODT (jszip), an XLSX (the test workbook builder), plain text; and the refusals: an encrypted
 * PDF, a corrupt PDF, a legacy/encrypted Office file, an unsupported binary, invalid UTF-8, a DOCX zip bomb.
 */
import { describe, expect, it } from 'vitest';
import { makeDocx, makeEncryptedPdf, makeOdt, makePdf } from '../../../test/library-files';
import { buildXlsx, buildZip, repeated } from '../../../test/zip-builder';
import { readUploadLimits } from '../../domain/upload-limits';
import { extractDocumentText } from '../document-text';

const limits = readUploadLimits({});
const extract = (b: Buffer, name = 'file') => extractDocumentText(b, name, limits);

describe('document text extraction', () => {
  it('reads the text of a PDF, a DOCX, an ODT, an XLSX and plain text, finding the format by the bytes', async () => {
    const pdf = await extract(await makePdf(['Building migration partnerships', 'Prague 2009 déclaration']));
    expect(pdf.format).toBe('pdf');
    expect(pdf.text).toContain('Building migration partnerships');
    expect(pdf.text).toContain('déclaration');

    const docx = await extract(await makeDocx(['Partenariat pour la migration', 'Шёлковый путь']), 'x.pdf');
    expect(docx).toEqual({ format: 'docx', text: 'Partenariat pour la migration\n\nШёлковый путь' });

    const odt = await extract(await makeOdt(['Readmission agreement', 'Visa facilitation']));
    expect(odt).toEqual({ format: 'odt', text: 'Readmission agreement\nVisa facilitation' });

    const xlsx = await extract(
      await buildXlsx({
        sheetData:
          '<row r="1"><c r="A1" t="inlineStr"><is><t>Route</t></is></c><c r="B1" t="inlineStr"><is><t>Detections</t></is></c></row>' +
          '<row r="2"><c r="A2" t="inlineStr"><is><t>Eastern Mediterranean</t></is></c><c r="B2"><v>1200</v></c></row>',
      }),
    );
    expect(xlsx.format).toBe('xlsx');
    expect(xlsx.text).toContain('Eastern Mediterranean');

    const text = await extract(Buffer.from('\ufeffЗаявление министров\r\nо миграции', 'utf8'), 'a.pdf');
    expect(text).toEqual({ format: 'text', text: 'Заявление министров\nо миграции' });
  });

  it('refuses encrypted, corrupt, legacy, binary and non-UTF-8 files with the reason', async () => {
    await expect(extract(await makeEncryptedPdf())).rejects.toMatchObject({ kind: 'encrypted' });
    await expect(extract(Buffer.from('%PDF-1.7\nnot really a pdf'))).rejects.toMatchObject({
      kind: 'unreadable',
    });
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(extract(ole)).rejects.toMatchObject({ kind: 'encrypted' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await expect(extract(png, 'picture.txt')).rejects.toMatchObject({ kind: 'unsupported' });
    await expect(extract(Buffer.from([0x41, 0xff, 0xfe, 0x42]))).rejects.toMatchObject({
      kind: 'unreadable',
    });
    const otherZip = await buildZip([{ name: 'readme.md', data: 'hello' }]);
    await expect(extract(otherZip)).rejects.toMatchObject({ kind: 'unsupported' });
    const truncated = (await makeDocx(['cut short'])).subarray(0, 60);
    await expect(extract(truncated)).rejects.toMatchObject({ kind: 'unreadable' });
  });

  it('refuses a DOCX zip bomb before inflating it, by ratio and by a header that lies about the size', async () => {
    const parts = [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: '_rels/.rels', data: '<Relationships/>' },
    ];
    const bomb = await buildZip([
      ...parts,
      { name: 'word/document.xml', data: repeated('0', 50 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(extract(bomb, 'bomb.docx')).rejects.toMatchObject({
      code: 'UPLOAD_LIMIT_EXCEEDED',
      p: { id: 'zipRatio', entry: 'word/document.xml', file: 'bomb.docx' },
    });
    const liar = await buildZip([
      ...parts,
      { name: 'word/document.xml', data: repeated('<w:t>x</w:t>', 900 * 1024), declaredSize: 1000 },
    ]);
    await expect(extract(liar, 'liar.docx')).rejects.toMatchObject({
      code: 'UPLOAD_LIMIT_EXCEEDED',
      p: { id: 'zipDeclaredSize' },
    });
  });
});
