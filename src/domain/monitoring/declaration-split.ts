/**
 * Proposing the commitments of a declaration from its numbering, and checking a split the secretariat
 * corrected. Pure: the monitoring service, the demo seed and the tests share it (declaration-split.test.ts,
 * run on the Istanbul declaration of ../shared/seeds).
 *
 * The text is cut at line starts that carry a marker, never inside a line, so the segments join back to the
 * original exactly:
 * - a section heading `IV. Irregular Migration` (upper-case Roman numeral and a dot) opens a thematic area;
 * - a numbered paragraph `(4) Mandate…` or `4. Mandate…` is commitment `4`;
 * - a lettered item `b) Oversee…` is commitment `4 b` or `IV b`, in the list it continues;
 * - a lower-case Roman item `ii. Enhance…` stays inside the item it belongs to (part of `IV a`);
 * - every other line continues the segment before it; what precedes the first marker is the preamble.
 *
 * Declarations extracted from two-column PDFs interleave two lists (`b)` of section III, then `b)` of IV, …).
 * A lettered item therefore goes to the list whose next expected letter it is; when the current list and an
 * earlier one both expect it and the same letter comes again before the next heading or paragraph, the first
 * goes to the earlier list and the second to the current one. The result is a proposal: the secretariat
 * corrects it, and `checkSplit` refuses a correction that loses text or numbers two commitments alike.
 */

export type SegmentKind = 'preamble' | 'heading' | 'commitment';

export interface SplitSegment {
  kind: SegmentKind;
  /** `4`, `4 b`, `IV a` for a commitment; `IV` for a heading; null for the preamble. */
  number: string | null;
  /** The thematic area (`IV. Irregular Migration`) of a lettered item of a section; null otherwise. */
  area: string | null;
  /** The exact slice of the original text. */
  text: string;
}

interface List {
  kind: 'section' | 'paragraph';
  label: string;
  area: string | null;
  last: string | null;
}

const SECTION = /^[ \t]*([IVXLC]+)\.[ \t]+(\S.*?)\s*$/;
const PARAGRAPH = /^[ \t]*(?:\((\d{1,3})\)|(\d{1,3})\.)[ \t]+\S/;
const LETTER = /^[ \t]*([a-z])\)[ \t]+\S/;

function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const nextLetter = (l: string | null) => (l === null ? 'a' : String.fromCharCode(l.charCodeAt(0) + 1));

/** The proposed split of a declaration's text into preamble, headings and commitments, in text order. */
export function proposeSplit(text: string): SplitSegment[] {
  const lines = linesOf(text);
  const marks = lines.map((line) => ({
    section: SECTION.exec(line),
    paragraph: PARAGRAPH.exec(line),
    letter: LETTER.exec(line),
  }));
  const segments: SplitSegment[] = [];
  const lists: List[] = [];
  let current: List | null = null;

  const open = (seg: SplitSegment, line: string) => {
    segments.push({ ...seg, text: line });
  };
  const continueWith = (line: string) => {
    const last = segments.at(-1);
    if (last) last.text += line;
    else segments.push({ kind: 'preamble', number: null, area: null, text: line });
  };
  /** Whether the same letter marks another line before the next heading or numbered paragraph. */
  const letterComesAgain = (from: number, letter: string) => {
    for (let j = from + 1; j < lines.length; j++) {
      const m = marks[j]!;
      if (m.section || m.paragraph) return false;
      if (m.letter?.[1] === letter) return true;
    }
    return false;
  };

  for (const [i, line] of lines.entries()) {
    const m = marks[i]!;
    if (m.section) {
      const label = m.section[1]!;
      const area = `${label}. ${m.section[2]!}`;
      current = { kind: 'section', label, area, last: null };
      lists.push(current);
      open({ kind: 'heading', number: label, area, text: '' }, line);
    } else if (m.paragraph) {
      const label = m.paragraph[1] ?? m.paragraph[2]!;
      current = { kind: 'paragraph', label, area: null, last: null };
      lists.push(current);
      open({ kind: 'commitment', number: label, area: null, text: '' }, line);
    } else if (m.letter && current) {
      const letter = m.letter[1]!;
      const expecting = lists.filter((l) => nextLetter(l.last) === letter);
      const others = expecting.filter((l) => l !== current);
      let list: List = current;
      if (letter !== 'a') {
        if (expecting.includes(current)) {
          if (others.length > 0 && letterComesAgain(i, letter)) list = others.at(-1)!;
        } else if (others.length > 0) list = others.at(-1)!;
      }
      list.last = letter;
      open({ kind: 'commitment', number: `${list.label} ${letter}`, area: list.area, text: '' }, line);
    } else {
      continueWith(line);
    }
  }
  return segments;
}

export type SplitProblem =
  | { code: 'TEXT_LOST'; segment: number; expected: string; found: string }
  | { code: 'DUPLICATE_NUMBER'; number: string; segments: number[] }
  | { code: 'NUMBER_MISSING'; segment: number };

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * What is wrong with a (corrected) split of `original`: segments that do not join back to the text (compared
 * with runs of white space as one space, so trimming a segment is fine), a commitment number used twice, a
 * commitment without a number. Empty when the split may be saved.
 */
export function checkSplit(
  original: string,
  segments: readonly { kind: SegmentKind; number: string | null; text: string }[],
): SplitProblem[] {
  const problems: SplitProblem[] = [];
  const want = squash(original);
  let pos = 0;
  for (const [i, s] of segments.entries()) {
    const piece = squash(s.text);
    if (piece === '') continue;
    const at = want.startsWith(piece, pos) ? pos : want.startsWith(piece, pos + 1) ? pos + 1 : -1;
    if (at < 0) {
      problems.push({
        code: 'TEXT_LOST',
        segment: i,
        expected: want.slice(pos, pos + 60).trim(),
        found: piece.slice(0, 60),
      });
      return problems;
    }
    pos = at + piece.length;
  }
  if (want.slice(pos).trim() !== '')
    problems.push({
      code: 'TEXT_LOST',
      segment: segments.length,
      expected: want.slice(pos, pos + 60).trim(),
      found: '',
    });
  const seen = new Map<string, number[]>();
  for (const [i, s] of segments.entries()) {
    if (s.kind !== 'commitment') continue;
    const n = s.number?.trim() ?? '';
    if (n === '') {
      problems.push({ code: 'NUMBER_MISSING', segment: i });
      continue;
    }
    seen.set(n, [...(seen.get(n) ?? []), i]);
  }
  for (const [number, at] of seen)
    if (at.length > 1) problems.push({ code: 'DUPLICATE_NUMBER', number, segments: at });
  return problems;
}
