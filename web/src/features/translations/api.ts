import type { TranslationEditBody } from '@passage/contract';
import { api } from '../../ui/api-client';

/** Translations of a dialogue's names and descriptions (src/modules/translations), with their revisions. */

export type {
  TranslationCell,
  TranslationEditBody,
  TranslationEntity,
  TranslationField,
  TranslationItem,
  TranslationsView,
} from '@passage/contract';

export const fetchTranslations = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/translations', { params: { slug }, signal });

export const saveTranslation = (slug: string, edit: TranslationEditBody) =>
  api('PUT /api/dialogues/:slug/translations', { params: { slug }, body: edit });
