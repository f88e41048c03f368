/**
 * A small job queue in PostgreSQL (table `jobs`, migration 0006), the same on PGlite and native PostgreSQL.
 * (pg-boss runs on PGlite with an adapter, but publication enqueues inside its transaction as passage_app,
 * which would need pg-boss' self-managed schema present and granted everywhere; see docs/forecasting.md.)
 * Workers claim the oldest due job with `FOR UPDATE SKIP LOCKED`, so several servers can share one queue; a
 * failed job is retried with exponential backoff (30 s, 1 min, 2 min, …) until `max_attempts`, and its last
 * error is kept.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';

export interface EnqueueOptions {
  /** While a job with the same name and key waits, enqueueing another does nothing. */
  singletonKey?: string;
  maxAttempts?: number;
  /** Delay before the job may run, in seconds. */
  delaySeconds?: number;
}

export interface JobRow {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Adds a job. Pass the open transaction to enqueue atomically with the change that causes it (the job is
 * visible to workers only after commit). With a singleton key, nothing happens while an equal job waits.
 */
export async function enqueue(
  db: Queryable,
  name: string,
  payload: Record<string, unknown>,
  opts: EnqueueOptions = {},
): Promise<void> {
  // No RETURNING: requests run as passage_app, which may insert jobs but not read them.
  const key = opts.singletonKey ?? null;
  await db.query(sql`INSERT INTO jobs (name, payload, singleton_key, max_attempts, run_at)
    VALUES (${name}, ${JSON.stringify(payload)}::jsonb, ${key}, ${opts.maxAttempts ?? 5},
      now() + make_interval(secs => ${opts.delaySeconds ?? 0}))
    ON CONFLICT (name, singleton_key) WHERE status = 'queued' AND singleton_key IS NOT NULL DO NOTHING`);
}

/** Claims the oldest due job (marks it running), or undefined. Runs as the database owner. */
export async function claimJob(db: Queryable, names: readonly string[]): Promise<JobRow | undefined> {
  const [row] = await db.query<JobRow>(sql`UPDATE jobs SET status = 'running', locked_at = now(),
      attempts = attempts + 1
    WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= now() AND name = ANY(${[...names]}::text[])
      ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, name, payload, attempts, max_attempts`);
  return row;
}

export async function completeJob(db: Queryable, id: number): Promise<void> {
  await db.query(
    sql`UPDATE jobs SET status = 'done', finished_at = now(), last_error = NULL WHERE id = ${id}`,
  );
}

/** Backoff before attempt n + 1: 30 s · 2^(n − 1), at most one hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/** Records the error; requeues with backoff, or marks the job failed after its last attempt. */
export async function failJob(db: Queryable, job: JobRow, error: string): Promise<void> {
  const isFinal = job.attempts >= job.max_attempts;
  await db.query(sql`UPDATE jobs SET last_error = ${error.slice(0, 4000)}, locked_at = NULL,
      status = ${isFinal ? 'failed' : 'queued'},
      finished_at = ${isFinal ? sql`now()` : sql`NULL`},
      run_at = now() + make_interval(secs => ${retryDelaySeconds(job.attempts)})
    WHERE id = ${job.id}`);
}

/**
 * Gives a claimed job back to the queue, due now, without counting the interrupted attempt: the worker was
 * stopped (server shutdown), the job did not fail. Only a job still 'running' is touched.
 */
export async function releaseJob(db: Queryable, id: number): Promise<void> {
  await db.query(sql`UPDATE jobs SET status = 'queued', locked_at = NULL, attempts = greatest(attempts - 1, 0),
      run_at = now()
    WHERE id = ${id} AND status = 'running'`);
}

/** Jobs left 'running' by a crashed worker (locked longer than `staleSeconds`) go back to the queue. */
export async function requeueStaleJobs(db: Queryable, staleSeconds = 3600): Promise<void> {
  await db.query(sql`UPDATE jobs SET status = 'queued', locked_at = NULL
    WHERE status = 'running' AND locked_at < now() - make_interval(secs => ${staleSeconds})`);
}
