/** API of a dialogue's validation rules (src/modules/validation-rules): rules, what they flagged, re-runs. */
import { apiRequest } from '../../ui/api-client';

export const SIDE_OPERATORS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type SideOperator = (typeof SIDE_OPERATORS)[number];
export type Severity = 'error' | 'warning';

export interface RuleView {
  id: number | null;
  key: string;
  name: string;
  kind: string;
  indicator: string | null;
  indicators: string[];
  breakdowns: Record<string, string[]>;
  expression: string;
  leftSide: string | null;
  operator: SideOperator | null;
  rightSide: string | null;
  severity: Severity;
  params: Record<string, number | string>;
  message: string | null;
  isEnabled: boolean;
  revision: number;
  flagged: { inSubmissions: number; inLastRun: number | null };
}

export interface RunView {
  id: number;
  from: string;
  to: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  figuresChecked: number;
  violations: number;
  isTruncated: boolean;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface RuleList {
  rules: RuleView[];
  isUsingDefaults: boolean;
  defaults: RuleView[];
  variables: Record<string, string>;
  flaggedSince: string;
  lastRun: RunView | null;
}

export interface RuleInput {
  name: string;
  leftSide: string;
  operator: SideOperator;
  rightSide: string;
  severity: Severity;
  indicators: string[];
  breakdowns: Record<string, string[]>;
  params: Record<string, number>;
  message: string | null;
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}/rules`;
const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export const fetchRules = (slug: string, signal?: AbortSignal) =>
  apiRequest<RuleList>(base(slug), opt(signal));

export const createRule = (slug: string, body: RuleInput) =>
  apiRequest<RuleView>(base(slug), { method: 'POST', body });

export const updateRule = (
  slug: string,
  id: number,
  body: Partial<RuleInput> & { isEnabled?: boolean; expectedRevision: number },
) => apiRequest<RuleView>(`${base(slug)}/${id}`, { method: 'PATCH', body });

export const fetchRuns = (slug: string, signal?: AbortSignal) =>
  apiRequest<{ runs: RunView[] }>(`${base(slug)}/runs`, opt(signal));

export const startRun = (slug: string, body: { from?: string; to?: string }) =>
  apiRequest<RunView>(`${base(slug)}/runs`, { method: 'POST', body });

export const violationsCsvUrl = (slug: string, runId: number) =>
  `${base(slug)}/runs/${runId}/violations?format=csv`;
