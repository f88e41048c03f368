/** zod schemas of the e-mail outbox (reminders, digests, workflow notifications) as the API shows it. */
import { z } from 'zod';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });

export const OutboxQuery = z
  .object({
    status: z.enum(['pending', 'sent', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type OutboxQuery = z.infer<typeof OutboxQuery>;

export const OutboxEmailView = z.object({
  id: z.number(),
  kind: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  recipient: z.object({ id: z.number(), name: z.string() }),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const OutboxList = z.object({ items: z.array(OutboxEmailView) });
export type OutboxList = z.infer<typeof OutboxList>;
