import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEEDS_DIR } from '../../../test/shared-data';
import { compareVersions, diffStats, treatmentOf, wordDiff } from './compare';
import {
  checkSplit,
  isOpenForComments,
  joinBlocks,
  paragraphsOf,
  splitDraft,
  withoutOwnNumber,
} from './draft-text';
import { citedComments, generateSummary, type SummaryComment, summaryText } from './summary';

const dir = existsSync(SEEDS_DIR) ? SEEDS_DIR : '';

const DRAFT = `# Draft Ministerial Declaration

Preamble

We, the Ministers, meeting in Istanbul,
recognising the contribution of well-managed migration,

1. Reaffirm our commitment to the Budapest Process.
2. Welcome the work of the Silk Routes Partnership.

Part 1 – Legal migration

3. We will further pathways for legal migration.

4. We will strengthen synergies between migration and development.
`;

describe('splitting a draft', () => {
  it('keeps headings as structure, numbers the paragraphs and joins back to the original exactly', () => {
    const blocks = splitDraft(DRAFT);
    expect(blocks.map((b) => [b.key, b.kind, b.number])).toEqual([
      ['h1', 'heading', null],
      ['h2', 'heading', null],
      ['p1', 'paragraph', 1],
      ['p2', 'paragraph', 2],
      ['p3', 'paragraph', 3],
      ['h3', 'heading', null],
      ['p4', 'paragraph', 4],
      ['p5', 'paragraph', 5],
    ]);
    expect(blocks[0]!.text).toBe('Draft Ministerial Declaration');
    expect(blocks[2]!.text).toBe(
      'We, the Ministers, meeting in Istanbul,\nrecognising the contribution of well-managed migration,',
    );
    expect(blocks[4]!.section).toBe('Preamble');
    expect(blocks[6]!.section).toBe('Part 1 – Legal migration');
    expect(joinBlocks(blocks)).toBe(DRAFT);
  });

  it('joins back with leading blank lines and without a final newline', () => {
    for (const t of ['\n\nOne.\n\nTwo.', 'No newline at the end', ''])
      expect(joinBlocks(splitDraft(t))).toBe(t);
  });

  it.skipIf(!dir)('joins back on the seed texts (skipped when ../shared/seeds is absent)', () => {
    for (const f of ['000_c59309965acb06ea.txt', '003_7b25690ec16d9dbd.txt']) {
      const text = readFileSync(join(dir, f), 'utf8');
      const blocks = splitDraft(text);
      expect(joinBlocks(blocks)).toBe(text);
      expect(blocks.filter((b) => b.kind === 'paragraph').length).toBeGreaterThan(10);
      expect(blocks.every((b) => b.raw.trim() !== '')).toBe(true);
    }
    const summary = splitDraft(readFileSync(join(dir, '003_7b25690ec16d9dbd.txt'), 'utf8'));
    const headings = summary.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(headings).toContain('General comments and comments on the structure');
    expect(headings).toContain('Comments – Part 2 – Priority goals managing ongoing migratory movements');
    // Numbered points are paragraphs of their own; their sub-items (i., ii.) stay with them.
    const p7 = summary.find((b) => b.text.startsWith('7. The preamble must in itself be made stronger'));
    expect(p7?.text).toContain('ii. Furthermore');
  });

  it('accepts a corrected split that keeps all text and refuses one that loses or adds text, saying where', () => {
    const segments = [
      { kind: 'heading' as const, text: '# Draft Ministerial Declaration' },
      { kind: 'heading' as const, text: 'Preamble' },
      {
        kind: 'paragraph' as const,
        text: 'We, the Ministers, meeting in Istanbul, recognising the contribution of well-managed migration, 1. Reaffirm our commitment to the Budapest Process.',
      },
      { kind: 'paragraph' as const, text: '2. Welcome the work of the Silk Routes Partnership.' },
      { kind: 'heading' as const, text: 'Part 1 – Legal migration' },
      { kind: 'paragraph' as const, text: '3. We will further pathways for legal migration.' },
      {
        kind: 'paragraph' as const,
        text: '4. We will strengthen synergies between migration and development.',
      },
    ];
    expect(checkSplit(DRAFT, segments)).toBeNull();
    expect(
      paragraphsOf(segments)
        .filter((b) => b.kind === 'paragraph')
        .map((b) => b.number),
    ).toEqual([1, 2, 3, 4]);
    const lost = checkSplit(DRAFT, [...segments.slice(0, 3), ...segments.slice(4)]);
    expect(lost).toMatchObject({ segment: 3, expected: expect.stringMatching(/^2\. Welcome/) });
    expect(lost?.message).toMatch(/^the split departs from the draft in block 4: the draft has "2\. Welcome/);
    const end = checkSplit(DRAFT, segments.slice(0, -1));
    expect(end?.message).toMatch(/loses the end of the draft: "4\. We will strengthen/);
    const added = checkSplit(DRAFT, [...segments, { kind: 'paragraph', text: 'An extra paragraph.' }]);
    expect(added?.message).toMatch(/adds text that is not in the draft in block 8: "An extra/);
    expect(checkSplit(DRAFT, [...segments, { kind: 'paragraph', text: '  ' }])?.message).toBe(
      'block 8 is empty: remove it or give it text',
    );
  });

  it('takes the draft’s own number off a paragraph for diffs', () => {
    expect(withoutOwnNumber('2. We will act.')).toBe('We will act.');
    expect(withoutOwnNumber('- 12) We will act.')).toBe('We will act.');
    expect(withoutOwnNumber('(b) We will act.')).toBe('We will act.');
    expect(withoutOwnNumber('We will act in 2. phases.')).toBe('We will act in 2. phases.');
  });

  it('accepts comments until the end of the deadline day (UTC)', () => {
    expect(isOpenForComments('2026-03-01', new Date('2026-03-01T23:59:59Z'))).toBe(true);
    expect(isOpenForComments('2026-03-01', new Date('2026-03-02T00:00:00Z'))).toBe(false);
  });
});

describe('wording diffs and versions', () => {
  it('diffs a proposed wording word by word', () => {
    const d = wordDiff(
      'We will consider establishing cooperation on travel documents.',
      'We will establish cooperation on travel documents.',
    );
    expect(d.filter((p) => p.op !== 'equal').map((p) => [p.op, p.text.trim()])).toEqual([
      ['delete', 'consider'],
      ['insert', 'establish'],
      ['delete', 'establishing'],
    ]);
    expect(
      d
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join(''),
    ).toBe('We will establish cooperation on travel documents.');
    expect(
      d
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toBe('We will consider establishing cooperation on travel documents.');
    expect(diffStats(d)).toEqual({ inserted: 1, deleted: 2 });
  });

  it('aligns two versions: unchanged, changed (with the diff), removed and added paragraphs', () => {
    const v1 = splitDraft(DRAFT);
    const v2 = splitDraft(
      DRAFT.replace('further pathways for legal migration', 'further and make known legal pathways')
        .replace('2. Welcome the work of the Silk Routes Partnership.\n', '')
        .concat('\n5. We will review progress at each Senior Officials’ Meeting.\n'),
    );
    const rows = compareVersions(v1, v2);
    expect(rows.map((r) => r.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'removed',
      'unchanged',
      'changed',
      'unchanged',
      'added',
    ]);
    const changed = rows.find((r) => r.status === 'changed')!;
    const inserted = changed.diff?.filter((p) => p.op === 'insert').map((p) => p.text.trim());
    expect(inserted).toEqual(expect.arrayContaining(['and', 'make', 'known']));
    expect(treatmentOf(rows, 'p4')).toEqual({ status: 'changed', newKey: 'p3' });
    expect(treatmentOf(rows, 'p3')).toEqual({ status: 'removed', newKey: null });
    expect(treatmentOf(rows, 'p1')).toEqual({ status: 'unchanged', newKey: 'p1' });
  });
});

describe('the generated summary', () => {
  const blocks = splitDraft(DRAFT);
  const c = (
    id: number,
    organisationId: number,
    paragraphKey: string,
    kind: SummaryComment['kind'],
    body = '',
    proposedWording: string | null = null,
  ): SummaryComment => ({
    id,
    organisationId,
    paragraphKey,
    kind,
    body,
    proposedWording,
  });
  const comments = [
    c(11, 1, 'p4', 'proposed_wording', 'more precise', 'We will further and make known legal pathways.'),
    c(12, 2, 'p4', 'proposed_wording', '', 'We will open legal pathways.'),
    c(13, 3, 'p4', 'support'),
    c(14, 1, 'p1', 'comment', 'Refer to the SDGs, especially SDG 10.7.'),
    c(15, 2, 'p1', 'objection', 'Too long.'),
    c(16, 2, 'p1', 'objection', 'And unbalanced.'),
  ];

  it('groups by part of the text, counts delegations, numbers the points and traces each to its comments', () => {
    const s = generateSummary(blocks, comments);
    expect(s.sections.map((x) => x.title)).toEqual([
      'Comments – Preamble',
      'Comments – Part 1 – Legal migration',
    ]);
    expect(s.sections[0]!.points).toEqual([
      {
        number: 1,
        text: 'One delegation objected to paragraph 1:',
        commentIds: [15, 16],
        items: [
          { text: 'Too long.', commentIds: [15] },
          { text: 'And unbalanced.', commentIds: [16] },
        ],
      },
      {
        number: 2,
        text: 'One delegation commented on paragraph 1:',
        commentIds: [14],
        items: [{ text: 'Refer to the SDGs, especially SDG 10.7.', commentIds: [14] }],
      },
    ]);
    expect(s.sections[1]!.points.map((p) => [p.number, p.text, p.commentIds])).toEqual([
      [3, 'Several delegations proposed other wordings for paragraph 4:', [11, 12]],
      [4, 'One delegation supported paragraph 4 as drafted.', [13]],
    ]);
    expect(s.sections[1]!.points[0]!.items[0]!.text).toBe(
      '“We will further and make known legal pathways.” – more precise',
    );
    expect(citedComments(s)).toEqual([11, 12, 13, 14, 15, 16]);
    const text = summaryText(s, 'Draft summary');
    expect(text).toContain('**Comments – Part 1 – Legal migration**\n\n3. Several delegations proposed');
    expect(text).toContain('  - ii. “We will open legal pathways.”');
  });

  it('speaks French and Russian', () => {
    expect(generateSummary(blocks, comments, 'fr').sections[1]!.points[0]!.text).toBe(
      'Plusieurs délégations ont proposé d’autres formulations pour le paragraphe 4 :',
    );
    expect(generateSummary(blocks, comments, 'ru').sections[1]!.points[1]!.text).toBe(
      'Одна делегация поддержала пункт 4 в предложенной редакции.',
    );
  });
});
