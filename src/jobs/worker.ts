/**
 * Runs queued jobs with registered handlers: `startJobWorker` polls in the background (started by the
 * server, stopped on close); `runJobsNow` drains the queue synchronously (CLI, tests).
 * Stopping aborts the signal handed to the running job's handler; a handler that gives up (throws) once
 * aborted, or one still running when the grace period ends, has its job released back to the queue for
 * another run, so a shutdown never leaves a job 'running' for the stale-job sweep.
 */
import type { Db } from '../db/connect';
import { claimJob, completeJob, failJob, type JobRow, releaseJob, requeueStaleJobs } from './queue';

/** `signal` is aborted when the worker stops: long handlers check it and throw to be released. */
export type JobHandler = (db: Db, payload: unknown, job: JobRow, signal: AbortSignal) => Promise<unknown>;
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

const NEVER_ABORTED = new AbortController().signal;

/** Claims and runs one due job; undefined when none is due. */
export async function runOneJob(
  db: Db,
  handlers: JobHandlers,
  signal: AbortSignal = NEVER_ABORTED,
  onStart?: (job: JobRow) => void,
): Promise<JobOutcome | undefined> {
  const job = await db.transaction((tx) => claimJob(tx, Object.keys(handlers)));
  if (!job) return undefined;
  const handler = handlers[job.name]!;
  onStart?.(job);
  try {
    const result = await handler(db, job.payload, job, signal);
    await completeJob(db, job.id);
    return { id: job.id, name: job.name, ok: true, result };
  } catch (e) {
    if (signal.aborted) {
      await releaseJob(db, job.id);
      return { id: job.id, name: job.name, ok: false, released: true, error: 'stopped: back in the queue' };
    }
    const error = (e as Error).stack ?? String(e);
    await failJob(db, job, error);
    return { id: job.id, name: job.name, ok: false, error: (e as Error).message };
  }
}

/** Runs due jobs until none is left (jobs requeued with a delay are not waited for). */
export async function runJobsNow(db: Db, handlers: JobHandlers): Promise<JobOutcome[]> {
  const out: JobOutcome[] = [];
  for (;;) {
    const r = await runOneJob(db, handlers);
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
  onStart?: (job: JobRow) => void;
  onOutcome?: (o: JobOutcome) => void;
  onError?: (e: unknown) => void;
}

export function startJobWorker(db: Db, handlers: JobHandlers, opts: WorkerOptions = {}): JobWorker {
  const pollMs = opts.pollMs ?? 2000;
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
      await requeueStaleJobs(db);
      for (;;) {
        if (isStopped) break;
        const r = await runOneJob(db, handlers, stopping.signal, onStart);
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
      // A handler that ignores the signal: give its job back now rather than leave it 'running' for an hour.
      if (!isDone && current) await releaseJob(db, current.id);
    },
  };
}
