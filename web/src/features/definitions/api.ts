import { apiRequest } from '../../ui/api-client';
import type { TranslatedTextValue } from '../../ui/translated-text';

export type Classification = 'public' | 'dialogue' | 'restricted' | 'originator';

export interface IndicatorDefinition {
  id: number;
  code: string;
  name: TranslatedTextValue;
  description: TranslatedTextValue;
  unit: string;
  breakdowns: string[];
  additiveBreakdowns: string[];
  classification: Classification;
  validTo: string | null;
  revision: number;
  updatedAt: string;
  hasObservations: boolean;
}

export interface RouteDefinition {
  id: number;
  code: string;
  name: TranslatedTextValue;
  description: TranslatedTextValue;
  countries: string[];
  geometry: Record<string, unknown>;
  validFrom: string;
  validTo: string | null;
  classification: Classification;
  revision: number;
  updatedAt: string;
}

export interface CalendarEntry {
  reporter: string;
  indicator: string;
  from: string;
  to: string | null;
  deadlineDay: number;
  revision: number;
  updatedAt: string;
}

export interface CalendarView {
  isOpen: boolean;
  memberStates: string[];
  indicators: string[];
  entries: CalendarEntry[];
}

export interface DefinitionsView {
  dimensions: string[];
  languages: string[];
  memberStates: string[];
  indicators: IndicatorDefinition[];
  routes: RouteDefinition[];
  calendar: CalendarView;
}

export interface OverdueView {
  asOf: string;
  since: string;
  isOpenCalendar: boolean;
  items: { reporter: string; indicator: string; period: string; deadline: string; daysLate: number }[];
  byReporter: { reporter: string; overdue: number }[];
}

export interface IndicatorInput {
  code?: string;
  name?: TranslatedTextValue;
  unit?: string;
  breakdowns?: string[];
  additiveBreakdowns?: string[];
  classification?: Classification;
  validTo?: string | null;
  expectedRevision?: number;
}

export interface RouteInput {
  code?: string;
  name?: TranslatedTextValue;
  countries?: string[];
  geometry?: unknown;
  validFrom?: string;
  validTo?: string | null;
  classification?: Classification;
  expectedRevision?: number;
}

export interface CalendarEntryInput {
  reporter: string;
  indicator: string;
  from: string;
  to?: string | null;
  deadlineDay: number;
  expectedRevision: number;
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}/definitions`;

export const fetchDefinitions = (slug: string, signal?: AbortSignal) =>
  apiRequest<DefinitionsView>(base(slug), signal ? { signal } : {});

export const fetchOverdue = (slug: string, signal?: AbortSignal) =>
  apiRequest<OverdueView>(`${base(slug)}/overdue`, signal ? { signal } : {});

export const createIndicator = (slug: string, body: IndicatorInput) =>
  apiRequest<IndicatorDefinition>(`${base(slug)}/indicators`, { method: 'POST', body });

export const updateIndicator = (slug: string, id: number, body: IndicatorInput) =>
  apiRequest<IndicatorDefinition>(`${base(slug)}/indicators/${id}`, { method: 'PUT', body });

export const createRoute = (slug: string, body: RouteInput) =>
  apiRequest<RouteDefinition>(`${base(slug)}/routes`, { method: 'POST', body });

export const updateRoute = (slug: string, id: number, body: RouteInput) =>
  apiRequest<RouteDefinition>(`${base(slug)}/routes/${id}`, { method: 'PUT', body });

export const saveCalendar = (slug: string, entries: CalendarEntryInput[]) =>
  apiRequest<CalendarView>(`${base(slug)}/calendar`, { method: 'PUT', body: { entries } });

export const removeCalendarEntry = (slug: string, reporter: string, indicator: string, revision: number) =>
  apiRequest<CalendarView>(
    `${base(slug)}/calendar/${reporter}/${encodeURIComponent(indicator)}?expectedRevision=${revision}`,
    { method: 'DELETE' },
  );
