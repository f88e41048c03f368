/**
 * Reporting calendars of a dialogue: which member state reports which indicator from when, with a deadline
 * day; the overdue list; and the checks imports and submissions run against the calendar (an empty calendar
 * is open: every period is accepted). Changes by the secretariat, one transaction each, run as the actor,
 * naming the revision each entry started from (409 otherwise), recorded as revisions.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  type CalendarEntry,
  checkCalendar,
  listOverdue,
  receivedKey,
} from '../../domain/calendars/reporting-calendar';
import { type CodedMessage, rowMessage, withParams } from '../../domain/observations/row-messages';
import { addMonths, monthsBetween } from '../../domain/periods';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { recordCalendarRevision } from '../definition-revisions/definition-revisions.service';
import { listMemberStateCodes, requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { listIndicatorCodes } from '../indicators/indicators.service';
import { loadStateMemberships } from '../members/members.service';
import { calendarsPolicy } from './calendars.policy';
import type {
  CalendarEntryView,
  CalendarPutBody,
  CalendarView,
  OverdueQuery,
  OverdueView,
} from './calendars.schema';
import {
  type CalendarRow,
  deleteCalendarEntry as deleteCalendarRow,
  listCalendar,
  listReceived,
  listSubmissionPeriods,
  lockCalendar,
  upsertCalendarEntry,
} from './calendars.sql';

const iso = (v: string | Date) => new Date(v).toISOString();

const requireSecretariat = (ctx: Ctx, slug: string) =>
  requireDialogueFor(
    ctx,
    slug,
    calendarsPolicy.manage,
    'Only the secretariat of the dialogue defines indicators, routes and calendars',
  );

const toCalendarEntryView = (r: CalendarRow): CalendarEntryView => ({
  reporter: r.reporter.trim(),
  indicator: r.indicator,
  from: r.from_period,
  to: r.to_period,
  deadlineDay: r.deadline_day,
  revision: r.revision,
  updatedAt: iso(r.updated_at),
});

/** The calendar as its editor and the definitions page show it (runs in the caller's transaction). */
export async function calendarView(db: Queryable, dialogueId: number): Promise<CalendarView> {
  const entries = (await listCalendar(db, dialogueId)).map(toCalendarEntryView);
  return {
    isOpen: entries.length === 0,
    memberStates: await listMemberStateCodes(db, dialogueId),
    indicators: (await listIndicatorCodes(db, dialogueId)).map((i) => i.code),
    entries,
  };
}

/** GET …/definitions/calendar: who reports what from when, with deadlines (any member of the dialogue). */
export async function getCalendar(ctx: Ctx, slug: string): Promise<CalendarView> {
  const d = await requireDialogue(ctx, slug);
  if (!allows(ctx.actor, calendarsPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return withActor(ctx.db, ctx.actor, (db) => calendarView(db, d.id));
}

/** PUT …/definitions/calendar: creates or changes entries (each names the revision it saw, 0 for a new one). */
export async function putCalendar(ctx: Ctx, slug: string, input: CalendarPutBody): Promise<CalendarView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    await lockCalendar(db, d.id);
    const members = new Set(await listMemberStateCodes(db, d.id));
    const indicators = new Map((await listIndicatorCodes(db, d.id)).map((i) => [i.code, i.id]));
    const current = new Map(
      (await listCalendar(db, d.id)).map((c) => [`${c.reporter.trim()}|${c.indicator}`, c]),
    );
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const stale: string[] = [];
    input.entries.forEach((e, i) => {
      const at = `body.entries[${i}]`;
      if (!members.has(e.reporter))
        errors.push({
          field: `${at}.reporter`,
          ...rowMessage('ROW_REPORTER_NOT_MEMBER', { reporter: e.reporter }),
        });
      if (!indicators.has(e.indicator))
        errors.push({ field: `${at}.indicator`, message: `unknown indicator "${e.indicator}"` });
      if (e.to != null && e.to < e.from)
        errors.push({ field: `${at}.to`, message: `is before from (${e.from})` });
      const key = `${e.reporter}|${e.indicator}`;
      const first = seen.get(key);
      if (first !== undefined)
        errors.push({ field: at, message: `same reporter and indicator as entries[${first}]` });
      else seen.set(key, i);
      const revision = current.get(key)?.revision ?? 0;
      if (revision !== e.expectedRevision)
        stale.push(`${e.reporter} ${e.indicator} (now revision ${revision})`);
    });
    if (errors.length) throw new Invalid(errors);
    if (stale.length)
      throw new Conflict(
        `The calendar was changed after you opened it: ${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ' …' : ''}; reload it`,
        await calendarView(db, d.id),
      );
    for (const e of input.entries) {
      const saved = await upsertCalendarEntry(db, d.id, {
        reporter: e.reporter,
        indicatorId: indicators.get(e.indicator)!,
        from: e.from,
        to: e.to ?? null,
        deadlineDay: e.deadlineDay,
        userId: actor.userId,
      });
      await recordCalendarRevision(db, {
        dialogueId: d.id,
        id: saved.id,
        revision: saved.revision,
        action: saved.revision === 1 ? 'create' : 'update',
        data: {
          reporter: e.reporter,
          indicator: e.indicator,
          from: e.from,
          to: e.to ?? null,
          deadlineDay: e.deadlineDay,
        },
        userId: actor.userId,
      });
    }
    await recordAudit(
      db,
      actor,
      'calendar.update',
      { type: 'reporting_calendar', dialogueId: d.id },
      { entries: input.entries.length },
      { ip: ctx.ip },
    );
    return calendarView(db, d.id);
  });
}

export async function deleteCalendarEntry(
  ctx: Ctx,
  slug: string,
  key: { reporter: string; indicator: string },
  expectedRevision: number,
): Promise<CalendarView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    await lockCalendar(db, d.id);
    const cur = (await listCalendar(db, d.id)).find(
      (c) => c.reporter.trim() === key.reporter && c.indicator === key.indicator,
    );
    if (!cur) throw new NotFound(`Calendar entry ${key.reporter} ${key.indicator}`);
    if (cur.revision !== expectedRevision)
      throw new Conflict(
        `The entry for ${key.reporter} ${key.indicator} was changed (revision ${cur.revision}); reload it`,
        toCalendarEntryView(cur),
      );
    await deleteCalendarRow(db, cur.id);
    await recordCalendarRevision(db, {
      dialogueId: d.id,
      id: cur.id,
      revision: cur.revision + 1,
      action: 'delete',
      data: toCalendarEntryView(cur),
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'calendar.delete',
      { type: 'reporting_calendar', id: cur.id, dialogueId: d.id },
      { reporter: key.reporter, indicator: key.indicator },
      { ip: ctx.ip },
    );
    return calendarView(db, d.id);
  });
}

/** GET …/definitions/overdue: which member states are late with which indicator and month (secretariat). */
export async function getOverdue(ctx: Ctx, slug: string, q: OverdueQuery): Promise<OverdueView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const asOf = q.asOf ?? new Date().toISOString().slice(0, 10);
  const since = q.since ?? addMonths(asOf.slice(0, 7), -24);
  if (monthsBetween(since, asOf.slice(0, 7)) < 0)
    throw new Invalid([{ field: 'querystring.since', message: `is after asOf (${asOf})` }]);
  return withActor(ctx.db, actor, async (db) => {
    const entries = (await loadReportingCalendar(db, d.id)).filter(
      (e) => q.reporter === undefined || e.reporter === q.reporter,
    );
    const received = new Set(
      (await listReceived(db, d.id, since)).map((r) => receivedKey(r.reporter.trim(), r.indicator, r.period)),
    );
    const items = listOverdue(entries, received, asOf, { since });
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.reporter, (counts.get(i.reporter) ?? 0) + 1);
    return {
      asOf,
      since,
      isOpenCalendar: entries.length === 0,
      items,
      byReporter: [...counts]
        .map(([reporter, overdue]) => ({ reporter, overdue }))
        .sort((a, b) => b.overdue - a.overdue),
    };
  });
}

// ---------- used by imports, submissions and dashboards ----------

/**
 * The dialogue's reporting calendar (empty = open calendar). Run inside the caller's transaction. An entry
 * ends at the latest with the month its indicator was retired in (validTo), and carries its reporter's
 * periods of membership (members service), so months it was not a member in are never due from it.
 */
export async function loadReportingCalendar(db: Queryable, dialogueId: number): Promise<CalendarEntry[]> {
  const rows = await listCalendar(db, dialogueId);
  const memberships = await loadStateMemberships(db, dialogueId);
  return rows.map((r) => {
    const retired = r.indicator_valid_to;
    const to = retired !== null && (r.to_period === null || retired < r.to_period) ? retired : r.to_period;
    return {
      reporter: r.reporter.trim(),
      indicator: r.indicator,
      from: r.from_period,
      to,
      deadlineDay: r.deadline_day,
      memberDuring: memberships.get(r.reporter.trim()) ?? [],
    };
  });
}

/**
 * A check for one reporter's figures, row by row: returns null when the period is expected from the reporter
 * for the indicator, else the reason. Load it once per submission/import (one query), call it per row.
 */
export async function loadCalendarCheck(
  db: Queryable,
  dialogueId: number,
  reporter: string,
): Promise<(indicator: string, period: string) => CodedMessage | null> {
  const entries = await loadReportingCalendar(db, dialogueId);
  return (indicator, period) => {
    const v = checkCalendar(entries, reporter, indicator, period);
    return v.isExpected ? null : { message: v.reason, code: v.code, params: v.params };
  };
}

/**
 * Rejects a submission holding figures for periods outside the reporter's calendar (400
 * PERIOD_OUTSIDE_CALENDAR, one error per indicator and month). One grouped query over the submission.
 */
export async function assertSubmissionInCalendar(
  db: Queryable,
  dialogueId: number,
  reporter: string,
  submissionId: number,
): Promise<void> {
  const check = await loadCalendarCheck(db, dialogueId, reporter);
  const errors: FieldError[] = [];
  for (const p of await listSubmissionPeriods(db, submissionId)) {
    const reason = check(p.indicator, p.period);
    if (reason)
      errors.push({
        field: `observations[${p.indicator} ${p.period}]`,
        ...withParams(reason, { figures: p.figures }),
      });
  }
  if (errors.length) throw new Invalid(errors.slice(0, 1000), undefined, 'PERIOD_OUTSIDE_CALENDAR');
}
