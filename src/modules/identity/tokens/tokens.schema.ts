import { z } from 'zod';
import { MAX_TOKEN_DAYS, TOKEN_SCOPE_NAMES } from '../../../shared/token-scopes';

/**
 * What an API token may do: the scopes are listed once, with the roles each needs, in
 * src/shared/token-scopes.ts (every route's access rule names one; the door checks them).
 */
export {
  MAX_TOKEN_DAYS,
  TOKEN_SCOPE_NAMES,
  TOKEN_SCOPES,
  type TokenScope,
} from '../../../shared/token-scopes';

export const TokenCreateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    dialogueId: z.number().int().positive(),
    scopes: z.array(z.enum(TOKEN_SCOPE_NAMES)).min(1).max(TOKEN_SCOPE_NAMES.length),
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
  })
  .strict();
export type TokenCreateBody = z.infer<typeof TokenCreateBody>;

export const TokenView = z.object({
  id: z.number(),
  name: z.string(),
  dialogueId: z.number(),
  /** The first characters of the secret, to tell tokens apart (never enough to use it). */
  hint: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type TokenView = z.infer<typeof TokenView>;

export const TokenCreated = z.object({
  token: TokenView,
  /** The secret: shown this once, stored only as a hash. Send it as `Authorization: Bearer <secret>`. */
  secret: z.string(),
});
export type TokenCreated = z.infer<typeof TokenCreated>;

export const TokenParams = z.object({ tokenId: z.coerce.number().int().positive() });
