import { apiRequest } from '../../ui/api-client';

export type TranslationEntity = 'dialogue' | 'route' | 'indicator';
export type TranslationField = 'name' | 'description';

export interface TranslationCell {
  text: string | null;
  revision: number;
  editedAt: string | null;
  isOutdated: boolean;
}

export interface TranslationItem {
  entity: TranslationEntity;
  id: number;
  code: string;
  field: TranslationField;
  sourceLanguage: string;
  cells: Record<string, TranslationCell>;
}

export interface TranslationsView {
  languages: string[];
  items: TranslationItem[];
  coverage: { language: string; total: number; translated: number; outdated: number }[];
}

export interface TranslationEdit {
  entity: TranslationEntity;
  id: number;
  field: TranslationField;
  language: string;
  text: string | null;
  baseRevision: number;
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}/translations`;

export const fetchTranslations = (slug: string, signal?: AbortSignal) =>
  apiRequest<TranslationsView>(base(slug), signal ? { signal } : {});

export const saveTranslation = (slug: string, edit: TranslationEdit) =>
  apiRequest<TranslationItem>(base(slug), { method: 'PUT', body: edit });
