/**
 * The web app's one date formatter (web/src/ui/dates.ts): dates follow the interface language, and English
 * is British English — day before month — never the US order (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { dateTimeFormat, intlLocale } from '../web/src/ui/dates';

describe('web date formatting', () => {
  it('writes English dates day first, French and Russian in their own words', () => {
    expect(intlLocale('en')).toBe('en-GB');
    const long = (lng: string) =>
      dateTimeFormat(lng, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
        new Date('2026-12-02T10:00:00Z'),
      );
    expect(long('en')).toBe('2 December 2026');
    expect(long('fr')).toBe('2 décembre 2026');
    expect(long('ru')).toMatch(/^2 декабря 2026/);
    const short = dateTimeFormat('en', { dateStyle: 'short', timeZone: 'UTC' }).format(
      new Date('2026-12-02T10:00:00Z'),
    );
    expect(short).toBe('02/12/2026');
  });
});
