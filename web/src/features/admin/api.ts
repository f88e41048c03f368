import type { ApiBody, Role } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Users, roles and organisations of the dialogues one administers (src/modules/identity/admin). */

export type { AdminUserView, OrganisationView } from '@passage/contract';

export const listDialogueUsers = (dialogueId: number, signal?: AbortSignal) =>
  api('GET /api/admin/dialogues/:dialogueId/users', { params: { dialogueId }, signal });
export const addDialogueUser = (
  dialogueId: number,
  body: ApiBody<'POST /api/admin/dialogues/:dialogueId/users'>,
) => api('POST /api/admin/dialogues/:dialogueId/users', { params: { dialogueId }, body });
export const grantRole = (dialogueId: number, userId: number, role: Role) =>
  api('PUT /api/admin/dialogues/:dialogueId/users/:userId/roles/:role', {
    params: { dialogueId, userId, role },
  });
export const revokeRole = (dialogueId: number, userId: number, role: Role) =>
  api('DELETE /api/admin/dialogues/:dialogueId/users/:userId/roles/:role', {
    params: { dialogueId, userId, role },
  });
export const setUserActive = (dialogueId: number, userId: number, isActive: boolean) =>
  isActive
    ? api('POST /api/admin/dialogues/:dialogueId/users/:userId/reactivate', {
        params: { dialogueId, userId },
      })
    : api('POST /api/admin/dialogues/:dialogueId/users/:userId/deactivate', {
        params: { dialogueId, userId },
      });
export const listOrganisations = (signal?: AbortSignal) => api('GET /api/admin/organisations', { signal });
export const createOrganisation = (body: ApiBody<'POST /api/admin/organisations'>) =>
  api('POST /api/admin/organisations', { body });
