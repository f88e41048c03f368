import { describe, expect, it } from 'vitest';
import { vintageHistory } from './vintages';

describe('vintageHistory', () => {
  it('reads each origin as first published: later revisions and late months are not yet known', () => {
    const t = (day: number) => Date.UTC(2024, 0, day);
    const history = vintageHistory([
      // Month 0: A published 10 on day 1, revised to 15 on day 20.
      { index: 0, reporter: 'A', value: 10, publishedAt: t(1), supersededAt: t(20) },
      { index: 0, reporter: 'A', value: 15, publishedAt: t(20), supersededAt: null },
      { index: 0, reporter: 'B', value: 1, publishedAt: t(2), supersededAt: null },
      // Month 1: A on day 10, B late on day 25.
      { index: 1, reporter: 'A', value: 20, publishedAt: t(10), supersededAt: null },
      { index: 1, reporter: 'B', value: 2, publishedAt: t(25), supersededAt: null },
      // Month 2: A on day 30.
      { index: 2, reporter: 'A', value: 30, publishedAt: t(30), supersededAt: null },
    ]);
    // Month 0 was complete on day 2: A's first figure.
    expect(history(0)).toEqual([11]);
    // Month 1 was complete on day 25 (B's late figure): A's revision of month 0 is known by then.
    expect(history(1)).toEqual([16, 22]);
    expect(history(2)).toEqual([16, 22, 30]);
  });
});
