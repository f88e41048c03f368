import { z } from 'zod';

export const Liveness = z.object({ status: z.literal('ok') });

const Check = z.object({ ok: z.boolean(), detail: z.string() });

/**
 * The read replica (DATABASE_READ_URL) at its last poll; informational: a lagging or lost replica does not
 * make the server unready, since its reads then go to the primary.
 */
export const ReplicaView = z.object({
  state: z.enum(['starting', 'streaming', 'lagging', 'down']),
  lagSeconds: z.number().nullable(),
  lagBytes: z.number().nullable(),
  maxLagSeconds: z.number(),
  /** Reads this server sent to each side since it started. */
  reads: z.object({ replica: z.number(), primary: z.number() }),
  detail: z.string(),
});
export type ReplicaView = z.infer<typeof ReplicaView>;

export const ReadinessView = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: Check, migrations: Check, jobQueue: Check }),
  /** Present when a read replica is configured. */
  replica: ReplicaView.optional(),
});

export const HealthView = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });

export const SystemStatusView = z.object({
  database: z.enum(['pglite', 'postgres']),
  readiness: ReadinessView,
  jobs: z.object({ queued: z.number(), running: z.number(), done: z.number(), failed: z.number() }),
  oldestDueJobWaitSeconds: z.number(),
  process: z.object({
    uptimeSeconds: z.number(),
    residentMemoryMiB: z.number(),
    heapUsedMiB: z.number(),
    nodeVersion: z.string(),
  }),
});
export type SystemStatusView = z.infer<typeof SystemStatusView>;
