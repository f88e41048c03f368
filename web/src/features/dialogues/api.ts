import { api } from '../../ui/api-client';

/** Dialogues the user can see, and one dialogue's home: members, routes, indicators (src/modules/dialogues). */

export type {
  Classification,
  DialogueHome,
  DialogueIndicator,
  DialogueSummary,
  MemberState,
  OrganisationRef,
  RouteView,
  Translated,
} from '@passage/contract';

export const listDialogues = (signal?: AbortSignal) => api('GET /api/dialogues', { signal });

/** The organisations taking part in a dialogue: what a restricted record is shared with. */
export const fetchDialogueOrganisations = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/organisations', { params: { slug }, signal });
