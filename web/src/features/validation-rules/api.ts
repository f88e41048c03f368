import type { ApiBody, ValidationRuleView } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** A dialogue's validation rules (src/modules/validation-rules): rules, what they flagged, re-runs. */

export type {
  SideOperator,
  ValidationRuleList as RuleList,
  ValidationRuleView as RuleView,
  ValidationRunView as RunView,
} from '@passage/contract';
export { SIDE_OPERATORS } from '@passage/contract/constants';
export type Severity = ValidationRuleView['severity'];
export type RuleInput = ApiBody<'POST /api/dialogues/:slug/rules'>;
export type RuleUpdateBody = ApiBody<'PATCH /api/dialogues/:slug/rules/:id'>;
export type RunCreateBody = ApiBody<'POST /api/dialogues/:slug/rules/runs'>;

export const fetchRules = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/rules', { params: { slug }, signal });

export const createRule = (slug: string, body: RuleInput) =>
  api('POST /api/dialogues/:slug/rules', { params: { slug }, body });

export const updateRule = (slug: string, id: number, body: RuleUpdateBody) =>
  api('PATCH /api/dialogues/:slug/rules/:id', { params: { slug, id }, body });

export const fetchRuns = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/rules/runs', { params: { slug }, signal });

export const startRun = (slug: string, body: RunCreateBody) =>
  api('POST /api/dialogues/:slug/rules/runs', { params: { slug }, body });

export const violationsCsvUrl = (slug: string, runId: number) =>
  apiUrl('GET /api/dialogues/:slug/rules/runs/:runId/violations', {
    params: { slug, runId },
    query: { format: 'csv' },
  });
