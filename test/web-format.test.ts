/**
 * The web app's one date formatter (web/src/ui/format.ts): dates follow the interface language, and English
 * is British English — day before month — never the US order (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { dateTimeFormat, formatDate, intlLocale } from '../web/src/ui/format';

describe('web date formatting', () => {
  it('writes English dates day first, French and Russian in their own words', () => {
    expect(intlLocale('en')).toBe('en-GB');
    expect(formatDate('2026-12-02', 'en')).toBe('2 December 2026');
    expect(formatDate('2026-12-02', 'fr')).toBe('2 décembre 2026');
    expect(formatDate('2026-12-02', 'ru')).toMatch(/^2 декабря 2026/);
    const short = dateTimeFormat('en', { dateStyle: 'short', timeZone: 'UTC' }).format(
      new Date('2026-12-02T10:00:00Z'),
    );
    expect(short).toBe('02/12/2026');
  });

  it('gives back what is not a date unchanged', () => {
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});
