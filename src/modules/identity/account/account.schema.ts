import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/auth.schema';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords';

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(1000),
    /** Checked against the password rule by the service (src/domain/password-rule.ts), with localised reasons. */
    newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  })
  .strict();
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
