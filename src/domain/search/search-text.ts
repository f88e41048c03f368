/**
 * Pure helpers of the search (src/modules/search): the words of a query for the prefix match on its last
 * term, the highlighted snippet split into marked and unmarked pieces (the database marks matches with two
 * control characters, which indexed text never holds, so the web app renders `<mark>` from pieces and never
 * from HTML), and the cleaning of what modules index.
 */

/** Start and end of a highlighted match in ts_headline output (control characters: never in indexed text). */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Letters and digits only: what may go into a `to_tsquery` prefix term without any operator meaning. */
export function queryWords(q: string): string[] {
  return (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase()).slice(0, 12);
}

/**
 * The tsquery text for a prefix match: every word required, the last one as a prefix (`a & b & c:*`), or
 * null when the query has no word of two letters or more at its end. Words are letters and digits only.
 */
export function prefixQuery(q: string): string | null {
  const words = queryWords(q);
  const last = words.at(-1);
  if (!last || last.length < 2 || /[\s"]$/.test(q)) return null;
  return [...words.slice(0, -1), `${last}:*`].join(' & ');
}

export interface SnippetPiece {
  text: string;
  mark: boolean;
}

/** A ts_headline result split into pieces; markers that do not pair up are dropped, never shown. */
export function snippetPieces(headline: string): SnippetPiece[] {
  const pieces: SnippetPiece[] = [];
  let mark = false;
  let text = '';
  const flush = () => {
    if (text) pieces.push({ text, mark });
    text = '';
  };
  for (const ch of headline) {
    if (ch === MARK_START) {
      flush();
      mark = true;
    } else if (ch === MARK_END) {
      flush();
      mark = false;
    } else text += ch;
  }
  flush();
  return pieces;
}

/** Text a module indexes: control characters removed (so no marker can be faked), at most `max` characters. */
export function indexableText(s: string, max = 1_000_000): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  return clean.length > max ? clean.slice(0, max) : clean;
}

/** The text search language of a language code: en, fr, ru have their own stemming; others are `simple`. */
export function searchLanguage(code: string | null | undefined): string {
  const c = (code ?? '').toLowerCase().slice(0, 2);
  return /^[a-z]{2}$/.test(c) ? c : 'en';
}
