import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findNul, NUL_MESSAGE } from '../nul-text';

describe('findNul', () => {
  it('names the first string holding U+0000 like the validation errors do', () => {
    expect(findNul({ a: [{ b: 'ok' }, { b: 'x\u0000' }] }, 'body')).toEqual({
      field: 'body.a[1].b',
      message: NUL_MESSAGE,
    });
    expect(findNul('\u0000', 'params')).toEqual({ field: 'params', message: NUL_MESSAGE });
    expect(findNul({ a: 'fine', n: 1, z: null }, 'body')).toBeUndefined();
  });

  it('looks at object keys, and at objects without the usual prototype (router params, parsed query)', () => {
    expect(findNul({ warningComments: { 'k\u0000': 'x' } }, 'body')?.field).toBe('body.warningComments');
    const query = Object.create(null) as Record<string, string>; // as fast-querystring builds it
    query.q = 'a\u0000';
    expect(findNul(query, 'querystring')?.field).toBe('querystring.q');
  });

  it('does not look into streams or buffers, and survives very deep nesting', () => {
    expect(findNul(Readable.from(['\u0000']), 'body')).toBeUndefined();
    expect(findNul(Buffer.from([0]), 'body')).toBeUndefined();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep, 'body')?.message).toBe(NUL_MESSAGE);
  });
});
