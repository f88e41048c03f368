import { z } from 'zod';
import { ROLES } from '../../shared/roles';

export const LoginBody = z
  .object({
    email: z.email().max(320),
    password: z.string().min(1).max(1000),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionView = z.object({
  user: z.object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    locale: z.string(),
    /** Administers the installation: may create dialogues (migration 0018). */
    isPlatformAdmin: z.boolean(),
    organisation: z.object({
      id: z.number(),
      name: z.string(),
      kind: z.enum(['state', 'secretariat', 'international']),
      countryIso3: z.string().nullable(),
    }),
  }),
  memberships: z.array(z.object({ dialogueId: z.number(), roles: z.array(z.enum(ROLES)) })),
});
export type SessionView = z.infer<typeof SessionView>;
