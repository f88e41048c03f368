import type { LineString } from 'geojson';
import { apiRequest } from '../../ui/api-client';
import type { TranslatedTextValue } from '../../ui/translated-text';
import type { Role } from '../auth/api';

export type Classification = 'public' | 'dialogue' | 'restricted' | 'originator';

/** A text in the working languages; English is always there. */
export interface Translated {
  en: string;
  fr?: string;
  ru?: string;
}

export interface DialogueSummary {
  id: number;
  slug: string;
  name: string;
  description: string;
  classification: Classification;
  myRoles: Role[];
}

export interface MemberState {
  iso3: string;
  /** ISO 3166-1 numeric code, e.g. "040"; the map matches it against the outline ids. */
  numeric: string | null;
  name: Translated;
  joinedOn: string | null;
}

export interface OrganisationRef {
  id: number;
  name: string;
  acronym: string | null;
}

export interface RouteView {
  id: number;
  code: string;
  name: string;
  description: string;
  /** ISO 3166-1 alpha-3 codes, in route order. */
  countries: string[];
  geometry: LineString;
  validFrom: string;
  validTo: string | null;
  classification: Classification;
  /** name/description above are the originals; these carry the translations (show with <TranslatedText>). */
  nameText: TranslatedTextValue;
  descriptionText: TranslatedTextValue;
}

export interface IndicatorView {
  code: string;
  name: Translated;
  nameText: TranslatedTextValue;
  unit: string;
  breakdowns: string[];
}

export interface DialogueHome extends DialogueSummary {
  nameText: TranslatedTextValue;
  descriptionText: TranslatedTextValue;
  workingLanguages: string[];
  secretariat: OrganisationRef;
  memberStates: MemberState[];
  observers: OrganisationRef[];
  routes: RouteView[];
  indicators: IndicatorView[];
}

export const listDialogues = (signal?: AbortSignal) =>
  apiRequest<DialogueSummary[]>('/api/dialogues', signal ? { signal } : {});

export const fetchDialogueHome = (slug: string, signal?: AbortSignal) =>
  apiRequest<DialogueHome>(`/api/dialogues/${encodeURIComponent(slug)}`, signal ? { signal } : {});
