import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/connect';
import { EventBus } from '../events';

interface TestEvents {
  'thing.happened': { n: number };
  'other.happened': { s: string };
}

// The bus only hands the transaction on; these listeners never use it.
const tx = {} as Queryable;

describe('EventBus', () => {
  it('runs the listeners of an event in registration order, one after another, with the transaction', async () => {
    const bus = new EventBus<TestEvents>();
    const seen: string[] = [];
    bus.on('thing.happened', async (e, t) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`first ${e.n} ${t === tx}`);
    });
    bus.on('thing.happened', async (e) => {
      seen.push(`second ${e.n}`);
    });
    bus.on('other.happened', async (e) => {
      seen.push(`other ${e.s}`);
    });
    await bus.emit('thing.happened', { n: 7 }, tx);
    expect(seen).toEqual(['first 7 true', 'second 7']);
  });

  it('registers a function once however often it is registered, and can take it off again', async () => {
    const bus = new EventBus<TestEvents>();
    let calls = 0;
    const listener = async () => {
      calls++;
    };
    bus.on('thing.happened', listener);
    const off = bus.on('thing.happened', listener);
    expect(bus.count('thing.happened')).toBe(1);
    await bus.emit('thing.happened', { n: 1 }, tx);
    off();
    await bus.emit('thing.happened', { n: 2 }, tx);
    expect(calls).toBe(1);
    expect(bus.count('thing.happened')).toBe(0);
  });

  it('stops at the first listener that throws and passes its error to the caller (who rolls back)', async () => {
    const bus = new EventBus<TestEvents>();
    const seen: number[] = [];
    bus.on('thing.happened', async () => {
      throw new Error('listener failed');
    });
    bus.on('thing.happened', async (e) => {
      seen.push(e.n);
    });
    await expect(bus.emit('thing.happened', { n: 3 }, tx)).rejects.toThrow('listener failed');
    expect(seen).toEqual([]);
  });
});
