import { z } from 'zod';

export const Liveness = z.object({ status: z.literal('ok') });

const Check = z.object({ ok: z.boolean(), detail: z.string() });

export const ReadinessView = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: Check, migrations: Check, jobQueue: Check }),
});

export const HealthView = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });
