import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEEDS_DIR } from '../../../test/shared-data';
import { checkSplit, proposeSplit } from './declaration-split';

const SEEDS = existsSync(SEEDS_DIR) ? SEEDS_DIR : undefined;
const istanbulFile = SEEDS
  ? readdirSync(SEEDS)
      .filter((f) => f.endsWith('.txt'))
      .find((f) => readFileSync(join(SEEDS, f), 'utf8').startsWith('ISTANBUL MINISTERIAL DECLARATION'))
  : undefined;

describe('declaration split', () => {
  it.skipIf(!SEEDS || !istanbulFile)(
    'proposes the commitments of the Istanbul declaration by its numbering (skips when ../shared/seeds is absent)',
    () => {
      const text = readFileSync(join(SEEDS!, istanbulFile!), 'utf8');
      const split = proposeSplit(text);
      expect(split.map((s) => s.text).join('')).toBe(text);
      expect(checkSplit(text, split)).toEqual([]);
      const byNumber = new Map(split.filter((s) => s.kind === 'commitment').map((s) => [s.number, s]));
      expect(byNumber.get('4 b')?.text).toMatch(
        /^b\) Oversee the implementation of the Partnership through\s+yearly Senior Officials’ Meetings/,
      );
      expect(byNumber.get('4 e')?.text).toMatch(/^e\) Initiate thematic expert meetings/);
      expect(byNumber.get('IV a')?.text).toContain('i. Enhance the knowledge base');
      expect(byNumber.get('IV a')?.text).toContain('analysis and prognosis of irregular migration flows');
      expect(byNumber.get('IV d')?.text).toMatch(/^d\) Consider establishing contact points/);
      expect(byNumber.get('IV h')?.text).toContain('document security');
      expect(byNumber.get('III d')?.text).toMatch(/^d\) Facilitating circular migration/);
      expect(byNumber.get('IV d')?.area).toBe('IV. Irregular Migration');
      const areas = split.filter((s) => s.kind === 'heading').map((s) => s.area);
      expect(areas).toEqual([
        'I. Migration and Mobility',
        'II. Integration',
        'III. Migration and Development',
        'IV. Irregular Migration',
        'V. Trafficking in Persons',
        'VI. International Protection',
      ]);
      expect(byNumber.size).toBe(split.filter((s) => s.kind === 'commitment').length);
      expect(byNumber.size).toBe(59);
    },
  );

  it('keeps the preamble and sub-items, and splits numbered paragraphs written as "1."', () => {
    const text =
      'Preamble line\nWE AGREE\n1. First commitment\ncontinues here\n2. Second\na) part one\ni. detail\nb) part two\n';
    const split = proposeSplit(text);
    expect(split.map((s) => [s.kind, s.number])).toEqual([
      ['preamble', null],
      ['commitment', '1'],
      ['commitment', '2'],
      ['commitment', '2 a'],
      ['commitment', '2 b'],
    ]);
    expect(split[1]!.text).toBe('1. First commitment\ncontinues here\n');
    expect(split[3]!.text).toBe('a) part one\ni. detail\n');
    expect(split.map((s) => s.text).join('')).toBe(text);
  });

  it('refuses a corrected split that loses text, naming the segment and what was expected', () => {
    const text = '1. Alpha beta\n2. Gamma delta\n';
    const split = proposeSplit(text);
    expect(checkSplit(text, [{ ...split[0]! }, { ...split[1]!, text: '2. Gamma' }])).toEqual([
      { code: 'TEXT_LOST', segment: 2, expected: 'delta', found: '' },
    ]);
    expect(checkSplit(text, [{ ...split[0]!, text: '1. Alpha' }, split[1]!])).toEqual([
      { code: 'TEXT_LOST', segment: 1, expected: 'beta 2. Gamma delta', found: '2. Gamma delta' },
    ]);
    // moving a boundary and trimming white space loses nothing
    expect(
      checkSplit(text, [
        { kind: 'commitment', number: '1', text: '1. Alpha beta 2.' },
        { kind: 'commitment', number: '2', text: ' Gamma delta ' },
      ]),
    ).toEqual([]);
  });

  it('refuses a commitment number used twice, and a commitment without a number', () => {
    const text = '1. Alpha\n2. Beta\n3. Gamma\n';
    const s = proposeSplit(text);
    expect(checkSplit(text, [s[0]!, { ...s[1]!, number: '1' }, { ...s[2]!, number: ' ' }])).toEqual([
      { code: 'NUMBER_MISSING', segment: 2 },
      { code: 'DUPLICATE_NUMBER', number: '1', segments: [0, 1] },
    ]);
  });
});
