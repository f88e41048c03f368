import { api } from '../../ui/api-client';

/** The system page's data (src/modules/operations): readiness, jobs, this server process. */

export type { SystemStatusView } from '@passage/contract';

export const fetchSystemStatus = (signal?: AbortSignal) => api('GET /api/operations/status', { signal });
