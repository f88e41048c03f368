import { z } from 'zod';

/** Filters of the audit viewer. Every value is validated, so nothing unexpected reaches the SQL. */
export const AuditQuery = z
  .object({
    dialogue: z.coerce.number().int().positive().optional(),
    action: z
      .string()
      .regex(/^[a-z][a-z_]*(\.[a-z_]+)*$/, 'an action such as auth.login, or a prefix such as auth')
      .max(100)
      .optional(),
    actor: z
      .union([z.coerce.number().int().positive(), z.email().max(320)], {
        error: 'a user id or an e-mail address',
      })
      .optional(),
    from: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .optional(),
    to: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntryView = z.object({
  id: z.number(),
  at: z.string(),
  actor: z
    .object({
      userId: z.number(),
      orgId: z.number().nullable(),
      email: z.string().nullable(),
      name: z.string().nullable(),
    })
    .nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  dialogueId: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
