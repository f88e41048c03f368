import { describe, expect, it } from 'vitest';
import { DatabaseStoppedError, stopGuard } from './pglite-stop';

const logFailure = () =>
  Object.assign(new Error('could not write to file "pg_wal/000000010000000000000001"'), {});

describe('stopGuard', () => {
  it('passes results and ordinary errors through, and keeps running after them', async () => {
    const g = stopGuard();
    await expect(g.run(async () => 42)).resolves.toBe(42);
    await expect(g.run(async () => Promise.reject(new Error('duplicate key')))).rejects.toThrow(
      'duplicate key',
    );
    await expect(
      g.run(() => {
        throw new Error('thrown before any promise');
      }),
    ).rejects.toThrow('thrown before any promise');
    expect(g.stopped()).toBeUndefined();
    await expect(g.run(async () => 'still')).resolves.toBe('still');
  });

  it('after a log write failure fails the waiting operations and every later one with DatabaseStoppedError', async () => {
    const g = stopGuard();
    let finishWaiting: (v: string) => void = () => {};
    const waiting = g.run(() => new Promise<string>((r) => (finishWaiting = r)));
    const failing = g.run(async () => Promise.reject(logFailure()));
    await expect(failing).rejects.toBeInstanceOf(DatabaseStoppedError);
    await expect(waiting).rejects.toBeInstanceOf(DatabaseStoppedError);
    finishWaiting('too late'); // the engine answering after the stop changes nothing
    await expect(g.run(async () => 1)).rejects.toBeInstanceOf(DatabaseStoppedError);
    expect(g.stopped()?.message).toContain('pg_wal');
  });
});
