import { describe, expect, it } from 'vitest';
import { boundedFileText, FILE_TEXT_MAX_CHARS, isSearchableFile, practiceSearchBody } from './practice-files';

describe('practice files in the search', () => {
  it('keeps a file text trimmed and bounded', () => {
    expect(boundedFileText('  report \n')).toBe('report');
    expect(boundedFileText('x'.repeat(FILE_TEXT_MAX_CHARS + 10))).toHaveLength(FILE_TEXT_MAX_CHARS);
    expect(boundedFileText('abc def', 4)).toBe('abc');
  });

  it('finds PDF and DOCX files with text (or not yet read) searchable, never images or empty text', () => {
    expect(isSearchableFile('pdf', true)).toBe(true);
    expect(isSearchableFile('docx', null)).toBe(true);
    expect(isSearchableFile('pdf', false)).toBe(false);
    expect(isSearchableFile('png', null)).toBe(false);
    expect(isSearchableFile('jpeg', true)).toBe(false);
  });

  it("puts each file's name and text after the practice's text, skipping files without text", () => {
    const body = practiceSearchBody('Own text', [
      { fileName: 'a.pdf', text: ' alpha ' },
      { fileName: 'b.png', text: null },
      { fileName: 'c.pdf', text: '' },
      { fileName: 'd.docx', text: 'delta' },
    ]);
    expect(body).toBe('Own text\na.pdf\nalpha\nd.docx\ndelta');
  });

  it('bounds the whole body: a file that does not fit is cut and the following ones left out', () => {
    const body = practiceSearchBody(
      'own',
      [
        { fileName: 'a.pdf', text: 'a'.repeat(50) },
        { fileName: 'b.pdf', text: 'b'.repeat(50) },
        { fileName: 'c.pdf', text: 'c'.repeat(50) },
      ],
      80,
    );
    expect(body.length).toBeLessThanOrEqual(80);
    expect(body).toContain('a.pdf');
    expect(body).toContain('b.pdf\nbbb');
    expect(body).not.toContain('c.pdf');
    expect(practiceSearchBody('x'.repeat(100), [{ fileName: 'a.pdf', text: 'a' }], 10)).toBe('x'.repeat(10));
  });
});
