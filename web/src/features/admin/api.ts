import { apiRequest } from '../../ui/api-client';
import type { Role } from '../auth/api';

export interface AdminUser {
  id: number;
  email: string;
  name: string;
  isActive: boolean;
  hasTwoFactor: boolean;
  hasPassword: boolean;
  organisation: { id: number; name: string };
  roles: Role[];
}
export interface Organisation {
  id: number;
  kind: 'state' | 'secretariat' | 'international';
  name: string;
  acronym: string | null;
  countryIso3: string | null;
}

const base = (dialogueId: number) => `/api/admin/dialogues/${dialogueId}/users`;

export const listDialogueUsers = (dialogueId: number, signal?: AbortSignal) =>
  apiRequest<AdminUser[]>(base(dialogueId), signal ? { signal } : {});
export const addDialogueUser = (
  dialogueId: number,
  input: { organisationId: number; email: string; name: string; password?: string; roles: Role[] },
) =>
  apiRequest<{ user: AdminUser; invitationToken?: string }>(base(dialogueId), {
    method: 'POST',
    body: input,
  });
export const grantRole = (dialogueId: number, userId: number, role: Role) =>
  apiRequest<AdminUser>(`${base(dialogueId)}/${userId}/roles/${role}`, { method: 'PUT' });
export const revokeRole = (dialogueId: number, userId: number, role: Role) =>
  apiRequest<AdminUser>(`${base(dialogueId)}/${userId}/roles/${role}`, { method: 'DELETE' });
export const setUserActive = (dialogueId: number, userId: number, isActive: boolean) =>
  apiRequest<AdminUser>(`${base(dialogueId)}/${userId}/${isActive ? 'reactivate' : 'deactivate'}`, {
    method: 'POST',
  });
export const listOrganisations = (signal?: AbortSignal) =>
  apiRequest<Organisation[]>('/api/admin/organisations', signal ? { signal } : {});
export const createOrganisation = (input: {
  kind: Organisation['kind'];
  name: string;
  acronym?: string;
  countryIso3?: string;
}) => apiRequest<Organisation>('/api/admin/organisations', { method: 'POST', body: input });
