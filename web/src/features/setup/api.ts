import type { ApiBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** The first set-up (src/modules/setup) and accepting an invitation (src/modules/identity/admin). */

export type { SetupStatus } from '@passage/contract';

/** Whether Passage still needs its first administrator, and the state of the link's token. */
export const fetchSetupStatus = (token: string | null, signal?: AbortSignal) =>
  api('GET /api/setup', { query: { token }, signal });

/** Creates the first administrator and the secretariat; answers with the new session. */
export const completeSetup = (body: ApiBody<'POST /api/setup'>) => api('POST /api/setup', { body });

/** An invited user sets their password with the link's token. */
export const acceptInvitation = (token: string, password: string) =>
  api('POST /api/auth/invitation', { body: { token, password } });
