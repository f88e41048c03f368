/**
 * Runs queued jobs with registered handlers: `startJobWorker` polls in the background (started by the
 * server, stopped on close); `runJobsNow` drains the queue synchronously (CLI, tests).
 */
import type { Db } from '../db/connect';
import { claimJob, completeJob, failJob, type JobRow, requeueStaleJobs } from './queue';

export type JobHandler = (db: Db, payload: unknown, job: JobRow) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

export interface JobOutcome {
  id: number;
  name: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Claims and runs one due job; undefined when none is due. */
export async function runOneJob(db: Db, handlers: JobHandlers): Promise<JobOutcome | undefined> {
  const job = await db.transaction((tx) => claimJob(tx, Object.keys(handlers)));
  if (!job) return undefined;
  const handler = handlers[job.name]!;
  try {
    const result = await handler(db, job.payload, job);
    await completeJob(db, job.id);
    return { id: job.id, name: job.name, ok: true, result };
  } catch (e) {
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
  /** Resolves when the current job (if any) has finished; no job is claimed afterwards. */
  stop(): Promise<void>;
  /** Checks for work now instead of at the next poll. */
  wake(): void;
}

export interface WorkerOptions {
  pollMs?: number;
  onOutcome?: (o: JobOutcome) => void;
  onError?: (e: unknown) => void;
}

export function startJobWorker(db: Db, handlers: JobHandlers, opts: WorkerOptions = {}): JobWorker {
  const pollMs = opts.pollMs ?? 2000;
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let isBusy = false;
  const tick = async () => {
    if (isStopped || isBusy) return;
    isBusy = true;
    try {
      await requeueStaleJobs(db);
      for (;;) {
        if (isStopped) break;
        const r = await runOneJob(db, handlers);
        if (!r) break;
        opts.onOutcome?.(r);
      }
    } catch (e) {
      opts.onError?.(e);
    } finally {
      isBusy = false;
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
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
