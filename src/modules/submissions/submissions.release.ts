/**
 * Embargoed releases (issue 18, migration 0037): a validated submission scheduled for publication at a
 * date-time in an explicit time zone. Until then its figures stay unpublished, so only the reporter and the
 * secretariat read them, in every API, export, vintage, search, forecast, SDMX answer and the portal; a manual
 * publication is refused (RELEASE_SCHEDULED). At the time, the job `submissions.release` publishes it once, as
 * the data manager who scheduled it (roles read again then): it locks the schedule's row, publishes only while
 * the schedule is pending and the submission validated, and marks it released in the same transaction, so a
 * second job or another server finds it done. A release in the past, or of a submission not validated, is
 * refused; returning the submission, or cancelling, ends the schedule.
 */
import pino from 'pino';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { releaseMessages } from '../../domain/submissions/release-messages';
import { assertCanTake } from '../../domain/submissions/workflow';
import { enqueue } from '../../jobs/queue';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { findDialogueFor, requireMemberDialogue } from '../dialogues/dialogues.service';
import { findUserAuth, loadActor } from '../identity/auth/auth.service';
import { submissionsPolicy } from './submissions.policy';
import {
  findPendingRelease,
  findRelease,
  insertScheduledRelease,
  lockRelease,
  markCancelled,
  markReleased,
} from './submissions.release.sql';
import type { ReleaseView, ScheduleReleaseBody } from './submissions.schema';
import { publishWithin, toReleaseView } from './submissions.service';
import { findPublishedScope, findSubmission } from './submissions.sql';

export const RELEASE_JOB = 'submissions.release';
const ReleasePayload = z.object({ releaseId: z.number().int().positive(), slug: z.string() });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Schedules a validated submission's publication at `releaseAt` (must be in the future). */
export async function scheduleRelease(
  ctx: Ctx,
  slug: string,
  id: number,
  body: ScheduleReleaseBody,
  now: Date = new Date(),
): Promise<ReleaseView> {
  const d = await requireMemberDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, submissionsPolicy.review, { dialogueId: d.id }))
    throw new Forbidden(releaseMessages.message('RELEASE_SCHEDULE_DENIED').message);
  const actor = ctx.actor;
  const releaseAt = new Date(body.releaseAt);
  const errors: FieldError[] = [];
  if (Number.isNaN(releaseAt.getTime()))
    errors.push({ field: 'releaseAt', ...releaseMessages.message('RELEASE_AT_INVALID') });
  else if (releaseAt <= now)
    errors.push({
      field: 'releaseAt',
      ...releaseMessages.message('RELEASE_AT_PAST', { now: now.toISOString() }),
    });
  if (!isTimeZone(body.timeZone))
    errors.push({
      field: 'timeZone',
      ...releaseMessages.message('RELEASE_TIME_ZONE_UNKNOWN', { timeZone: body.timeZone }),
    });
  if (errors.length) throw new Invalid(errors);
  const row = await withActor(ctx.db, actor, async (db) => {
    const s = await findSubmission(db, d.id, id, true);
    if (!s) throw new NotFound(`Submission ${id}`);
    // Only validated figures may be scheduled (the same rule as publishing them).
    assertCanTake('publish', s);
    if (await findPendingRelease(db, id, true))
      throw new Invalid([{ field: 'releaseAt', ...releaseMessages.message('RELEASE_ALREADY_SCHEDULED') }]);
    const scope = await findPublishedScope(db, id);
    if (!scope.first || !scope.last)
      throw new Invalid([{ field: 'submission', ...releaseMessages.message('RELEASE_NO_FIGURES') }]);
    const r = await insertScheduledRelease(db, {
      submissionId: id,
      dialogueId: d.id,
      reporter: s.reporter_iso3.trim(),
      releaseAt,
      timeZone: body.timeZone,
      indicators: scope.indicators,
      from: scope.first,
      to: scope.last,
      userId: actor.userId,
    });
    await enqueue(
      db,
      RELEASE_JOB,
      { releaseId: r.id, slug: d.slug },
      {
        singletonKey: `release:${r.id}`,
        delaySeconds: Math.max(0, (releaseAt.getTime() - now.getTime()) / 1000),
      },
    );
    await recordAudit(
      db,
      actor,
      'submission.schedule',
      { type: 'submission', id, dialogueId: d.id },
      {
        releaseAt: releaseAt.toISOString(),
        timeZone: body.timeZone,
      },
    );
    return r;
  });
  return toReleaseView(row);
}

/** Cancels a submission's pending schedule (it can then be published by hand, or scheduled again). */
export async function cancelRelease(ctx: Ctx, slug: string, id: number): Promise<ReleaseView> {
  const d = await requireMemberDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, submissionsPolicy.review, { dialogueId: d.id }))
    throw new Forbidden(releaseMessages.message('RELEASE_CANCEL_DENIED').message);
  const actor = ctx.actor;
  const row = await withActor(ctx.db, actor, async (db) => {
    const s = await findSubmission(db, d.id, id, true);
    const r = s ? await findPendingRelease(db, id, true) : undefined;
    if (!r) throw new NotFound(`Scheduled release of submission ${id}`);
    await markCancelled(db, r.id, 'cancelled');
    await recordAudit(db, actor, 'submission.unschedule', { type: 'submission', id, dialogueId: d.id }, {});
    return { ...r, cancelled_at: new Date(), outcome: 'cancelled' };
  });
  return toReleaseView(row);
}

/**
 * Job 'submissions.release' {releaseId, slug}: publishes the scheduled submission once, at its time, as the
 * data manager who scheduled it. Early (a clock ahead elsewhere): queued again for the rest of the wait.
 */
export async function runReleaseJob(
  db: Db,
  payload: unknown,
  now: () => Date = () => new Date(),
): Promise<{ outcome: string }> {
  const { releaseId, slug } = ReleasePayload.parse(payload);
  // Read as the owner only to find whom to act as; everything else runs as that user.
  const pending = await findRelease(db, releaseId);
  if (!pending || pending.released_at || pending.cancelled_at) return { outcome: 'done already' };
  const user = await findUserAuth(db, pending.scheduled_by);
  const actor = user?.is_active ? await loadActor(db, user) : null;
  const ctx: Ctx = { db, actor, log: pino({ level: 'silent' }) };
  const cancel = (why: string) =>
    db.transaction((tx) => cancelIfPending(tx, releaseId, why)).then(() => ({ outcome: why }));
  if (!actor) return cancel('the scheduler is no longer active');
  return withActor(db, actor, async (tx) => {
    const r = await lockRelease(tx, releaseId);
    if (!r || r.released_at || r.cancelled_at) return { outcome: 'done already' };
    const wait = new Date(r.release_at).getTime() - now().getTime();
    if (wait > 0) {
      await enqueue(tx, RELEASE_JOB, { releaseId, slug }, { delaySeconds: wait / 1000 });
      return { outcome: 'not yet' };
    }
    const d = await findDialogueFor(tx, actor, slug);
    const s = d ? await findSubmission(tx, d.id, r.submission_id, true) : undefined;
    if (
      !d ||
      !s ||
      s.status !== 'validated' ||
      !allows(actor, submissionsPolicy.review, { dialogueId: d.id })
    ) {
      const why =
        s && s.status !== 'validated'
          ? `the submission is ${s.status}`
          : 'the scheduler may no longer publish';
      await markCancelled(tx, r.id, why);
      return { outcome: why };
    }
    await publishWithin(ctx, tx, d, r.submission_id, 'Released as scheduled');
    await markReleased(tx, r.id);
    return { outcome: 'published' };
  });
}

async function cancelIfPending(tx: Queryable, id: number, why: string): Promise<void> {
  const r = await lockRelease(tx, id);
  if (r && !r.released_at && !r.cancelled_at) await markCancelled(tx, id, why);
}
