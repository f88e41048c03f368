import { describe, expect, it } from 'vitest';
import {
  comparableMark,
  formatLsn,
  lagSeconds,
  parseLsn,
  type ReplicaHealth,
  readAfterOf,
  readReplicaOptions,
  routeRead,
  WriteMarks,
} from './read-replica';

const streaming = (replayed: bigint, lag = 0): ReplicaHealth => ({
  state: 'streaming',
  lagSeconds: lag,
  lagBytes: 0,
  replayed,
  detail: '',
});

describe('WAL positions', () => {
  it('parse and format as PostgreSQL writes them, ordered as the log is', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848'))).toBe('16/B374D848');
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    for (const bad of ['', '16', '16/', 'G/1', '1/2/3', '123456789/0', "0/0'; DROP"])
      expect(() => parseLsn(bad), bad).toThrow(/not a WAL position/);
  });

  it('a mark just past a page header equals the page boundary; others are unchanged', () => {
    expect(comparableMark(8192n * 5n + 24n)).toBe(8192n * 5n);
    expect(comparableMark(8192n * 5n + 40n)).toBe(8192n * 5n);
    expect(comparableMark(8192n * 5n + 48n)).toBe(8192n * 5n + 48n);
    expect(comparableMark(8192n * 5n)).toBe(8192n * 5n);
  });
});

describe('lag', () => {
  const samples = [
    { at: 1_000, lsn: 100n },
    { at: 2_000, lsn: 200n },
    { at: 3_000, lsn: 300n },
  ];
  it('is zero when the replica has replayed the latest sample', () => {
    expect(lagSeconds(samples, 300n, 10_000)).toBe(0);
    expect(lagSeconds(samples, 301n, 10_000)).toBe(0);
    expect(lagSeconds([], 0n, 10_000)).toBe(0);
  });
  it('is the age of the oldest sample the replica has not replayed', () => {
    expect(lagSeconds(samples, 150n, 10_000)).toBe(8);
    expect(lagSeconds(samples, 99n, 10_000)).toBe(9);
    expect(lagSeconds(samples, 299n, 3_500)).toBe(0.5);
  });
});

describe('routing a read', () => {
  it('goes to the replica only when it streams within the bound and has the reader’s last write', () => {
    expect(routeRead(streaming(500n), 5, undefined).target).toBe('replica');
    expect(routeRead(streaming(500n), 5, 500n).target).toBe('replica');
    expect(routeRead(streaming(500n), 5, 501n).target).toBe('primary');
    expect(routeRead(streaming(500n, 6), 5, undefined).target).toBe('primary');
    expect(routeRead(streaming(8192n), 5, 8192n + 24n).target).toBe('replica');
    for (const state of ['down', 'starting'] as const)
      expect(routeRead({ ...streaming(500n), state }, 5, undefined).target).toBe('primary');
    expect(routeRead({ ...streaming(500n), lagSeconds: null }, 5, undefined).target).toBe('primary');
  });
});

describe('write marks', () => {
  it('keep the latest write per reader until the replica replays it', () => {
    const marks = new WriteMarks();
    marks.note('user:1', 300n);
    marks.note('user:1', 200n); // an older position (another server's mark arriving late) never lowers it
    marks.note('user:2', 100n);
    expect(marks.of('user:1')).toBe(300n);
    marks.replayedUpTo(250n);
    expect(marks.of('user:2')).toBeUndefined();
    expect(marks.of('user:1')).toBe(300n);
    marks.replayedUpTo(300n);
    expect(marks.size).toBe(0);
    expect(marks.of(undefined)).toBeUndefined();
  });
  it('hold at most `max` readers, the oldest dropped first', () => {
    const marks = new WriteMarks(2);
    marks.note('a', 1n);
    marks.note('b', 2n);
    marks.note('a', 3n);
    marks.note('c', 4n);
    expect([marks.of('a'), marks.of('b'), marks.of('c')]).toEqual([3n, undefined, 4n]);
  });
  it('a reader’s mark is the later of this server’s and the carried one; a malformed one is ignored', () => {
    const marks = new WriteMarks();
    marks.note('user:1', parseLsn('0/200'));
    expect(readAfterOf(marks, { key: 'user:1', after: '0/100' })).toBe(0x200n);
    expect(readAfterOf(marks, { key: 'user:1', after: '0/300' })).toBe(0x300n);
    expect(readAfterOf(marks, { key: 'user:9', after: '0/300' })).toBe(0x300n);
    expect(readAfterOf(marks, { key: 'user:1', after: 'nonsense' })).toBe(0x200n);
    expect(readAfterOf(marks, { after: 'nonsense' })).toBeUndefined();
    expect(readAfterOf(marks, undefined)).toBeUndefined();
  });
});

describe('settings', () => {
  it('no DATABASE_READ_URL: no replica; defaults 5 s and 1 s; bad numbers stop the start with the name', () => {
    expect(readReplicaOptions({})).toBeUndefined();
    expect(readReplicaOptions({ DATABASE_READ_URL: ' ' })).toBeUndefined();
    expect(readReplicaOptions({ DATABASE_READ_URL: 'postgres://r/db' })).toEqual({
      url: 'postgres://r/db',
      maxLagSeconds: 5,
      pollMs: 1000,
    });
    expect(
      readReplicaOptions({
        DATABASE_READ_URL: 'postgres://r/db',
        PASSAGE_READ_MAX_LAG_SECONDS: '0.5',
        PASSAGE_READ_POLL_MS: '250',
      }),
    ).toMatchObject({ maxLagSeconds: 0.5, pollMs: 250 });
    expect(() =>
      readReplicaOptions({ DATABASE_READ_URL: 'postgres://r/db', PASSAGE_READ_MAX_LAG_SECONDS: 'soon' }),
    ).toThrow(/PASSAGE_READ_MAX_LAG_SECONDS: expected a number/);
    expect(() =>
      readReplicaOptions({ DATABASE_READ_URL: 'postgres://r/db', PASSAGE_READ_POLL_MS: '10' }),
    ).toThrow(/PASSAGE_READ_POLL_MS/);
  });
});
