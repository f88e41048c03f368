import type { ApiBody } from '@passage/contract';
import { api, apiUpload } from '../../ui/api-client';

/**
 * Member administration (`/api/admin/dialogues/{id}/members`, `…/invitations`, src/modules/members): member
 * states, observers, and bulk invitation from a CSV.
 */

export type {
  InvitationReport,
  MemberOrganisation,
  MemberPeriod,
  MemberStateView,
  MembersView,
  ObserverView,
} from '@passage/contract';
export type AddStateBody = ApiBody<'POST /api/admin/dialogues/:dialogueId/members/states'>;
export type AddObserverBody = ApiBody<'POST /api/admin/dialogues/:dialogueId/members/observers'>;
export type RemoveMemberBody =
  ApiBody<'POST /api/admin/dialogues/:dialogueId/members/states/:country/remove'>;

export const fetchMembers = (dialogueId: number, signal?: AbortSignal) =>
  api('GET /api/admin/dialogues/:dialogueId/members', { params: { dialogueId }, signal });
export const addState = (dialogueId: number, body: AddStateBody) =>
  api('POST /api/admin/dialogues/:dialogueId/members/states', { params: { dialogueId }, body });
export const removeState = (dialogueId: number, country: string, body: RemoveMemberBody) =>
  api('POST /api/admin/dialogues/:dialogueId/members/states/:country/remove', {
    params: { dialogueId, country },
    body,
  });
export const addObserver = (dialogueId: number, body: AddObserverBody) =>
  api('POST /api/admin/dialogues/:dialogueId/members/observers', { params: { dialogueId }, body });
export const removeObserver = (dialogueId: number, organisationId: number, body: RemoveMemberBody) =>
  api('POST /api/admin/dialogues/:dialogueId/members/observers/:organisationId/remove', {
    params: { dialogueId, organisationId },
    body,
  });

/** Uploads an invitation CSV; a dry run only reports. A refused real run rejects with the errors in the problem. */
export const uploadInvitations = (dialogueId: number, file: File, dryRun: boolean) =>
  apiUpload('POST /api/admin/dialogues/:dialogueId/invitations', {
    params: { dialogueId },
    query: { dryRun: String(dryRun), fileName: file.name },
    file,
    contentType: 'text/csv',
  });
