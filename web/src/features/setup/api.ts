import type { SetupBody, SetupStatus } from '../../../../src/modules/setup/setup.schema';
import { apiRequest } from '../../ui/api-client';
import type { SessionView } from '../auth/api';

export type { SetupStatus };

/** Whether Passage still needs its first administrator, and the state of the link's token. */
export const fetchSetupStatus = (token: string | null, signal?: AbortSignal) =>
  apiRequest<SetupStatus>(
    `/api/setup${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    signal ? { signal } : {},
  );

/** Creates the first administrator and the secretariat; answers with the new session. */
export const completeSetup = (body: SetupBody) =>
  apiRequest<SessionView>('/api/setup', { method: 'POST', body });

/** An invited user sets their password with the link's token. */
export const acceptInvitation = (token: string, password: string) =>
  apiRequest<void>('/api/auth/invitation', { method: 'POST', body: { token, password } });
