import type { ApiBody } from '@passage/contract';
import { api, apiUpload } from '../../ui/api-client';

/** Dialogue administration (`/api/admin/dialogues`, src/modules/dialogues/dialogue-admin.*). */

export type { DialogueAdminSummary, DialogueSettings, SecretariatOption } from '@passage/contract';
export type DialogueCreateBody = ApiBody<'POST /api/admin/dialogues'>;
export type DialogueUpdateBody = ApiBody<'PATCH /api/admin/dialogues/:dialogueId'>;
export type ArchiveBody = ApiBody<'POST /api/admin/dialogues/:dialogueId/archive'>;

export const listAdministeredDialogues = (signal?: AbortSignal) =>
  api('GET /api/admin/dialogues', { signal });
export const listSecretariats = (signal?: AbortSignal) =>
  api('GET /api/admin/dialogues/secretariats', { signal });
export const createDialogue = (body: DialogueCreateBody) => api('POST /api/admin/dialogues', { body });
export const fetchDialogueSettings = (dialogueId: number, signal?: AbortSignal) =>
  api('GET /api/admin/dialogues/:dialogueId', { params: { dialogueId }, signal });
export const updateDialogue = (dialogueId: number, body: DialogueUpdateBody) =>
  api('PATCH /api/admin/dialogues/:dialogueId', { params: { dialogueId }, body });
export const setArchived = (dialogueId: number, isArchived: boolean, body: ArchiveBody) =>
  isArchived
    ? api('POST /api/admin/dialogues/:dialogueId/archive', { params: { dialogueId }, body })
    : api('POST /api/admin/dialogues/:dialogueId/unarchive', { params: { dialogueId }, body });
export const removeLogo = (dialogueId: number) =>
  api('DELETE /api/admin/dialogues/:dialogueId/logo', { params: { dialogueId } });

/** Sends a logo file as the raw body; the server recognises the image by its bytes. */
export const uploadLogo = (dialogueId: number, file: File) =>
  apiUpload('PUT /api/admin/dialogues/:dialogueId/logo', {
    params: { dialogueId },
    file,
    contentType: file.type || 'application/octet-stream',
  });
