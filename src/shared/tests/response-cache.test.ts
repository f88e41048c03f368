import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import {
  actorCacheKey,
  etagOf,
  matchesEtag,
  ResponseCache,
  readResponseCacheOptions,
  responseCacheKey,
} from '../response-cache';
import { clearCachesAfterWrite } from '../ttl-cache';

const entry = (text: string) => ({
  body: Buffer.from(text),
  etag: etagOf(Buffer.from(text)),
  headers: { 'content-type': 'application/json' },
});
const options = { ttlMs: 60_000, maxEntries: 100, maxBytes: 1024 * 1024 };

const analyst: Actor = {
  userId: 7,
  orgId: 3,
  orgKind: 'state',
  countryIso3: 'ITA',
  email: 'a@x',
  name: 'A',
  roles: { 1: ['analyst'] },
};

describe('ResponseCache', () => {
  it('keeps an answer for its time-to-live, then forgets it', () => {
    let now = 0;
    let draw = 0;
    const cache = new ResponseCache(
      { ...options, ttlMs: 1000 },
      () => now,
      () => draw,
    );
    expect(cache.set('k', entry('one'), cache.generation)).toBe(true); // lives the whole 1,000 ms
    draw = 1;
    cache.set('half', entry('two'), cache.generation); // lives 500 ms
    now = 499;
    expect(cache.get('half')).toBeDefined();
    now = 500;
    expect(cache.get('half')).toBeUndefined();
    expect(cache.get('k')?.body.toString()).toBe('one');
    now = 1000;
    expect(cache.get('k')).toBeUndefined();
    // Expired entries stay one time-to-live longer, for requests that come while they are refreshed.
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, entries: 2 });
    now = 2000;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.get('half')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 4, entries: 0, bytes: 0 });
  });

  it('gives an expired entry for one time-to-live after its expiry (stale), never a fresh miss or after a write', () => {
    let now = 0;
    const cache = new ResponseCache(
      { ...options, ttlMs: 1000 },
      () => now,
      () => 0,
    );
    cache.set('k', entry('old'), cache.generation);
    expect(cache.getStale('k')).toBeDefined(); // fresh entries too: the caller asks only on a miss
    expect(cache.getStale('other')).toBeUndefined();
    now = 1500;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.getStale('k')?.body.toString()).toBe('old');
    now = 2000;
    expect(cache.getStale('k')).toBeUndefined();
    cache.set('k', entry('again'), cache.generation);
    now = 3500;
    cache.clear();
    expect(cache.getStale('k')).toBeUndefined();
    expect(cache.stats().staleServed).toBe(2);
  });

  it('evicts the least recently used entry when full, by entries and by bytes', () => {
    const cache = new ResponseCache({ ...options, maxEntries: 2 });
    cache.set('a', entry('A'), 0);
    cache.set('b', entry('B'), 0);
    cache.get('a'); // a is now the most recently used
    cache.set('c', entry('C'), 0);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();

    const small = new ResponseCache({ ...options, maxBytes: 2000 });
    small.set('x', entry('x'.repeat(900)), 0);
    small.set('y', entry('y'.repeat(900)), 0);
    expect(small.stats().entries).toBe(1); // two would exceed 2,000 bytes with the per-entry overhead
    expect(small.get('y')).toBeDefined();
    expect(small.stats().bytes).toBeLessThanOrEqual(2000);
    expect(small.set('z', entry('z'.repeat(5000)), 0)).toBe(false); // larger than the whole cache
  });

  it('does not store an answer read before a clear (it may predate the write)', () => {
    const cache = new ResponseCache(options);
    const before = cache.generation;
    cache.clear();
    expect(cache.set('k', entry('old'), before)).toBe(false);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.set('k', entry('new'), cache.generation)).toBe(true);
    expect(cache.stats().staleSkipped).toBe(1);
  });

  it('is emptied by any write, with the look-up caches', async () => {
    const cache = new ResponseCache(options);
    cache.set('k', entry('v'), cache.generation);
    await clearCachesAfterWrite();
    expect(cache.get('k')).toBeUndefined();
    expect(cache.stats().clears).toBeGreaterThan(0);
  });
});

describe('responseCacheKey', () => {
  const key = (over: Partial<Parameters<typeof responseCacheKey>[0]> = {}) =>
    responseCacheKey({
      route: '/api/x',
      url: '/api/x?b=2&a=1',
      origin: 'http://h',
      language: 'en',
      accept: '',
      actor: analyst,
      ...over,
    });

  it('is one key for the same query in another order and the same actor built in another order', () => {
    const reordered: Actor = {
      roles: { 1: ['analyst'] },
      name: 'A',
      email: 'a@x',
      countryIso3: 'ITA',
      orgKind: 'state',
      orgId: 3,
      userId: 7,
    };
    expect(key({ url: '/api/x?a=1&b=2' })).toBe(key());
    expect(key({ actor: reordered })).toBe(key());
  });

  it('is one key without Accept and with */* (both mean anything), another for a named type', () => {
    expect(key({ accept: '*/*' })).toBe(key({ accept: '' }));
    expect(key({ accept: ' */* ' })).toBe(key());
    expect(key({ accept: 'text/csv' })).not.toBe(key());
  });

  it('differs in any authorisation input, the language, Accept, the path and the query', () => {
    const variants: Actor[] = [
      { ...analyst, userId: 8 },
      { ...analyst, orgId: 4 },
      { ...analyst, countryIso3: 'GRC' },
      { ...analyst, roles: { 1: ['analyst', 'data_provider'] } },
      { ...analyst, roles: { 2: ['analyst'] } },
      { ...analyst, scopes: ['observations:read'] },
      { ...analyst, submitsFor: { 1: ['TUR'] } },
      { ...analyst, isPlatformAdmin: true },
    ];
    const keys = new Set([key(), ...variants.map((actor) => key({ actor }))]);
    keys.add(key({ actor: null }));
    keys.add(key({ language: 'fr' }));
    keys.add(key({ accept: 'application/json' }));
    keys.add(key({ url: '/api/y?a=1&b=2' }));
    keys.add(key({ url: '/api/x?a=1&b=3' }));
    keys.add(key({ origin: 'https://h' }));
    expect(keys.size).toBe(1 + variants.length + 6);
    expect(actorCacheKey(null)).toBe('anonymous');
  });
});

describe('ETags', () => {
  it('are strong, equal for equal bodies, and matched in If-None-Match lists', () => {
    const tag = etagOf(Buffer.from('{"a":1}'));
    expect(tag).toMatch(/^"[^"]+"$/);
    expect(etagOf(Buffer.from('{"a":1}'))).toBe(tag);
    expect(etagOf(Buffer.from('{"a":2}'))).not.toBe(tag);
    expect(matchesEtag(`"x", ${tag}`, tag)).toBe(true);
    expect(matchesEtag(`W/${tag}`, tag)).toBe(true);
    expect(matchesEtag('*', tag)).toBe(true);
    expect(matchesEtag('"x"', tag)).toBe(false);
    expect(matchesEtag(undefined, tag)).toBe(false);
  });
});

describe('readResponseCacheOptions', () => {
  it('is on by default, off by PASSAGE_RESPONSE_CACHE=off or a TTL of 0, and refuses nonsense', () => {
    expect(readResponseCacheOptions({})).toEqual({
      ttlMs: 60_000,
      maxEntries: 10_000,
      maxBytes: 64 * 1024 * 1024,
    });
    expect(readResponseCacheOptions({ PASSAGE_RESPONSE_CACHE: 'off' })).toBeNull();
    expect(readResponseCacheOptions({ PASSAGE_RESPONSE_CACHE_MS: '0' })).toBeNull();
    expect(
      readResponseCacheOptions({
        PASSAGE_RESPONSE_CACHE_MAX_MIB: '8',
        PASSAGE_RESPONSE_CACHE_MAX_ENTRIES: '50',
      }),
    ).toMatchObject({ maxBytes: 8 * 1024 * 1024, maxEntries: 50 });
    expect(() => readResponseCacheOptions({ PASSAGE_RESPONSE_CACHE: 'maybe' })).toThrow(
      /PASSAGE_RESPONSE_CACHE/,
    );
    expect(() => readResponseCacheOptions({ PASSAGE_RESPONSE_CACHE_MS: 'soon' })).toThrow(
      /PASSAGE_RESPONSE_CACHE_MS/,
    );
    expect(() => readResponseCacheOptions({ PASSAGE_RESPONSE_CACHE_MAX_MIB: '0' })).toThrow(/MAX_MIB/);
  });
});
