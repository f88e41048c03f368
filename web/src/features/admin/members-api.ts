/**
 * Member administration calls (`/api/admin/dialogues/{id}/members`, `…/invitations`), typed from the server's
 * zod schemas (one contract).
 */
import type {
  AddObserverBody,
  AddStateBody,
  InvitationReport,
  MemberChange,
  MemberOrganisation,
  MemberPeriod,
  MemberStateView,
  MembersView,
  ObserverView,
  RemoveMemberBody,
} from '../../../../src/modules/members/members.schema';
import { apiRequest, apiSendRaw } from '../../ui/api-client';

export type {
  InvitationReport,
  MemberOrganisation,
  MemberPeriod,
  MemberStateView,
  MembersView,
  ObserverView,
};

const base = (id: number) => `/api/admin/dialogues/${id}`;

export const fetchMembers = (id: number, signal?: AbortSignal) =>
  apiRequest<MembersView>(`${base(id)}/members`, signal ? { signal } : {});
export const addState = (id: number, body: AddStateBody) =>
  apiRequest<MemberChange>(`${base(id)}/members/states`, { method: 'POST', body });
export const removeState = (id: number, country: string, body: RemoveMemberBody) =>
  apiRequest<MemberChange>(`${base(id)}/members/states/${country}/remove`, { method: 'POST', body });
export const addObserver = (id: number, body: AddObserverBody) =>
  apiRequest<MemberChange>(`${base(id)}/members/observers`, { method: 'POST', body });
export const removeObserver = (id: number, organisationId: number, body: RemoveMemberBody) =>
  apiRequest<MemberChange>(`${base(id)}/members/observers/${organisationId}/remove`, {
    method: 'POST',
    body,
  });

/** Uploads an invitation CSV; a dry run only reports. A refused real run rejects with the errors in the problem. */
export function uploadInvitations(id: number, file: File, dryRun: boolean): Promise<InvitationReport> {
  const query = new URLSearchParams({ dryRun: String(dryRun), fileName: file.name });
  return apiSendRaw<InvitationReport>(`${base(id)}/invitations?${query}`, file, 'text/csv');
}
