/**
 * A small job queue in PostgreSQL (table `jobs`, migration 0006), the same on PGlite and native PostgreSQL.
 * Home-made on purpose: pg-boss runs on PGlite with an adapter, but publication enqueues inside its transaction
 * as passage_app, which would need pg-boss' self-managed schema present and granted everywhere (see
 * docs/forecasting.md). pg-boss is therefore not a dependency; adopting it later only changes src/jobs/.
 * Workers claim the oldest due job with `FOR UPDATE SKIP LOCKED`, so several servers can share one queue; a
 * failed job is retried with exponential backoff (30 s, 1 min, 2 min, …) until `max_attempts`, and its last
 * error is kept.
 *
 * Leases (migration 0015): a claim holds the job until `locked_until`; the worker running it extends the lease
 * with a heartbeat (worker.ts). A job whose lease expired (its worker died) is claimed again by any worker,
 * which counts as a new attempt. Every change a worker makes to its job names the attempt it claimed
 * (`attempts` is the fencing token), so a worker that lost its lease can no longer complete or fail the job.
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
  /** The attempt this claim is (1 = first run); also the claim's fencing token. */
  attempts: number;
  max_attempts: number;
}

/** How long a claim lasts without a heartbeat, and how often a running job's worker renews it. */
export interface LeaseOptions {
  leaseSeconds: number;
  heartbeatMs: number;
}

/**
 * PASSAGE_JOB_LEASE_SECONDS (default 90) and PASSAGE_JOB_HEARTBEAT_SECONDS (default 15): a job whose worker
 * stopped is claimed again within one lease. The heartbeat must come well inside the lease (at most a third).
 */
export function readLeaseOptions(env: NodeJS.ProcessEnv = process.env): LeaseOptions {
  const leaseSeconds = positiveNumber(env.PASSAGE_JOB_LEASE_SECONDS, 90, 'PASSAGE_JOB_LEASE_SECONDS');
  const heartbeatSeconds = positiveNumber(
    env.PASSAGE_JOB_HEARTBEAT_SECONDS,
    Math.min(15, leaseSeconds / 3),
    'PASSAGE_JOB_HEARTBEAT_SECONDS',
  );
  if (heartbeatSeconds > leaseSeconds / 3)
    throw new Error(
      `PASSAGE_JOB_HEARTBEAT_SECONDS (${heartbeatSeconds}) must be at most a third of PASSAGE_JOB_LEASE_SECONDS (${leaseSeconds})`,
    );
  return { leaseSeconds, heartbeatMs: heartbeatSeconds * 1000 };
}

function positiveNumber(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} must be a positive number of seconds, not "${raw}"`);
  return n;
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

/**
 * Claims the oldest due job, or one whose lease expired (its worker stopped), for `leaseSeconds`; marks it
 * running and counts the attempt. Undefined when nothing is due. Runs as the database owner.
 */
export async function claimJob(
  db: Queryable,
  names: readonly string[],
  opts: { leaseSeconds: number } = { leaseSeconds: readLeaseOptions().leaseSeconds },
): Promise<JobRow | undefined> {
  const [row] = await db.query<JobRow>(sql`UPDATE jobs SET status = 'running', locked_at = now(),
      heartbeat_at = now(), locked_until = now() + make_interval(secs => ${opts.leaseSeconds}),
      attempts = attempts + 1,
      last_error = CASE WHEN status = 'running'
        THEN 'attempt ' || attempts || ': the worker stopped (no heartbeat before its lease expired)'
        ELSE last_error END
    WHERE id = (SELECT id FROM jobs
      WHERE name = ANY(${[...names]}::text[]) AND (
        (status = 'queued' AND run_at <= now())
        OR (status = 'running' AND locked_until < now() AND attempts < max_attempts))
      ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, name, payload, attempts, max_attempts`);
  return row;
}

/**
 * Renews the lease of a job this worker runs (the heartbeat). False when the claim was lost (the lease expired
 * and another worker claimed the job, or it was finished): the caller must stop working on it.
 */
export async function extendLease(db: Queryable, job: JobRow, leaseSeconds: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE jobs SET heartbeat_at = now(),
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${job.id} AND status = 'running' AND attempts = ${job.attempts} RETURNING id`);
  return rows.length > 0;
}

/** Marks the job done, if this claim still holds it (false otherwise: nothing changes). */
export async function completeJob(db: Queryable, job: JobRow): Promise<boolean> {
  const rows = await db.query(sql`UPDATE jobs SET status = 'done', finished_at = now(), last_error = NULL,
      locked_until = NULL
    WHERE id = ${job.id} AND status = 'running' AND attempts = ${job.attempts} RETURNING id`);
  return rows.length > 0;
}

/**
 * Gives a claimed job back to the queue, due now, without counting the interrupted attempt: the worker was
 * stopped (server shutdown), the job did not fail. Only while this claim still holds the job.
 */
export async function releaseJob(db: Queryable, job: JobRow): Promise<void> {
  await db.query(sql`UPDATE jobs SET status = 'queued', locked_at = NULL, locked_until = NULL,
      attempts = greatest(attempts - 1, 0), run_at = now()
    WHERE id = ${job.id} AND status = 'running' AND attempts = ${job.attempts}`);
}

/** Backoff before attempt n + 1: 30 s · 2^(n − 1), at most one hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * Records the error; requeues with backoff, or marks the job failed after its last attempt. Only while this
 * claim still holds the job (false otherwise: nothing changes).
 */
export async function failJob(db: Queryable, job: JobRow, error: string): Promise<boolean> {
  const isFinal = job.attempts >= job.max_attempts;
  const rows = await db.query(sql`UPDATE jobs SET last_error = ${error.slice(0, 4000)}, locked_at = NULL,
      locked_until = NULL,
      status = ${isFinal ? 'failed' : 'queued'},
      finished_at = ${isFinal ? sql`now()` : sql`NULL`},
      run_at = now() + make_interval(secs => ${retryDelaySeconds(job.attempts)})
    WHERE id = ${job.id} AND status = 'running' AND attempts = ${job.attempts} RETURNING id`);
  return rows.length > 0;
}

/**
 * Jobs whose worker stopped during their last attempt (lease expired, no attempt left) are marked failed, with
 * the reason; claimJob takes the others again.
 */
export async function failAbandonedJobs(db: Queryable): Promise<void> {
  await db.query(sql`UPDATE jobs SET status = 'failed', finished_at = now(), locked_until = NULL,
      last_error = 'attempt ' || attempts || ' of ' || max_attempts
        || ': the worker stopped (no heartbeat before its lease expired)'
    WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts`);
}
