/**
 * Job leases (issue 13, item 16): a job claimed by a worker that then died (no heartbeat) is claimed again
 * once its lease expires; a job whose worker keeps beating is never taken by another worker; a worker that
 * lost its lease can no longer complete the job. Leases are set to about a second here.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../test/databases';
import { claimJob, completeJob, enqueue, failAbandonedJobs, readLeaseOptions } from './queue';
import { type JobHandlers, runOneJob, startJobWorker } from './worker';

const SHORT = { leaseSeconds: 1, heartbeatMs: 200 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobState {
  status: string;
  attempts: number;
  last_error: string | null;
}

describe.each(testDatabases())('job leases [%s]', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.drop());

  const state = async (name: string) =>
    (
      await t.db.query<JobState>(
        sql`SELECT status, attempts, last_error FROM jobs WHERE name = ${name} ORDER BY id`,
      )
    )[0];

  it('a job claimed by a dead worker is claimed again after its lease; the attempt counts', async () => {
    await enqueue(t.db, 'lease.dead', { n: 1 });
    // The "dead" worker: claims with a one-second lease, then never beats and never finishes.
    const dead = await t.db.transaction((tx) => claimJob(tx, ['lease.dead'], { leaseSeconds: 1 }));
    expect(dead).toMatchObject({ name: 'lease.dead', attempts: 1 });
    const runs: number[] = [];
    const handlers: JobHandlers = {
      'lease.dead': async (_db, _p, job) => {
        runs.push(job.attempts);
      },
    };
    // Within the lease another worker finds nothing to do.
    expect(await runOneJob(t.db, handlers, { lease: SHORT })).toBeUndefined();
    const started = Date.now();
    let outcome = await runOneJob(t.db, handlers, { lease: SHORT });
    while (!outcome && Date.now() - started < 5000) {
      await sleep(50);
      outcome = await runOneJob(t.db, handlers, { lease: SHORT });
    }
    expect(outcome).toMatchObject({ name: 'lease.dead', ok: true });
    // Picked up about one lease after the claim (not an hour later).
    expect(Date.now() - started).toBeLessThan(3000);
    expect(runs).toEqual([2]);
    expect(await state('lease.dead')).toMatchObject({ status: 'done', attempts: 2 });
    // The dead worker wakes up: its claim (attempt 1) no longer holds the job.
    expect(await completeJob(t.db, dead!)).toBe(false);
    expect(await state('lease.dead')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a job whose worker keeps beating is not claimed by another worker', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const runs: string[] = [];
    const worker = startJobWorker(
      t.db,
      {
        'lease.live': async () => {
          runs.push('A');
          await released;
        },
      },
      { pollMs: 20, lease: SHORT },
    );
    try {
      await enqueue(t.db, 'lease.live', {});
      worker.wake();
      for (let i = 0; i < 100 && runs.length === 0; i++) await sleep(20);
      expect(runs).toEqual(['A']);
      // A second worker polls for three lease lengths while A keeps beating: it never gets the job.
      const other: JobHandlers = {
        'lease.live': async () => {
          runs.push('B');
        },
      };
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        expect(await runOneJob(t.db, other, { lease: SHORT })).toBeUndefined();
        await sleep(100);
      }
      const [beat] = await t.db.query<{ is_renewed: boolean }>(
        sql`SELECT heartbeat_at > locked_at + interval '2 seconds' AS is_renewed FROM jobs WHERE name = 'lease.live'`,
      );
      expect(beat?.is_renewed).toBe(true);
      release();
      for (let i = 0; i < 100 && (await state('lease.live'))?.status !== 'done'; i++) await sleep(20);
    } finally {
      release();
      await worker.stop();
    }
    expect(runs).toEqual(['A']);
    expect(await state('lease.live')).toMatchObject({ status: 'done', attempts: 1, last_error: null });
  });

  it('a job abandoned during its last attempt is marked failed with the reason, not run again', async () => {
    await enqueue(t.db, 'lease.last', {}, { maxAttempts: 1 });
    await t.db.transaction((tx) => claimJob(tx, ['lease.last'], { leaseSeconds: 1 }));
    await sleep(1100);
    const runs: number[] = [];
    const handlers: JobHandlers = {
      'lease.last': async () => {
        runs.push(1);
      },
    };
    expect(await runOneJob(t.db, handlers, { lease: SHORT })).toBeUndefined();
    await failAbandonedJobs(t.db);
    expect(await state('lease.last')).toEqual({
      status: 'failed',
      attempts: 1,
      last_error: 'attempt 1 of 1: the worker stopped (no heartbeat before its lease expired)',
    });
    expect(runs).toEqual([]);
  });

  it('a worker that lost its lease is told so (signal) and records nothing', async () => {
    await enqueue(t.db, 'lease.lost', {});
    let signal: AbortSignal | undefined;
    const outcome = runOneJob(
      t.db,
      {
        'lease.lost': async (_db, _p, _job, run) => {
          signal = run.signal;
          // Someone else takes the job meanwhile (as after a stall longer than the lease).
          await t.db.query(sql`UPDATE jobs SET attempts = attempts + 1 WHERE name = 'lease.lost'`);
          for (let i = 0; i < 50 && !run.signal.aborted; i++) await sleep(20);
        },
      },
      { lease: SHORT },
    );
    expect(await outcome).toMatchObject({ ok: false, error: expect.stringContaining('lease was lost') });
    expect(signal?.aborted).toBe(true);
    expect(await state('lease.lost')).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('reads the lease settings; a heartbeat slower than a third of the lease is refused', () => {
    expect(readLeaseOptions({})).toEqual({ leaseSeconds: 90, heartbeatMs: 15_000 });
    expect(readLeaseOptions({ PASSAGE_JOB_LEASE_SECONDS: '30' })).toEqual({
      leaseSeconds: 30,
      heartbeatMs: 10_000,
    });
    expect(() =>
      readLeaseOptions({ PASSAGE_JOB_LEASE_SECONDS: '30', PASSAGE_JOB_HEARTBEAT_SECONDS: '20' }),
    ).toThrow(/at most a third/);
    expect(() => readLeaseOptions({ PASSAGE_JOB_LEASE_SECONDS: 'soon' })).toThrow(/positive number/);
  });
});
