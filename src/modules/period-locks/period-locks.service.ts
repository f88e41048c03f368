/**
 * Locks after publication (DHIS2's approval locks): once a (reporter, indicator, month) is published it is
 * locked, and a new figure for it — a JSON submission, a file import, a single-figure edit, submitting or
 * publishing a submission — is refused with an error naming the month, until the secretariat reopens it with
 * a reason (audited). The change made then is a new revision as always (nothing is overwritten; the figure
 * history and the vintages show both), and its publication locks the month again. A dialogue may switch
 * locking off (calendar settings). Publication locks through the event listener registered at the
 * composition root (src/server/events.ts), not by the submissions module calling this one.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { type CodedMessage, rowMessage, withParams } from '../../domain/observations/row-messages';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { AppError, type FieldError, Invalid, NotFound } from '../../shared/errors';
import type { ObservationsPublished } from '../../shared/events';
import { recordAudit } from '../audit/audit.service';
import { loadCalendarSettings } from '../calendars/calendars.settings';
import { requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { listIndicatorCodes } from '../indicators/indicators.service';
import { periodLocksPolicy } from './period-locks.policy';
import type { LockList, LocksQuery, LockView, ReopenBody, ReopenView } from './period-locks.schema';
import {
  findLockedForReopen,
  type LockEventRow,
  type LockViewRow,
  listLockEvents,
  listLocked,
  listLockedOfSubmission,
  listLocks,
  lockPublished,
  reopenLocks,
} from './period-locks.sql';

const iso = (v: Date | string) => new Date(v).toISOString();
const day = (v: Date | string) => iso(v).slice(0, 10);

const lockedReason = (reporter: string, indicator: string, period: string, lockedAt: Date | string) =>
  rowMessage('PERIOD_LOCKED', { reporter, indicator, period, lockedOn: day(lockedAt) });

/**
 * A check for one reporter's figures, row by row: null when the (indicator, month) may take new figures,
 * else the reason it is locked. Load it once per submission or import (one query), call it per row.
 */
export async function loadLockCheck(
  db: Queryable,
  dialogueId: number,
  reporter: string,
): Promise<(indicator: string, period: string) => CodedMessage | null> {
  if (!(await loadCalendarSettings(db, dialogueId)).isLockingPublished) return () => null;
  const locked = new Map(
    (await listLocked(db, dialogueId, reporter)).map((l) => [`${l.indicator}|${l.period}`, l]),
  );
  return (indicator, period) => {
    const l = locked.get(`${indicator}|${period}`);
    return l ? lockedReason(reporter, indicator, period, l.locked_at) : null;
  };
}

/** 409 PERIOD_LOCKED naming every locked (indicator, month) the submission's figures touch. */
export async function assertSubmissionUnlocked(
  db: Queryable,
  dialogueId: number,
  reporter: string,
  submissionId: number,
): Promise<void> {
  if (!(await loadCalendarSettings(db, dialogueId)).isLockingPublished) return;
  const errors: FieldError[] = (await listLockedOfSubmission(db, submissionId)).map((l) => ({
    field: `observations[${l.indicator} ${l.period}]`,
    ...withParams(lockedReason(reporter, l.indicator, l.period, l.locked_at), { figures: l.figures }),
  }));
  if (errors.length) throw periodLocked(errors);
}

/** The error for figures of locked months (single edits name `body.period`). */
export function periodLocked(errors: FieldError[]): AppError {
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new AppError('PERIOD_LOCKED', 409, `${first.field}: ${first.message}${more}`, {
    errors: errors.slice(0, 1000),
  });
}

/** Listener of 'observations.published': the months the submission published are locked (again). */
export async function lockPublishedPeriods(e: ObservationsPublished, tx: Queryable): Promise<void> {
  if (e.periods) await lockPublished(tx, e.dialogueId, e.submissionId, null);
}

function toLockView(l: LockViewRow, events: readonly LockEventRow[]): LockView {
  return {
    reporter: l.reporter,
    indicator: l.indicator,
    period: l.period,
    lockedAt: iso(l.locked_at),
    lockedBySubmission: l.locked_by_submission,
    isReopened: l.reopened_at !== null,
    reopenedAt: l.reopened_at ? iso(l.reopened_at) : null,
    reopenedBy: l.reopened_by_name,
    reopenReason: l.reopen_reason,
    history: events
      .filter((e) => e.lock_id === l.id)
      .map((e) => ({
        action: e.action,
        at: iso(e.created_at),
        by: e.user_name,
        reason: e.reason,
        submissionId: e.submission_id,
      })),
  };
}

async function lockViews(db: Queryable, rows: LockViewRow[]): Promise<LockView[]> {
  const events = await listLockEvents(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toLockView(r, events));
}

/** GET …/locks: the dialogue's locked and reopened months with their history (members). */
export async function listPeriodLocks(ctx: Ctx, slug: string, q: LocksQuery): Promise<LockList> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, periodLocksPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const visible = new Set((await listIndicatorCodes(db, d.id)).map((i) => i.code));
    const rows = (
      await listLocks(db, d.id, {
        reporter: q.reporter,
        period: q.period,
        reopenedOnly: q.reopened === 'true',
        limit: q.limit,
      })
    ).filter((r) => visible.has(r.indicator));
    return {
      isLockingPublished: (await loadCalendarSettings(db, d.id)).isLockingPublished,
      locks: await lockViews(db, rows),
    };
  });
}

/**
 * POST …/locks/reopen: reopens a published month of a reporter (one indicator, or every indicator published
 * for it) so that a corrected submission may be brought in; audited with the reason. 409 PERIOD_NOT_LOCKED
 * when nothing of it is locked (never published, or reopened already).
 */
export async function reopenPeriod(ctx: Ctx, slug: string, input: ReopenBody): Promise<ReopenView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    periodLocksPolicy.reopen,
    'Only the secretariat of the dialogue reopens published months',
  );
  return withActor(ctx.db, actor, async (db) => {
    let indicatorId: number | null = null;
    if (input.indicator) {
      const found = (await listIndicatorCodes(db, d.id)).find((i) => i.code === input.indicator);
      if (!found)
        throw new Invalid([{ field: 'body.indicator', message: `unknown indicator "${input.indicator}"` }]);
      indicatorId = found.id;
    }
    const what = `${input.reporter} ${input.indicator ? `${input.indicator} ` : ''}${input.period}`;
    const locks = await findLockedForReopen(db, {
      dialogueId: d.id,
      reporter: input.reporter,
      period: input.period,
      indicatorId,
    });
    const toReopen = locks.filter((l) => l.reopened_at === null);
    if (!toReopen.length)
      throw new AppError(
        'PERIOD_NOT_LOCKED',
        409,
        locks.length
          ? `${what} is reopened already; it locks again when a submission for it is published`
          : `${what} has nothing published, so nothing is locked`,
      );
    await reopenLocks(
      db,
      d.id,
      toReopen.map((l) => l.id),
      { userId: actor.userId, reason: input.reason },
    );
    await recordAudit(
      db,
      actor,
      'period.reopen',
      { type: 'period_lock', dialogueId: d.id },
      {
        reporter: input.reporter,
        period: input.period,
        indicators: toReopen.map((l) => l.indicator),
        reason: input.reason,
      },
      { ip: ctx.ip },
    );
    const rows = await listLocks(db, d.id, {
      reporter: input.reporter,
      period: input.period,
      reopenedOnly: true,
      limit: 1000,
    });
    const reopened = new Set(toReopen.map((l) => l.id));
    return {
      reopened: await lockViews(
        db,
        rows.filter((r) => reopened.has(r.id)),
      ),
    };
  });
}
