import { z } from 'zod';

/** How one may log in here: always with a password; with OpenID Connect when PASSAGE_OIDC_ISSUER is set. */
export const ProvidersView = z.object({
  password: z.literal(true),
  oidc: z.object({ enabled: z.boolean(), label: z.string().nullable() }),
});
export type ProvidersView = z.infer<typeof ProvidersView>;
