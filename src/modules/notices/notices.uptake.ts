/**
 * The secretariat's uptake dashboard of notices (GET …/notices/uptake) and the nudges to member states that
 * have not notified for PASSAGE_NOTICE_NUDGE_MONTHS months (default 6): a bell message to the state's
 * analysts (those who post its notices), once per period (the notification's dedupe key names the period),
 * by the daily job 'notices.nudge' or at once by the secretariat (POST …/notices/uptake/nudges). The numbers
 * are computed in src/domain/notices/uptake.ts; this file only gathers them.
 */
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { isNotifyingSide } from '../../domain/notices/notice-rules';
import {
  computeUptake,
  nudgeMonths,
  nudgePeriod,
  statesToNudge,
  type UptakeNotice,
} from '../../domain/notices/uptake';
import type { Ctx } from '../../shared/ctx';
import { recordAudit } from '../audit/audit.service';
import { listMemberStateCodes, requireDialogueFor } from '../dialogues/dialogues.service';
import { dialogueNaming, findRecipients, sendUserMessages } from '../messages/messages.service';
import { listMemberStateOrganisations } from './notices.sql';
import { noticeSubscriptionsPolicy } from './notices.subscriptions.policy';
import type { NudgeRun, UptakeQuery, UptakeView } from './notices.subscriptions.schema';
import {
  listDialogueAcknowledgements,
  listDialoguesWithNotices,
  listSentNoticesForUptake,
} from './notices.subscriptions.sql';

export const NOTICES_NUDGE_JOB = 'notices.nudge';

/** The dialogue's sent notices with who was expected to acknowledge each, and who did. */
async function uptakeNotices(db: Queryable, dialogueId: number): Promise<UptakeNotice[]> {
  const orgs = (await listMemberStateOrganisations(db, dialogueId)).map((o) => ({
    id: o.id,
    name: o.name,
    countryIso3: o.country_iso3,
  }));
  const acks = new Set(
    (await listDialogueAcknowledgements(db, dialogueId)).map((a) => `${a.notice_id}:${a.organisation_id}`),
  );
  return (await listSentNoticesForUptake(db, dialogueId)).map((n) => {
    const ref = { originatorOrgId: n.originator_org_id, stateIso3: n.state_iso3 };
    const expected = orgs.filter((o) => o.countryIso3 !== null && !isNotifyingSide(o, ref));
    return {
      id: n.id,
      title: n.title,
      state: n.state_iso3,
      sentAt: new Date(n.sent_at).toISOString(),
      adoptedOn: n.adopted_on,
      effectiveOn: n.effective_on,
      expected: expected.map((o) => ({
        country: o.countryIso3 ?? '',
        acknowledged: acks.has(`${n.id}:${o.id}`),
      })),
    };
  });
}

/** GET …/notices/uptake: notices per state per quarter, never notified, delays, acknowledgements. */
export async function getNoticeUptake(
  ctx: Ctx,
  slug: string,
  q: UptakeQuery,
  now = new Date(),
): Promise<UptakeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticeSubscriptionsPolicy.uptake,
    'The uptake of notices is for the secretariat',
  );
  return withActor(ctx.db, actor, async (db) => {
    const states = await listMemberStateCodes(db, d.id);
    const notices = await uptakeNotices(db, d.id);
    const u = computeUptake(states, notices, now, q.quarters);
    const months = nudgeMonths();
    const last = new Map(u.states.flatMap((s) => (s.lastSentOn ? [[s.state, s.lastSentOn] as const] : [])));
    const due = new Set(statesToNudge(states, last, now, months));
    return {
      asOf: now.toISOString(),
      nudgeMonths: months,
      ...u,
      states: u.states.map((s) => ({ ...s, isDue: due.has(s.state) })),
    };
  });
}

/** Nudges, in one dialogue, the member states due (no notice for N months), once per period. */
async function nudgeDialogue(db: Queryable, dialogueId: number, now: Date): Promise<NudgeRun> {
  const months = nudgeMonths();
  const period = nudgePeriod(now, months);
  const naming = await dialogueNaming(db, dialogueId);
  if (!naming) return { period, states: [], recipients: 0 };
  const states = await listMemberStateCodes(db, dialogueId);
  const last = new Map<string, string>();
  for (const n of await listSentNoticesForUptake(db, dialogueId)) {
    const day = new Date(n.sent_at).toISOString().slice(0, 10);
    if ((last.get(n.state_iso3) ?? '') < day) last.set(n.state_iso3, day);
  }
  const due = statesToNudge(states, last, now, months);
  let recipients = 0;
  for (const state of due) {
    const users = await findRecipients(db, dialogueId, ['analyst'], state);
    recipients += users.length;
    await sendUserMessages(
      db,
      users.map((u) => ({
        userId: u.id,
        dialogueId,
        kind: 'notice.nudge',
        payload: { state, months, lastSentOn: last.get(state) ?? null },
        link: `/d/${naming.slug}/notices`,
        dedupeKey: `notice.nudge:${dialogueId}:${state}:${period}`,
      })),
    );
  }
  return { period, states: due, recipients };
}

/** POST …/notices/uptake/nudges: the secretariat nudges now (the same messages as the job, once per period). */
export async function nudgeStatesNow(ctx: Ctx, slug: string, now = new Date()): Promise<NudgeRun> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    noticeSubscriptionsPolicy.nudge,
    'Nudges are sent by the secretariat',
  );
  // The messages are other users' notifications: written as the database owner like the job (as
  // POST …/reminders/run does), after the role check; the audit entry as the caller.
  const run = await ctx.db.transaction((tx) => nudgeDialogue(tx, d.id, now));
  await withActor(ctx.db, actor, (db) =>
    recordAudit(
      db,
      actor,
      'notice.nudge',
      { type: 'dialogue', id: d.id, dialogueId: d.id },
      { ...run },
      { ip: ctx.ip },
    ),
  );
  return run;
}

/** The job 'notices.nudge' (daily): every dialogue where notices are in use. */
export async function runNoticeNudgeJob(
  db: Db,
  _payload?: unknown,
  now = new Date(),
): Promise<{ states: number }> {
  return db.transaction(async (tx) => {
    let states = 0;
    for (const id of await listDialoguesWithNotices(tx))
      states += (await nudgeDialogue(tx, id, now)).states.length;
    return { states };
  });
}
