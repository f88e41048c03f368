import { describe, expect, it } from 'vitest';
import { indexableText, prefixQuery, queryWords, searchLanguage, snippetPieces } from './search-text';

describe('search text helpers', () => {
  it('takes only letters and digits from a query, for the prefix term', () => {
    expect(queryWords(`readmission & (visa) | !x:* '; DROP --`)).toEqual([
      'readmission',
      'visa',
      'x',
      'drop',
    ]);
    expect(prefixQuery('Partenariat migr')).toBe('partenariat & migr:*');
    expect(prefixQuery('миграц')).toBe('миграц:*');
    expect(prefixQuery('visa ')).toBeNull();
    expect(prefixQuery('"visa"')).toBeNull();
    expect(prefixQuery('a')).toBeNull();
    expect(prefixQuery(':* & |')).toBeNull();
  });

  it('splits a headline into marked pieces, dropping stray markers', () => {
    expect(snippetPieces('the \u0002visa\u0003 rules')).toEqual([
      { text: 'the ', mark: false },
      { text: 'visa', mark: true },
      { text: ' rules', mark: false },
    ]);
    expect(snippetPieces('<b>x</b>\u0003')).toEqual([{ text: '<b>x</b>', mark: false }]);
  });

  it('cleans indexed text and names the language', () => {
    expect(indexableText('a\u0002b\u0003c')).toBe('a b c');
    expect(searchLanguage('FR')).toBe('fr');
    expect(searchLanguage(null)).toBe('en');
  });
});
