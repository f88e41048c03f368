/**
 * Recurring jobs: every `everyMs` (and once shortly after start) each scheduled job is enqueued with the
 * singleton key 'schedule', so several servers sharing one queue add one waiting job between them, not one
 * each. The job itself must be idempotent (the reminder job records what it sent): a schedule only says
 * "look again now". Started and stopped by the server (src/server/main.ts); imports no module.
 */
import type { Db } from '../db/connect';
import { enqueue } from './queue';

export interface ScheduledJob {
  name: string;
  everyMs: number;
  payload?: Record<string, unknown>;
}

export interface Schedule {
  stop(): void;
}

export function startSchedule(
  db: Db,
  jobs: readonly ScheduledJob[],
  opts: { firstAfterMs?: number; onError?: (e: unknown) => void; onEnqueued?: () => void } = {},
): Schedule {
  const timers: NodeJS.Timeout[] = [];
  const tick = (job: ScheduledJob) => () => {
    enqueue(db, job.name, job.payload ?? {}, { singletonKey: 'schedule' })
      .then(() => opts.onEnqueued?.())
      .catch((e: unknown) => opts.onError?.(e));
  };
  for (const job of jobs) {
    const first = setTimeout(tick(job), opts.firstAfterMs ?? 10_000);
    const every = setInterval(tick(job), job.everyMs);
    first.unref();
    every.unref();
    timers.push(first, every);
  }
  return {
    stop() {
      for (const t of timers) clearTimeout(t);
    },
  };
}
