import type { Db } from '../../db/connect';
import { listMigrations } from '../../db/migrate';
import type { ReplicaView, SystemStatusView } from './operations.schema';
import {
  appliedMigrationVersions,
  countJobsByStatus,
  oldestDueJobWait,
  pingDatabase,
} from './operations.sql';

export interface ReadinessCheck {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: ReadinessCheck; migrations: ReadinessCheck; jobQueue: ReadinessCheck };
  replica?: ReplicaView;
}

/** The read replica's health as this server last measured it (undefined without DATABASE_READ_URL). */
export function replicaView(db: Db): ReplicaView | undefined {
  const s = db.replicaStatus?.();
  if (!s) return undefined;
  const { state, lagSeconds, lagBytes, maxLagSeconds, reads, detail } = s;
  return { state, lagSeconds, lagBytes, maxLagSeconds, reads, detail };
}

/** The migrations this build ships: read once, they do not change while the process runs. */
let shipped: string[] | undefined;
const shippedVersions = () => {
  shipped ??= listMigrations().map((m) => m.version);
  return shipped;
};

/**
 * A due job waiting longer than this means no server is taking jobs (a worker polls every 2 s; the longest
 * job, a full forecast refresh, holds one worker for minutes, so the bound is generous).
 */
export const MAX_DUE_JOB_WAIT_SECONDS = 15 * 60;

const failed = (e: unknown): ReadinessCheck => ({
  ok: false,
  detail: e instanceof Error ? e.message : String(e),
});

/**
 * Whether this server should get traffic: the database answers, it has every migration this build ships (and
 * none it does not know: an older build started against a newer database), and the job queue moves.
 */
export async function readiness(db: Db): Promise<Readiness> {
  return (await readinessWithWait(db)).readiness;
}

/** The readiness and the wait of the oldest due job it was judged on (undefined when not read). */
async function readinessWithWait(db: Db): Promise<{ readiness: Readiness; wait: number | undefined }> {
  const database = await pingDatabase(db).then(
    (): ReadinessCheck => ({ ok: true, detail: `${db.kind} answers` }),
    failed,
  );
  const unreachable: ReadinessCheck = { ok: false, detail: 'database unreachable' };
  const migrations = database.ok
    ? await appliedMigrationVersions(db).then(migrationCheck, failed)
    : unreachable;
  let wait: number | undefined;
  const jobQueue = database.ok
    ? await oldestDueJobWait(db).then((seconds): ReadinessCheck => {
        wait = seconds;
        return {
          ok: seconds <= MAX_DUE_JOB_WAIT_SECONDS,
          detail: `oldest due job waited ${Math.round(seconds)} s (limit ${MAX_DUE_JOB_WAIT_SECONDS} s)`,
        };
      }, failed)
    : unreachable;
  const checks = { database, migrations, jobQueue };
  const replica = replicaView(db);
  return {
    readiness: {
      status: Object.values(checks).every((c) => c.ok) ? 'ready' : 'not_ready',
      checks,
      ...(replica ? { replica } : {}),
    },
    wait,
  };
}

function migrationCheck(applied: string[]): ReadinessCheck {
  const have = new Set(applied);
  const ours = shippedVersions();
  const missing = ours.filter((v) => !have.has(v));
  const unknown = applied.filter((v) => !ours.includes(v));
  if (missing.length) return { ok: false, detail: `migrations not applied: ${missing.join(', ')}` };
  if (unknown.length)
    return { ok: false, detail: `database has migrations this build does not know: ${unknown.join(', ')}` };
  return { ok: true, detail: `${ours.length} migrations applied` };
}

const MIB = 1024 * 1024;

/** What the administrators' system page shows: readiness, the job queue, this server process. */
export async function systemStatus(db: Db): Promise<SystemStatusView> {
  const { readiness: ready, wait } = await readinessWithWait(db);
  const jobs = { queued: 0, running: 0, done: 0, failed: 0 };
  if (ready.checks.database.ok) for (const row of await countJobsByStatus(db)) jobs[row.status] = row.jobs;
  const memory = process.memoryUsage();
  return {
    database: db.kind,
    readiness: ready,
    jobs,
    oldestDueJobWaitSeconds: Math.round(wait ?? 0),
    process: {
      uptimeSeconds: Math.round(process.uptime()),
      residentMemoryMiB: Math.round(memory.rss / MIB),
      heapUsedMiB: Math.round(memory.heapUsed / MIB),
      nodeVersion: process.version,
    },
  };
}
