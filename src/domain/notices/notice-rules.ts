/**
 * The rules of early notification that need no database: the vocabularies (measure types, stages, outcomes),
 * the order of a notice's dates, the window for comments, and who is still expected to acknowledge. Pure, so
 * the service, the demo seed and the tests share one wording of each rule (notice-rules.test.ts).
 */
import type { FieldError } from '../../shared/errors';

export const MEASURE_TYPES = [
  'visa_regime',
  'border_management',
  'asylum_procedure',
  'reception',
  'return_readmission',
  'labour_migration',
  'integration',
  'anti_smuggling',
  'other',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const NOTICE_STAGES = ['planned', 'adopted', 'in_force', 'abandoned'] as const;
export type NoticeStage = (typeof NOTICE_STAGES)[number];

/** What became of the measure, reported by the notifying state (TRIS: final text, changed, abandoned). */
export const NOTICE_OUTCOMES = ['adopted_as_is', 'changed', 'abandoned'] as const;
export type NoticeOutcome = (typeof NOTICE_OUTCOMES)[number];

export interface NoticeDates {
  adoptedOn: string | null;
  effectiveOn: string | null;
  endsOn: string | null;
}

/**
 * The dates in order: a measure takes effect on or after its adoption and ends on or after it takes effect.
 * Each error names the later field (the one to correct) with the date it must not precede.
 */
export function checkNoticeDates(d: NoticeDates, prefix = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  if (d.adoptedOn && d.effectiveOn && d.effectiveOn < d.adoptedOn)
    errors.push({
      field: `${prefix}.effectiveOn`,
      message: `the effective date ${d.effectiveOn} is before the adoption date ${d.adoptedOn}`,
    });
  if (d.effectiveOn && d.endsOn && d.endsOn < d.effectiveOn)
    errors.push({
      field: `${prefix}.endsOn`,
      message: `the end date ${d.endsOn} is before the effective date ${d.effectiveOn}`,
    });
  return errors;
}

/** The day (YYYY-MM-DD, UTC) of an instant. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** Whether comments (and formal concerns) are still accepted: until the end of the deadline day, UTC. */
export function isCommentWindowOpen(commentsUntil: string | null, now: Date): boolean {
  return commentsUntil === null || dayOf(now) <= commentsUntil;
}

/** The stage a reported outcome leaves the measure in (an abandoned measure is abandoned; else adopted). */
export function stageAfterOutcome(outcome: NoticeOutcome, current: NoticeStage): NoticeStage {
  if (outcome === 'abandoned') return 'abandoned';
  return current === 'in_force' ? 'in_force' : 'adopted';
}

export interface Organisation {
  id: number;
  name: string;
  countryIso3: string | null;
}

/**
 * Whether an organisation is on the notifying side of a notice (its author's organisation, or an authority
 * of the notifying state): it does not acknowledge or comment on its own notice, it answers.
 */
export function isNotifyingSide(
  org: { id: number; countryIso3: string | null },
  n: { originatorOrgId: number; stateIso3: string },
): boolean {
  return org.id === n.originatorOrgId || org.countryIso3 === n.stateIso3;
}

/**
 * Who has and who has not acknowledged: every member state's organisation (those that hold members in the
 * dialogue) except the notifying side is expected; others who acknowledged anyway (observers) are listed
 * among those who have.
 */
export function acknowledgementStatus(
  expected: readonly Organisation[],
  acknowledged: readonly (Organisation & { at: string })[],
  n: { originatorOrgId: number; stateIso3: string },
): { acknowledged: (Organisation & { at: string })[]; pending: Organisation[] } {
  const done = new Set(acknowledged.map((a) => a.id));
  return {
    acknowledged: [...acknowledged],
    pending: expected.filter((o) => !done.has(o.id) && !isNotifyingSide(o, n)),
  };
}
