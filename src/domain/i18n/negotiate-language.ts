/**
 * Picks a language from an HTTP Accept-Language header (RFC 9110 §12.5.4) with RFC 4647 "lookup" matching:
 * ranges are tried by quality (q), each from the full tag down to its primary language ("fr-CH" → "fr").
 * Pure: no I/O. The server uses it for visitors who have not chosen a language yet, for localized API
 * errors and for exports.
 */

export interface LanguageRange {
  /** Lower-case language range, e.g. "fr-ch" or "*". */
  range: string;
  q: number;
}

const RANGE = /^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/i;

/** Parses "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5" into ranges ordered by quality (stable for equal q). */
export function parseAcceptLanguage(header: string | undefined | null): LanguageRange[] {
  if (!header) return [];
  const ranges: (LanguageRange & { index: number })[] = [];
  header
    .split(',')
    .slice(0, 50) // a header longer than this is not from a real browser
    .forEach((part, index) => {
      const [rawRange = '', ...params] = part.trim().split(';');
      const range = rawRange.trim().toLowerCase().replaceAll('_', '-');
      if (!RANGE.test(range)) return;
      let q = 1;
      for (const p of params) {
        const m = /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(p);
        if (m) q = Math.min(1, Number(m[1]));
      }
      if (q > 0) ranges.push({ range, q, index });
    });
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ range, q }) => ({ range, q }));
}

/**
 * The first of `available` the header accepts, or null when none matches ("*" matches the first available).
 * `available` holds tags like "en", "fr", "ru" (compared case-insensitively); the returned value is the entry
 * of `available` as given.
 */
export function negotiateLanguage(
  header: string | undefined | null,
  available: readonly string[],
): string | null {
  const byLower = new Map(available.map((a) => [a.toLowerCase(), a]));
  for (const { range } of parseAcceptLanguage(header)) {
    if (range === '*') return available[0] ?? null;
    const subtags = range.split('-');
    for (let n = subtags.length; n > 0; n--) {
      const found = byLower.get(subtags.slice(0, n).join('-'));
      if (found !== undefined) return found;
    }
  }
  return null;
}

/** A language a caller asked for explicitly (?lang=fr-CA), reduced to one of `available`, or null. */
export function matchLanguage(tag: string | undefined | null, available: readonly string[]): string | null {
  if (!tag) return null;
  return negotiateLanguage(tag.split(',')[0], available);
}
