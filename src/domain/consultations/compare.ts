/**
 * Differences of wording (issue 17): a delegation's proposed wording against the paragraph (a word diff), and
 * two versions of a draft side by side (paragraphs aligned: unchanged, changed with their word diff, added,
 * removed), from which each comment learns how the revision treated its paragraph. jsdiff does the diffing.
 */
import { diffArrays, diffWordsWithSpace } from 'diff';
import type { DraftBlock } from './draft-text';

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** The word diff turning `from` into `to`. */
export function wordDiff(from: string, to: string): DiffPart[] {
  return diffWordsWithSpace(from, to).map((c) => ({
    op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
    text: c.value,
  }));
}

/** How many words a diff inserts and deletes. */
export function diffStats(parts: readonly DiffPart[]): { inserted: number; deleted: number } {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let inserted = 0;
  let deleted = 0;
  for (const p of parts) {
    if (p.op === 'insert') inserted += words(p.text);
    if (p.op === 'delete') deleted += words(p.text);
  }
  return { inserted, deleted };
}

export type RowStatus = 'unchanged' | 'changed' | 'added' | 'removed';

export interface CompareRow {
  status: RowStatus;
  from: DraftBlock | null;
  to: DraftBlock | null;
  /** For changed rows: the word diff of the two texts. */
  diff: DiffPart[] | null;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Aligns two versions block by block: equal texts match; a run of removed blocks followed by a run of added
 * ones pairs up in order as changed blocks (the rest of the longer run is removed or added).
 */
export function compareVersions(from: readonly DraftBlock[], to: readonly DraftBlock[]): CompareRow[] {
  const rows: CompareRow[] = [];
  const changes = diffArrays([...from], [...to], {
    comparator: (a: DraftBlock, b: DraftBlock) => a.kind === b.kind && norm(a.text) === norm(b.text),
  });
  let fi = 0;
  let ti = 0;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    const n = c.count ?? c.value.length;
    if (!c.added && !c.removed) {
      for (let k = 0; k < n; k++)
        rows.push({ status: 'unchanged', from: from[fi++]!, to: to[ti++]!, diff: null });
      continue;
    }
    if (c.removed) {
      const next = changes[i + 1];
      const added = next?.added ? (next.count ?? next.value.length) : 0;
      const paired = Math.min(n, added);
      for (let k = 0; k < paired; k++) {
        const a = from[fi++]!;
        const b = to[ti++]!;
        rows.push({ status: 'changed', from: a, to: b, diff: wordDiff(a.text, b.text) });
      }
      for (let k = paired; k < n; k++)
        rows.push({ status: 'removed', from: from[fi++]!, to: null, diff: null });
      for (let k = paired; k < added; k++)
        rows.push({ status: 'added', from: null, to: to[ti++]!, diff: null });
      if (next?.added) i++;
      continue;
    }
    for (let k = 0; k < n; k++) rows.push({ status: 'added', from: null, to: to[ti++]!, diff: null });
  }
  return rows;
}

/** What became of a block of the older version in the newer one (by its key). */
export function treatmentOf(
  rows: readonly CompareRow[],
  key: string,
): { status: RowStatus; newKey: string | null } | null {
  const row = rows.find((r) => r.from?.key === key);
  return row ? { status: row.status, newKey: row.to?.key ?? null } : null;
}
