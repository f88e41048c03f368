/**
 * Dialogue administration calls (`/api/admin/dialogues`), typed from the server's own zod schemas (one contract).
 */
import type {
  ArchiveBody,
  DialogueAdminSummary,
  DialogueCreateBody,
  DialogueSettings,
  DialogueUpdateBody,
  SecretariatOption,
} from '../../../../src/modules/dialogues/dialogue-admin.schema';
import { apiRequest, apiSendRaw } from '../../ui/api-client';

export type {
  DialogueAdminSummary,
  DialogueCreateBody,
  DialogueSettings,
  DialogueUpdateBody,
  SecretariatOption,
};

const base = '/api/admin/dialogues';
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const listAdministeredDialogues = (signal?: AbortSignal) =>
  apiRequest<DialogueAdminSummary[]>(base, opts(signal));
export const listSecretariats = (signal?: AbortSignal) =>
  apiRequest<SecretariatOption[]>(`${base}/secretariats`, opts(signal));
export const createDialogue = (body: DialogueCreateBody) =>
  apiRequest<DialogueSettings>(base, { method: 'POST', body });
export const fetchDialogueSettings = (id: number, signal?: AbortSignal) =>
  apiRequest<DialogueSettings>(`${base}/${id}`, opts(signal));
export const updateDialogue = (id: number, body: DialogueUpdateBody) =>
  apiRequest<DialogueSettings>(`${base}/${id}`, { method: 'PATCH', body });
export const setArchived = (id: number, isArchived: boolean, body: ArchiveBody) =>
  apiRequest<DialogueSettings>(`${base}/${id}/${isArchived ? 'archive' : 'unarchive'}`, {
    method: 'POST',
    body,
  });
export const removeLogo = (id: number) =>
  apiRequest<DialogueSettings>(`${base}/${id}/logo`, { method: 'DELETE' });

/** Sends a logo file as the raw body; the server recognises the image by its bytes. */
export const uploadLogo = (id: number, file: File) =>
  apiSendRaw<DialogueSettings>(`${base}/${id}/logo`, file, file.type || 'application/octet-stream', 'PUT');
