import { describe, expect, it } from 'vitest';
import { CsvChunker, RecordTooLong } from './csv-chunks';

/** Feeds the text in pieces of `size` bytes; returns the data sent and the chunker. */
function run(text: string | Buffer, size = 7, opts = {}) {
  const c = new CsvChunker({ pieceBytes: 1, ...opts });
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(...c.push(buf.subarray(i, i + size)));
  out.push(...c.end());
  return { c, pieces: out, data: Buffer.concat(out).toString('utf8') };
}

describe('CsvChunker', () => {
  it('takes the header off and hands out whole records, whatever the input pieces', () => {
    const text = '\uFEFFa,b\n1,2\n3,4\n5,6';
    for (const size of [1, 2, 5, 100]) {
      const { c, pieces, data } = run(text, size);
      expect(c.header).toBe('a,b');
      expect(data).toBe('1,2\n3,4\n5,6\n');
      for (const p of pieces) expect(p[p.length - 1]).toBe(0x0a);
      expect(c.records).toBe(3);
      expect([0, 1, 2].map((n) => c.lineOfRecord(n))).toEqual([2, 3, 4]);
    }
  });

  it('keeps line breaks inside quoted cells in their record and counts the lines', () => {
    const { c, data } = run('a,b\n1,"two\nlines"\n3,4\r\n', 3);
    expect(data).toBe('1,"two\nlines"\n3,4\r\n');
    expect(c.records).toBe(2);
    expect(c.lineOfRecord(0)).toBe(2);
    expect(c.lineOfRecord(1)).toBe(4);
  });

  it('drops blank lines and keeps the line numbers of the records after them', () => {
    const { c, data } = run('a,b\n\n1,2\r\n\r\n\n3,4\n\n', 4);
    expect(data).toBe('1,2\r\n3,4\n');
    expect(c.lineOfRecord(0)).toBe(3);
    expect(c.lineOfRecord(1)).toBe(6);
  });

  it('sets aside records that are not UTF-8 or carry U+FFFD, with their line', () => {
    const text = Buffer.concat([
      Buffer.from('a,b\n1,ok\n2,r'),
      Buffer.from([0xe9, 0x73]),
      Buffer.from('\n3,\uFFFD\n4,fine\n'),
    ]);
    const { c, data } = run(text, 5);
    expect(data).toBe('1,ok\n4,fine\n');
    expect(c.badLines.map((b) => b.line)).toEqual([3, 4]);
    expect(c.badLines[0]!.text).toBe('2,r\uFFFDs');
    expect(c.lineOfRecord(1)).toBe(5);
  });

  it('refuses a record longer than the limit (a quote left open)', () => {
    const c = new CsvChunker({ maxRecordBytes: 16 });
    c.push(Buffer.from('a\n"open\n'));
    expect(() => c.push(Buffer.from('x'.repeat(20)))).toThrow(RecordTooLong);
  });

  it('has no header in an empty input', () => {
    expect(run('').c.header).toBeUndefined();
    expect(run('a,b').c.header).toBe('a,b');
  });
});
