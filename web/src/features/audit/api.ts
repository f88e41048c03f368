import type { ApiQuery } from '@passage/contract';
import { api } from '../../ui/api-client';

/** The audit log (src/modules/audit): admins of a dialogue read its entries, filtered. */

export type { AuditEntryView } from '@passage/contract';

/** Filters of the audit viewer (the route's query parameters); empty values are left out. */
export type AuditFilter = ApiQuery<'GET /api/audit'>;

export async function fetchAudit(filter: AuditFilter, signal?: AbortSignal) {
  const trimmed = Object.fromEntries(
    Object.entries(filter).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]),
  );
  const body = await api('GET /api/audit', { query: trimmed, signal });
  return body.entries;
}
