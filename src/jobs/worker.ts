/**
 * Runs queued jobs with registered handlers: `startJobWorker` polls in the background (started by the
 * server, stopped on close); `runJobsNow` drains the queue synchronously (CLI, tests).
 *
 * While a handler runs, a heartbeat renews the job's lease (queue.ts) every `heartbeatMs`; if the lease was
 * lost anyway (this process stalled longer than the lease and another worker took the job), the handler's
 * `signal` is aborted and this worker records nothing for the job.
 *
 * Stopping the worker (server shutdown) aborts the same signal: a handler that gives up (throws) once aborted,
 * or one still running when the grace period ends, has its job released back to the queue for another run
 * (attempt not counted), so a shutdown never leaves a job 'running' until its lease expires.
 */

import type { Db } from '../db/connect';
import { clearCachesAfterWrite } from '../shared/ttl-cache';
import {
  claimJob,
  completeJob,
  extendLease,
  failAbandonedJobs,
  failJob,
  type JobRow,
  type LeaseOptions,
  readLeaseOptions,
  releaseJob,
} from './queue';

/**
 * `signal` is aborted when this worker lost the job's lease (stop early, the job runs elsewhere) or when the
 * worker stops (stop early: the job goes back to the queue).
 */
export type JobHandler = (
  db: Db,
  payload: unknown,
  job: JobRow,
  run: { signal: AbortSignal },
) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

export interface JobOutcome {
  id: number;
  name: string;
  ok: boolean;
  result?: unknown;
  error?: string;
  /** The worker was stopped while the job ran; it is queued again. */
  released?: boolean;
}

const LEASE_LOST = "the job's lease was lost (this worker stalled); another worker runs it";

/** Renews the lease every heartbeatMs until stopped; aborts `controller` when the lease is lost. */
function startHeartbeat(
  db: Db,
  job: JobRow,
  lease: LeaseOptions,
  controller: AbortController,
  onError?: (e: unknown) => void,
): () => void {
  let isBeating = false;
  const timer = setInterval(() => {
    if (isBeating || controller.signal.aborted) return;
    isBeating = true;
    extendLease(db, job, lease.leaseSeconds)
      .then((isHeld) => {
        if (!isHeld) controller.abort(new Error(LEASE_LOST));
      })
      // A failed heartbeat (database briefly unreachable) is retried at the next beat; the lease has slack.
      .catch((e) => onError?.(e))
      .finally(() => {
        isBeating = false;
      });
  }, lease.heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Claims and runs one due job under a lease with heartbeats; undefined when none is due. */
export async function runOneJob(
  db: Db,
  handlers: JobHandlers,
  opts: {
    lease?: LeaseOptions;
    onError?: (e: unknown) => void;
    /** Aborted when the worker stops. */
    stopSignal?: AbortSignal;
    onStart?: (job: JobRow) => void;
  } = {},
): Promise<JobOutcome | undefined> {
  const lease = opts.lease ?? readLeaseOptions();
  const job = await db.transaction((tx) =>
    claimJob(tx, Object.keys(handlers), { leaseSeconds: lease.leaseSeconds }),
  );
  if (!job) return undefined;
  const handler = handlers[job.name]!;
  const controller = new AbortController();
  const stopHeartbeat = startHeartbeat(db, job, lease, controller, opts.onError);
  const signal = opts.stopSignal ? AbortSignal.any([controller.signal, opts.stopSignal]) : controller.signal;
  opts.onStart?.(job);
  try {
    const result = await handler(db, job.payload, job, { signal });
    stopHeartbeat();
    if (!(await completeJob(db, job))) return { id: job.id, name: job.name, ok: false, error: LEASE_LOST };
    // A job may have changed what cached look-ups hold (an embargoed release published, forecasts): forget
    // them here and on the other servers, as after a write request (src/shared/ttl-cache.ts).
    await clearCachesAfterWrite();
    return { id: job.id, name: job.name, ok: true, result };
  } catch (e) {
    stopHeartbeat();
    if (opts.stopSignal?.aborted && !controller.signal.aborted) {
      await releaseJob(db, job);
      return { id: job.id, name: job.name, ok: false, released: true, error: 'stopped: back in the queue' };
    }
    const error = (e as Error).stack ?? String(e);
    const isRecorded = await failJob(db, job, error);
    return { id: job.id, name: job.name, ok: false, error: isRecorded ? (e as Error).message : LEASE_LOST };
  }
}

/** Runs due jobs until none is left (jobs requeued with a delay are not waited for). */
export async function runJobsNow(
  db: Db,
  handlers: JobHandlers,
  opts: { lease?: LeaseOptions } = {},
): Promise<JobOutcome[]> {
  const out: JobOutcome[] = [];
  for (;;) {
    const r = await runOneJob(db, handlers, opts);
    if (!r) return out;
    out.push(r);
  }
}

export interface JobWorker {
  /**
   * Claims no more jobs and aborts the running one's signal; resolves when it has finished or been released,
   * at the latest after `graceMs` (default 5 s), when a job still running is released anyway.
   */
  stop(graceMs?: number): Promise<void>;
  /** Checks for work now instead of at the next poll. */
  wake(): void;
}

export interface WorkerOptions {
  pollMs?: number;
  /** Default: PASSAGE_JOB_LEASE_SECONDS / PASSAGE_JOB_HEARTBEAT_SECONDS (queue.ts). */
  lease?: LeaseOptions;
  onStart?: (job: JobRow) => void;
  onOutcome?: (o: JobOutcome) => void;
  onError?: (e: unknown) => void;
}

export function startJobWorker(db: Db, handlers: JobHandlers, opts: WorkerOptions = {}): JobWorker {
  const pollMs = opts.pollMs ?? 2000;
  const lease = opts.lease ?? readLeaseOptions();
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let isBusy = false;
  const stopping = new AbortController();
  let current: JobRow | undefined;
  const onStart = (job: JobRow) => {
    current = job;
    opts.onStart?.(job);
  };
  const tick = async () => {
    if (isStopped || isBusy) return;
    isBusy = true;
    try {
      await failAbandonedJobs(db);
      for (;;) {
        if (isStopped) break;
        const r = await runOneJob(db, handlers, {
          lease,
          onError: opts.onError,
          stopSignal: stopping.signal,
          onStart,
        });
        current = undefined;
        if (!r) break;
        opts.onOutcome?.(r);
      }
    } catch (e) {
      opts.onError?.(e);
    } finally {
      isBusy = false;
      current = undefined;
    }
  };
  const schedule = () => {
    if (isStopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, pollMs);
    timer.unref();
  };
  schedule();
  return {
    wake() {
      if (isStopped || isBusy) return;
      if (timer) clearTimeout(timer);
      running = tick().finally(schedule);
    },
    async stop(graceMs = 5000) {
      isStopped = true;
      if (timer) clearTimeout(timer);
      stopping.abort();
      let grace: NodeJS.Timeout | undefined;
      const isDone = await Promise.race([
        running.then(() => true),
        new Promise<false>((resolve) => {
          grace = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(grace);
      // A handler that ignores the signal: give its job back now rather than leave it 'running' until its lease
      // expires.
      if (!isDone && current) await releaseJob(db, current);
    },
  };
}
