import { describe, expect, it } from 'vitest';
import {
  dateSections,
  diffSections,
  duplicateKeys,
  isReminderDue,
  type SectionContent,
  stepOn,
  summariseBreakdown,
} from './profile-rules';

const gov = (body: string, extra: Partial<SectionContent> = {}): SectionContent => ({
  key: 'governance',
  body,
  sources: [],
  classification: 'dialogue',
  ...extra,
});

describe('diffSections', () => {
  it('marks sections added, removed, changed and unchanged, in the order of the sections', () => {
    const from: SectionContent[] = [
      { ...gov('The ministry leads.'), key: 'challenges' },
      gov('The ministry of interior leads migration policy.'),
      { ...gov('Law 1/2020.'), key: 'legal_framework' },
    ];
    const to: SectionContent[] = [
      gov('The ministry of interior and the ministry of labour lead migration policy.'),
      { ...gov('Law 1/2020.'), key: 'legal_framework' },
      { ...gov('Bilateral agreements.'), key: 'cooperation' },
    ];
    const d = diffSections(from, to);
    expect(d.map((s) => [s.key, s.change])).toEqual([
      ['governance', 'changed'],
      ['legal_framework', 'unchanged'],
      ['cooperation', 'added'],
      ['challenges', 'removed'],
    ]);
    const words = d[0]!.text;
    const join = (ops: string[]) =>
      words
        .filter((p) => ops.includes(p.op))
        .map((p) => p.text)
        .join('');
    expect(join(['equal', 'delete'])).toBe('The ministry of interior leads migration policy.');
    expect(join(['equal', 'insert'])).toBe(
      'The ministry of interior and the ministry of labour lead migration policy.',
    );
    expect(join(['insert'])).toContain('labour');
    expect(join(['delete']).trim()).toBe('leads');
    expect(d[2]!.text).toEqual([{ op: 'insert', text: 'Bilateral agreements.' }]);
    expect(d[3]!.text).toEqual([{ op: 'delete', text: 'The ministry leads.' }]);
  });

  it('reports sources added and removed and a change of classification even when the text is the same', () => {
    const a = gov('Same text.', { sources: [{ title: 'Law 1', url: 'https://example.org/1' }] });
    const b = gov('Same text.', {
      sources: [{ title: 'Law 2', url: null }],
      classification: 'public',
    });
    const [s] = diffSections([a], [b]);
    expect(s!.change).toBe('changed');
    expect(s!.sourcesAdded).toEqual([{ title: 'Law 2', url: null }]);
    expect(s!.sourcesRemoved).toEqual([{ title: 'Law 1', url: 'https://example.org/1' }]);
    expect(s!.classification).toEqual({ from: 'dialogue', to: 'public' });
    expect(s!.text).toEqual([{ op: 'equal', text: 'Same text.' }]);
  });
});

describe('dateSections', () => {
  it('keeps the date of an unchanged section and dates changed and new ones now', () => {
    const previous = [
      { ...gov('Old.'), updatedAt: '2025-01-01T00:00:00.000Z' },
      { ...gov('Kept.'), key: 'policies' as const, updatedAt: '2025-02-01T00:00:00.000Z' },
    ];
    const now = '2026-12-02T10:00:00.000Z';
    const out = dateSections(
      [{ ...gov('Kept.'), key: 'policies' }, gov('New text.'), { ...gov('x'), key: 'challenges' }],
      previous,
      now,
    );
    expect(out.map((s) => [s.key, s.updatedAt])).toEqual([
      ['governance', now],
      ['policies', '2025-02-01T00:00:00.000Z'],
      ['challenges', now],
    ]);
  });
});

describe('workflow and checks', () => {
  it('edits a draft in place, starts a new draft after a decision, decides only on a draft', () => {
    expect(stepOn(null, 'save')).toBe('new');
    expect(stepOn('draft', 'save')).toBe('edit');
    expect(stepOn('endorsed', 'save')).toBe('new');
    expect(stepOn('returned', 'save')).toBe('new');
    expect(stepOn('draft', 'endorse')).toBe('decide');
    expect(stepOn('endorsed', 'endorse')).toBeNull();
    expect(stepOn('returned', 'return')).toBeNull();
    expect(stepOn(null, 'endorse')).toBeNull();
  });

  it('finds a section named twice', () => {
    expect(duplicateKeys([gov('a'), { ...gov('b'), key: 'policies' }, gov('c')])).toEqual(['governance']);
    expect(duplicateKeys([gov('a')])).toEqual([]);
  });

  it('is due for a reminder a year after the last endorsement and the last reminder', () => {
    const now = new Date('2026-12-02T00:00:00Z');
    const createdAt = new Date('2024-01-01T00:00:00Z');
    expect(
      isReminderDue({ lastEndorsedAt: new Date('2025-11-30T00:00:00Z'), createdAt, remindedAt: null }, now),
    ).toBe(true);
    expect(
      isReminderDue({ lastEndorsedAt: new Date('2026-01-10T00:00:00Z'), createdAt, remindedAt: null }, now),
    ).toBe(false);
    expect(
      isReminderDue({ lastEndorsedAt: null, createdAt, remindedAt: new Date('2026-06-01T00:00:00Z') }, now),
    ).toBe(false);
  });
});

describe('summariseBreakdown', () => {
  it('sums the latest twelve months over routes, compares a year earlier, ranks routes and citizenships', () => {
    const cells = [];
    for (let m = 1; m <= 12; m++) {
      const p25 = `2025-${String(m).padStart(2, '0')}`;
      const p24 = `2024-${String(m).padStart(2, '0')}`;
      cells.push({ dimension: 'route', code: 'EMED', period: p25, value: 10 });
      cells.push({ dimension: 'route', code: 'WBAL', period: p25, value: 5 });
      cells.push({ dimension: 'route', code: 'EMED', period: p24, value: 5 });
      cells.push({ dimension: 'citizenship', code: 'SYR', period: p25, value: 9 });
      cells.push({ dimension: 'citizenship', code: 'AFG', period: p25, value: 6 });
    }
    cells.push({ dimension: 'route', code: 'EMED', period: '2023-12', value: null });
    const s = summariseBreakdown(cells, 1);
    expect(s.from).toBe('2025-01');
    expect(s.to).toBe('2025-12');
    expect(s.total).toBe(180); // routes only: citizenships are the same detections split another way
    expect(s.previous).toBe(60);
    expect(s.byRoute).toEqual([
      { code: 'EMED', value: 120 },
      { code: 'WBAL', value: 60 },
    ]);
    expect(s.topCitizenships).toEqual([{ code: 'SYR', value: 108 }]);
    expect(s.trend).toHaveLength(36);
    expect(s.trend.at(-1)).toEqual({ period: '2025-12', value: 15 });
    expect(s.trend[0]).toEqual({ period: '2023-01', value: null });
  });

  it('has no figures without published cells', () => {
    expect(summariseBreakdown([]).total).toBeNull();
    expect(
      summariseBreakdown([{ dimension: 'route', code: 'X', period: '2025-01', value: null }]).trend,
    ).toEqual([]);
  });
});
