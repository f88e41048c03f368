import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../identity/auth/passwords';

/** Why a set-up link does not work (or that it does). */
export const SETUP_TOKEN_STATES = ['valid', 'used', 'expired', 'replaced', 'unknown'] as const;
export type SetupTokenState = (typeof SETUP_TOKEN_STATES)[number];

export const SetupStatusQuery = z.object({ token: z.string().min(1).max(200).optional() }).strict();
export type SetupStatusQuery = z.infer<typeof SetupStatusQuery>;

export const SetupStatus = z.object({
  /** No administrator exists yet: the set-up link (or `passage setup`) creates the first one. */
  isSetupNeeded: z.boolean(),
  /** The state of the link's token, when one was given. */
  token: z.enum(SETUP_TOKEN_STATES).nullable(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupBody = z
  .object({
    token: z.string().min(10).max(200),
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(1000),
    /** The organisation running the dialogues (created unless one of that name exists). */
    organisation: z
      .object({
        name: z.string().trim().min(2).max(200),
        acronym: z.string().trim().min(1).max(30).optional(),
      })
      .strict(),
  })
  .strict();
export type SetupBody = z.infer<typeof SetupBody>;
