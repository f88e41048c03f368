import type { AgreementType, ApiBody, ApiQuery } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** The agreements registry of a dialogue (src/modules/agreements/agreements.routes.ts). */

export type {
  AgreementHistory,
  AgreementList,
  AgreementMatrix,
  AgreementPartners,
  AgreementStatus,
  AgreementType,
  AgreementView,
} from '@passage/contract';
export { AGREEMENT_STATUSES, AGREEMENT_TYPES } from '@passage/contract/constants';

export type AgreementBody = ApiBody<'POST /api/dialogues/:slug/agreements'>;
export type AgreementFilter = ApiQuery<'GET /api/dialogues/:slug/agreements'>;
export type PartyInput = AgreementBody['parties'][number];

export const listAgreements = (slug: string, query: AgreementFilter, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/agreements', { params: { slug }, query, signal });
export const agreementsCsvUrl = (slug: string, query: AgreementFilter) =>
  apiUrl('GET /api/dialogues/:slug/agreements.csv', { params: { slug }, query });
export const getAgreement = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/agreements/:id', { params: { slug, id }, signal });
export const getAgreementHistory = (slug: string, id: number, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/agreements/:id/history', { params: { slug, id }, signal });
export const createAgreement = (slug: string, body: AgreementBody) =>
  api('POST /api/dialogues/:slug/agreements', { params: { slug }, body });
export const updateAgreement = (slug: string, id: number, body: AgreementBody, expectedRevision: number) =>
  api('PUT /api/dialogues/:slug/agreements/:id', {
    params: { slug, id },
    body: { ...body, expectedRevision },
  });
export const getAgreementMatrix = (slug: string, type: AgreementType | undefined, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/agreements/matrix', { params: { slug }, query: { type }, signal });
export const getAgreementPartners = (slug: string, party: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/agreements/partners', { params: { slug }, query: { party }, signal });
