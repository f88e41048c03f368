/**
 * A draft text as numbered paragraphs (issue 17, draft consultations). Pure, so the service, the demo and the
 * tests share one reading of a draft:
 *
 * - `splitDraft` cuts the text into blocks: headings (Markdown `#` lines, a line that is all bold, short
 *   lines such as "Part 1 …", "Section II …", "Chapter 3 …", "Preamble", "Commitments") and paragraphs
 *   (separated by blank lines, or starting with their own number "1." / "1)" / "(a)" at the start of a line).
 *   Paragraphs are numbered 1, 2, 3 … in order, headings give the structure (each paragraph knows its section).
 *   Every block keeps its exact source (`raw`, with the blank lines after it), so the blocks join back to the
 *   original character for character: nothing is lost.
 * - `checkSplit` checks a split the secretariat corrected: its blocks must join back to the draft (compared
 *   without regard to whitespace); the first place they do not is named.
 * - `paragraphsOf` numbers corrected blocks the same way.
 */

export type BlockKind = 'heading' | 'paragraph';

export interface DraftBlock {
  /** Stable within a version: h1, h2 … for headings, p1, p2 … for paragraphs (p<number>). */
  key: string;
  kind: BlockKind;
  /** The paragraph's number (1, 2, …); null for headings. */
  number: number | null;
  /** The text shown (trimmed; a heading without its Markdown marks). */
  text: string;
  /** The exact source of the block, with the whitespace after it: the raws join back to the draft. */
  raw: string;
  /** The heading the block is under (the nearest heading before it, or null). */
  section: string | null;
}

export interface Segment {
  kind: BlockKind;
  text: string;
}

const HEADING_WORDS =
  /^(part|section|chapter|title|annex|appendix|preamble|commitments?|general comments|introduction|conclusions?|partie|chapitre|annexe|préambule|раздел|часть|глава|приложение|преамбула)\b/i;
const OWN_NUMBER = /^\s*(?:[-*]\s+)?(\d{1,3}[.)]|\([a-z0-9]{1,4}\))\s+\S/i;

/** Whether a single line reads as a heading. */
export function isHeadingLine(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (/^#{1,6}\s+\S/.test(t)) return true;
  if (/^\*\*[^*].*\*\*$/.test(t) && !t.slice(2, -2).includes('**')) return true;
  if (t.length <= 120 && HEADING_WORDS.test(t) && !/[.;:,]$/.test(t) && !OWN_NUMBER.test(t)) return true;
  if (t.length <= 80 && /^[A-ZÀ-ÖØ-ÞА-ЯЁ0-9 ,'’\-–—:()]+$/.test(t) && /[A-ZА-Я]{3}/.test(t)) return true;
  return false;
}

/** A heading's text without Markdown marks (`#`, `**`, `<sup>`). */
export function headingText(t: string): string {
  return t
    .trim()
    .replace(/^#{1,6}\s+/, '')
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/<\/?sup>/g, '')
    .replace(/\*\*/g, '')
    .trim();
}

/** Splits the lines of the text into the raw pieces of blocks (each with the whitespace after it). */
function rawPieces(text: string): { kind: BlockKind; raw: string }[] {
  const lines = text.split(/(?<=\n)/);
  const pieces: { kind: BlockKind; raw: string }[] = [];
  let current: { kind: BlockKind; raw: string } | null = null;
  let blankSeen = false;
  for (const line of lines) {
    const blank = line.trim() === '';
    if (blank) {
      if (current) current.raw += line;
      else pieces.push({ kind: 'paragraph', raw: line });
      blankSeen = true;
      continue;
    }
    const heading = isHeadingLine(line);
    const startsNew = !current || heading || current.kind === 'heading' || blankSeen || OWN_NUMBER.test(line);
    if (startsNew) {
      current = { kind: heading ? 'heading' : 'paragraph', raw: line };
      pieces.push(current);
    } else if (current) current.raw += line;
    blankSeen = false;
  }
  // Leading whitespace (before the first block) goes with the first real block, so no block is empty.
  const out: { kind: BlockKind; raw: string }[] = [];
  let carry = '';
  for (const p of pieces) {
    if (p.raw.trim() === '') {
      const last = out.at(-1);
      if (last) last.raw += p.raw;
      else carry += p.raw;
      continue;
    }
    out.push({ kind: p.kind, raw: carry + p.raw });
    carry = '';
  }
  const last = out.at(-1);
  if (last) last.raw += carry;
  return out;
}

/** Numbers blocks: paragraphs 1, 2 …, headings as structure. `raw` defaults to the text. */
export function paragraphsOf(
  blocks: readonly { kind: BlockKind; text: string; raw?: string }[],
): DraftBlock[] {
  let p = 0;
  let h = 0;
  let section: string | null = null;
  return blocks.map((b) => {
    if (b.kind === 'heading') {
      h += 1;
      section = headingText(b.text);
      return { key: `h${h}`, kind: 'heading', number: null, text: section, raw: b.raw ?? b.text, section };
    }
    p += 1;
    return { key: `p${p}`, kind: 'paragraph', number: p, text: b.text.trim(), raw: b.raw ?? b.text, section };
  });
}

/** The draft as headings and numbered paragraphs; `joinBlocks(splitDraft(t)) === t`. */
export function splitDraft(text: string): DraftBlock[] {
  return paragraphsOf(rawPieces(text).map((p) => ({ kind: p.kind, text: p.raw, raw: p.raw })));
}

export function joinBlocks(blocks: readonly { raw: string }[]): string {
  return blocks.map((b) => b.raw).join('');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export interface SplitProblem {
  /** Which segment (0-based) the difference starts in, or null when text is missing at the end. */
  segment: number | null;
  /** The draft's text where the split departs from it (a few words), and what the split has there. */
  expected: string;
  found: string;
  message: string;
}

/**
 * Whether corrected segments join back to the draft (whitespace aside). Empty segments are refused too.
 * Returns null when the split is faithful, else where it departs from the draft.
 */
export function checkSplit(draft: string, segments: readonly Segment[]): SplitProblem | null {
  const empty = segments.findIndex((s) => s.text.trim() === '');
  if (empty >= 0)
    return {
      segment: empty,
      expected: '',
      found: '',
      message: `block ${empty + 1} is empty: remove it or give it text`,
    };
  const want = squash(draft);
  const parts = segments.map((s) => squash(s.text));
  const got = parts.join(' ');
  if (want === got) return null;
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  // Start at the word that differs.
  if (i < want.length && i < got.length) while (i > 0 && want[i - 1] !== ' ') i--;
  while (want[i] === ' ' || got[i] === ' ') i++;
  // Which segment holds character i of the joined text.
  let at = 0;
  let segment: number | null = null;
  if (i < got.length)
    for (const [n, part] of parts.entries()) {
      if (i < at + part.length + 1) {
        segment = n;
        break;
      }
      at += part.length + 1;
    }
  const expected = want.slice(i, i + 40);
  const found = got.slice(i, i + 40);
  const where = segment === null ? 'after the last block' : `in block ${segment + 1}`;
  const message = !found
    ? `the split loses the end of the draft: "${expected}…" is missing ${where}`
    : !expected
      ? `the split adds text that is not in the draft ${where}: "${found}…"`
      : `the split departs from the draft ${where}: the draft has "${expected}…", the split "${found}…"`;
  return { segment, expected, found, message };
}

/** A paragraph's text without the number the draft gave it ("2. We will …" → "We will …"), for diffs. */
export function withoutOwnNumber(text: string): string {
  return text.replace(/^\s*(?:[-*]\s+)?(\d{1,3}[.)]|\([a-z0-9]{1,4}\))\s+/i, '');
}

/** The deadline is the end of its day (UTC): comments are accepted on the deadline day itself. */
export function isOpenForComments(deadline: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) <= deadline;
}
