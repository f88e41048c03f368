import { describe, expect, it } from 'vitest';
import { matchLanguage, negotiateLanguage, parseAcceptLanguage } from './negotiate-language';

const AVAILABLE = ['en', 'fr', 'ru'] as const;

describe('Accept-Language negotiation', () => {
  it('orders ranges by quality, keeping header order for ties, and drops q=0 and junk', () => {
    expect(parseAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0, *;q=0.5, ??, ru;q=0.8')).toEqual([
      { range: 'fr-ch', q: 1 },
      { range: 'fr', q: 0.9 },
      { range: 'en', q: 0.8 },
      { range: 'ru', q: 0.8 },
      { range: '*', q: 0.5 },
    ]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage('')).toEqual([]);
  });

  it('matches by lookup: full tag, then shorter prefixes, case-insensitively', () => {
    expect(negotiateLanguage('fr-CH, en;q=0.5', AVAILABLE)).toBe('fr');
    expect(negotiateLanguage('RU-ru', AVAILABLE)).toBe('ru');
    expect(negotiateLanguage('de-DE, ru;q=0.3, en;q=0.2', AVAILABLE)).toBe('ru');
    expect(negotiateLanguage('en;q=0.1, fr;q=0.9', AVAILABLE)).toBe('fr');
    expect(negotiateLanguage('pt-BR', ['en', 'pt-BR'])).toBe('pt-BR');
  });

  it('answers null when nothing matches, and the first language for *', () => {
    expect(negotiateLanguage('de, it;q=0.5', AVAILABLE)).toBeNull();
    expect(negotiateLanguage('de, *;q=0.1', AVAILABLE)).toBe('en');
    expect(negotiateLanguage('fr;q=0', AVAILABLE)).toBeNull();
    expect(negotiateLanguage(undefined, AVAILABLE)).toBeNull();
  });

  it('reduces an explicit tag (?lang=) to an available language', () => {
    expect(matchLanguage('fr-CA', AVAILABLE)).toBe('fr');
    expect(matchLanguage('ar', AVAILABLE)).toBeNull();
    expect(matchLanguage('', AVAILABLE)).toBeNull();
  });
});
