import { z } from 'zod';

export const Liveness = z.object({ status: z.literal('ok') });

const Check = z.object({ ok: z.boolean(), detail: z.string() });

export const ReadinessView = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: Check, migrations: Check, jobQueue: Check }),
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
