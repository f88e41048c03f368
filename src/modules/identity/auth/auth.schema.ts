import { z } from 'zod';
import { ROLES } from '../../../shared/roles';

/** The shortest password accepted (new accounts, password changes). */
// The password rule (src/domain/password-rule.ts) owns the minimum; schemas only reject the obviously short.
export { MIN_PASSWORD_LENGTH } from '../../../domain/password-rule';

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

/** The login answer for a user with two-factor authentication: no session yet, a code is needed. */
export const TotpRequired = z.object({
  requiresTotp: z.literal(true),
  /** Seconds the password stays good for while waiting for the code. */
  expiresInSeconds: z.number(),
});
export type TotpRequired = z.infer<typeof TotpRequired>;
