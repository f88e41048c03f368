import { describe, expect, it } from 'vitest';
import { Invalid } from '../../shared/errors';
import { vintageCutoff } from './vintage-cutoff';

describe('vintageCutoff', () => {
  it('reads a day as its end (UTC): everything published that day is in', () => {
    expect(vintageCutoff('2024-03-31').toISOString()).toBe('2024-04-01T00:00:00.000Z');
  });

  it('reads an instant as just after it, so a figure published at that instant is in', () => {
    expect(vintageCutoff('2024-03-31T12:00:00Z').toISOString()).toBe('2024-03-31T12:00:00.001Z');
    expect(vintageCutoff('2024-03-31T12:00:00+02:00').toISOString()).toBe('2024-03-31T10:00:00.001Z');
  });

  it('refuses a date that does not exist, naming the query field', () => {
    let error: unknown;
    try {
      vintageCutoff('2024-13-45');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Invalid);
    expect(error).toMatchObject({ errors: [{ field: 'querystring.asOf', message: 'is not a valid date' }] });
  });
});
