import { apiRequest } from '../../ui/api-client';

export interface AuditEntry {
  id: number;
  at: string;
  actor: { userId: number; orgId: number | null; email: string | null; name: string | null } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  dialogueId: number | null;
  details: Record<string, unknown>;
  ip: string | null;
  hash: string;
}

/** Filters of the audit viewer; empty values are left out. */
export interface AuditFilter {
  dialogue?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: string;
}

export function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

export async function fetchAudit(filter: AuditFilter, signal?: AbortSignal): Promise<AuditEntry[]> {
  const body = await apiRequest<{ entries: AuditEntry[] }>(`/api/audit${auditQuery(filter)}`, { signal });
  return body.entries;
}
