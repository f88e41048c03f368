import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvSafeCell, toSafeCsv } from './csv-safe';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('CSV formula escaping (OWASP)', () => {
  it('prefixes text starting with = + - @ tab or carriage return with a quote', () => {
    expect(csvSafeCell('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(csvSafeCell('+1+1')).toBe(`'+1+1`);
    expect(csvSafeCell('-1+cmd|calc')).toBe(`'-1+cmd|calc`);
    expect(csvSafeCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvSafeCell('\t=1')).toBe(`'\t=1`);
    expect(csvSafeCell('\r=1')).toBe(`'\r=1`);
  });

  it('leaves numbers, negative numbers written as text, other text and empty cells as they are', () => {
    expect(csvSafeCell(-12)).toBe(-12);
    expect(csvSafeCell('-12')).toBe('-12');
    expect(csvSafeCell('-0.5')).toBe('-0.5');
    expect(csvSafeCell('late reports = 3')).toBe('late reports = 3');
    expect(csvSafeCell('')).toBe('');
    expect(csvSafeCell(null)).toBe(null);
    expect(toSafeCsv([['a', -3, null, '=1+1']])).toBe(`a,-3,,'=1+1\n`);
  });

  it('never writes a text cell a spreadsheet would run, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = csvSafeCell(s);
        expect(typeof out).toBe('string');
        const text = out as string; // checked just above
        const isFormula = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text);
        expect(isFormula).toBe(false);
        // Nothing is lost: the original is the output, or the output without its quote.
        expect(text === s || text === `'${s}`).toBe(true);
      }),
    );
  });

  it('is the only way the server writes CSV (no other file uses csv-stringify)', () => {
    const offenders = sourceFiles('src').filter(
      (f) => !f.endsWith('csv-safe.ts') && readFileSync(f, 'utf8').includes('csv-stringify'),
    );
    expect(offenders).toEqual([]);
  });
});
