import { describe, expect, it } from 'vitest';
import { cacheTtlFromEnv, clearCachesAfterWrite, TtlCache } from '../ttl-cache';

describe('TtlCache', () => {
  it('returns a value until its time-to-live has passed', () => {
    let now = 1_000;
    const cache = new TtlCache<string>(5_000, 10, () => now);
    cache.set('a', 'alice');
    now += 4_999;
    expect(cache.get('a')).toBe('alice');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('spreads expiry over (1 − spread) × ttl … ttl, so entries set together do not expire together', () => {
    let now = 0;
    let draw = 1;
    const cache = new TtlCache<string>(10_000, 10, () => now, { spread: 0.5, random: () => draw });
    cache.set('early', 'e'); // lives 5,000 ms
    draw = 0;
    cache.set('late', 'l'); // lives 10,000 ms
    now = 4_999;
    expect([cache.get('early'), cache.get('late')]).toEqual(['e', 'l']);
    now = 5_000;
    expect([cache.get('early'), cache.get('late')]).toEqual([undefined, 'l']);
    now = 10_000;
    expect(cache.get('late')).toBeUndefined();
  });

  it('forgets everything on clear, and evicts the oldest entry when full', () => {
    const cache = new TtlCache<number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });

  it('clears every cache at once after a write', async () => {
    const a = new TtlCache<number>(60_000);
    const b = new TtlCache<number>(60_000);
    a.set('k', 1);
    b.set('k', 2);
    await clearCachesAfterWrite();
    expect([a.get('k'), b.get('k')]).toEqual([undefined, undefined]);
  });

  it('keeps a cache keyed by its own content across writes (clearedByWrites: false)', async () => {
    const kept = new TtlCache<number>(60_000, 10, Date.now, { clearedByWrites: false });
    kept.set('k', 1);
    await clearCachesAfterWrite();
    expect(kept.get('k')).toBe(1);
  });

  it('caches nothing with a time-to-live of 0', () => {
    const cache = new TtlCache<number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('reads PASSAGE_SESSION_CACHE_MS and refuses nonsense', () => {
    expect(cacheTtlFromEnv({})).toBe(5_000);
    expect(cacheTtlFromEnv({ PASSAGE_SESSION_CACHE_MS: '0' })).toBe(0);
    expect(() => cacheTtlFromEnv({ PASSAGE_SESSION_CACHE_MS: 'soon' })).toThrow(/PASSAGE_SESSION_CACHE_MS/);
  });
});
