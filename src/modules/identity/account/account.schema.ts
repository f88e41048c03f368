import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/auth.schema';

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(1000),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(1000),
  })
  .strict();
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
