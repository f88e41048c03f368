import type { ApiBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Country profiles of a dialogue's member states (src/modules/profiles/profiles.routes.ts). */

export type {
  ProfileCompareView,
  ProfileFiguresView,
  ProfileList,
  ProfileSectionView,
  ProfileVersionSummary,
  ProfileView,
} from '@passage/contract';
export { PROFILE_SECTIONS } from '@passage/contract/constants';

export type DraftBody = ApiBody<'PUT /api/dialogues/:slug/profiles/:state/draft'>;

export const listProfiles = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/profiles', { params: { slug }, signal });
export const getProfile = (slug: string, iso3: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/profiles/:state', { params: { slug, state: iso3 }, signal });
export const getFigures = (slug: string, iso3: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/profiles/:state/figures', { params: { slug, state: iso3 }, signal });
export const saveDraft = (slug: string, iso3: string, body: DraftBody) =>
  api('PUT /api/dialogues/:slug/profiles/:state/draft', { params: { slug, state: iso3 }, body });
export const endorseVersion = (slug: string, iso3: string, number: number, expectedRevision: number) =>
  api('POST /api/dialogues/:slug/profiles/:state/versions/:number/endorse', {
    params: { slug, state: iso3, number },
    body: { expectedRevision },
  });
export const returnVersion = (
  slug: string,
  iso3: string,
  number: number,
  body: { expectedRevision: number; comment: string },
) =>
  api('POST /api/dialogues/:slug/profiles/:state/versions/:number/return', {
    params: { slug, state: iso3, number },
    body,
  });
export const compareVersions = (slug: string, iso3: string, from: number, to: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/profiles/:state/compare', {
    params: { slug, state: iso3 },
    query: { from, to },
    signal,
  });
