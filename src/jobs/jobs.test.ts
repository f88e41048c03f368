import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../test/databases';
import { withActor } from '../db/with-actor';
import { enqueue, retryDelaySeconds } from './queue';
import { runJobsNow, startJobWorker } from './worker';

interface JobState {
  status: string;
  attempts: number;
  last_error: string | null;
  delayed: boolean;
}

describe.each(testDatabases())('job queue [%s]', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.drop());

  const state = async (name: string) =>
    (
      await t.db.query<JobState>(sql`SELECT status, attempts, last_error, run_at > now() AS delayed
        FROM jobs WHERE name = ${name} ORDER BY id`)
    ).map((r) => ({ ...r, last_error: r.last_error ? r.last_error.split('\n')[0]! : null }));

  it('runs a job once; a singleton is queued once while it waits', async () => {
    const seen: unknown[] = [];
    await enqueue(t.db, 'test.once', { n: 1 }, { singletonKey: 'k' });
    await enqueue(t.db, 'test.once', { n: 2 }, { singletonKey: 'k' });
    await enqueue(t.db, 'test.other', { n: 3 });
    const out = await runJobsNow(t.db, {
      'test.once': async (_db, payload) => {
        seen.push(payload);
      },
    });
    expect(seen).toEqual([{ n: 1 }]);
    expect(out.map((o) => [o.name, o.ok])).toEqual([['test.once', true]]);
    expect(await state('test.once')).toEqual([
      { status: 'done', attempts: 1, last_error: null, delayed: false },
    ]);
    // Jobs without a handler here are left for a worker that has one.
    expect((await state('test.other'))[0]!.status).toBe('queued');
  });

  it('retries a failing job with backoff and keeps the last error; fails after max attempts', async () => {
    await enqueue(t.db, 'test.fail', {}, { maxAttempts: 2 });
    const handlers = {
      'test.fail': async () => {
        throw new Error('SMTP down');
      },
    };
    const first = await runJobsNow(t.db, handlers);
    expect(first).toEqual([expect.objectContaining({ ok: false, error: 'SMTP down' })]);
    expect(await state('test.fail')).toEqual([
      { status: 'queued', attempts: 1, last_error: 'Error: SMTP down', delayed: true },
    ]);
    // Not due yet: nothing runs.
    expect(await runJobsNow(t.db, handlers)).toEqual([]);
    await t.db.query(sql`UPDATE jobs SET run_at = now() WHERE name = 'test.fail'`);
    await runJobsNow(t.db, handlers);
    expect(await state('test.fail')).toEqual([
      { status: 'failed', attempts: 2, last_error: 'Error: SMTP down', delayed: true },
    ]);
    expect([1, 2, 3, 20].map(retryDelaySeconds)).toEqual([30, 60, 120, 3600]);
  });

  it('lets a request (passage_app) enqueue but not read jobs', async () => {
    const actor = {
      userId: 1,
      orgId: 1,
      orgKind: 'secretariat' as const,
      countryIso3: null,
      email: 'x@test',
      name: 'x',
      roles: {},
    };
    await withActor(t.db, actor, (tx) => enqueue(tx, 'test.app', { a: 1 }));
    expect(await state('test.app')).toHaveLength(1);
    await expect(withActor(t.db, actor, (tx) => tx.query(sql`SELECT * FROM jobs`))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('the background worker picks up work and stops cleanly', async () => {
    const done: number[] = [];
    const worker = startJobWorker(
      t.db,
      {
        'test.worker': async (_db, p) => {
          done.push((p as { i: number }).i);
        },
      },
      { pollMs: 20 },
    );
    await enqueue(t.db, 'test.worker', { i: 1 });
    await enqueue(t.db, 'test.worker', { i: 2 });
    worker.wake();
    for (let i = 0; i < 100 && done.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(done).toEqual([1, 2]);
  });
});
