/**
 * Stopping the worker (server shutdown) never leaves a job 'running': a handler that honours the abort
 * signal is released at once, one that ignores it is released when the grace period ends.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../test/databases';
import { enqueue } from './queue';
import { startJobWorker } from './worker';

describe.each(testDatabases())('stopping the job worker [%s]', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.drop());

  const state = async (name: string) =>
    (
      await t.db.query<{ status: string; attempts: number; is_locked: boolean; last_error: string | null }>(
        sql`SELECT status, attempts, locked_at IS NOT NULL AS is_locked, last_error FROM jobs WHERE name = ${name}`,
      )
    )[0];

  const waitUntil = async (check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(check()).toBe(true);
  };

  it('aborts a long job that checks its signal and gives it back to the queue, attempt not counted', async () => {
    let isStarted = false;
    let seenAbort = false;
    const worker = startJobWorker(
      t.db,
      {
        'test.long': async (_db, _payload, _job, { signal }) => {
          isStarted = true;
          // Would run for a minute; gives up as soon as the worker stops.
          for (let i = 0; i < 3000; i++) {
            if (signal.aborted) {
              seenAbort = true;
              signal.throwIfAborted();
            }
            await new Promise((r) => setTimeout(r, 20));
          }
        },
      },
      { pollMs: 20 },
    );
    await enqueue(t.db, 'test.long', {});
    worker.wake();
    await waitUntil(() => isStarted);
    expect((await state('test.long'))!.status).toBe('running');
    await worker.stop(60_000);
    expect(seenAbort).toBe(true);
    expect(await state('test.long')).toEqual({
      status: 'queued',
      attempts: 0,
      is_locked: false,
      last_error: null,
    });
  });

  it('releases a job whose handler ignores the signal once the grace period is over', async () => {
    let isStarted = false;
    let finish = () => {};
    const worker = startJobWorker(
      t.db,
      {
        'test.stubborn': async () => {
          isStarted = true;
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
        },
      },
      { pollMs: 20 },
    );
    await enqueue(t.db, 'test.stubborn', {});
    worker.wake();
    await waitUntil(() => isStarted);
    await worker.stop(200);
    expect(await state('test.stubborn')).toMatchObject({ status: 'queued', attempts: 0, is_locked: false });
    // If the handler still completes afterwards, its claim no longer holds (queue.ts fences every write by the
    // attempt it claimed): the release stands and the job runs again, rather than being marked done by a worker
    // that gave it up.
    finish();
    await new Promise((r) => setTimeout(r, 200));
    expect(await state('test.stubborn')).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
