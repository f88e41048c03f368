/**
 * The rules of meetings that need no database: the kinds, the order of the dates, and which follow-up actions
 * are overdue. Pure, shared by the service and the tests (meeting-rules.test.ts).
 */
import type { FieldError } from '../../shared/errors';

export const MEETING_KINDS = ['som', 'ministerial', 'working_group'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const ACTION_STATUSES = ['open', 'done'] as const;
export type MeetingActionStatus = (typeof ACTION_STATUSES)[number];

/** A meeting ends on or after the day it starts; a follow-up action is due on or after the meeting starts. */
export function checkMeetingDates(
  m: { startsOn: string; endsOn: string },
  actionsDue: readonly string[] = [],
  prefix = 'body',
): FieldError[] {
  const errors: FieldError[] = [];
  if (m.endsOn < m.startsOn)
    errors.push({
      field: `${prefix}.endsOn`,
      message: `the meeting ends ${m.endsOn}, before it starts ${m.startsOn}`,
    });
  actionsDue.forEach((due, i) => {
    if (due < m.startsOn)
      errors.push({
        field: `${prefix}.actions[${i}].dueOn`,
        message: `the action is due ${due}, before the meeting starts ${m.startsOn}`,
      });
  });
  return errors;
}

/** An open action past its due day (UTC). */
export const isOverdue = (a: { status: MeetingActionStatus; dueOn: string }, now: Date) =>
  a.status === 'open' && a.dueOn < now.toISOString().slice(0, 10);
