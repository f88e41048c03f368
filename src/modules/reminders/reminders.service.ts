/**
 * Calendars that chase: the reminder job reminds each member state's data providers (bell and e-mail, in
 * their language) of the figures the reporting calendar expects and that have not come in — before the
 * deadline, on the day and after it, at the dialogue's offsets (src/domain/calendars/reminders.ts) — and sends
 * the secretariat a digest of who is late on the days something falls late. Idempotent: every reminder is
 * recorded per (recipient, reporter, indicator, month, offset) and every digest per (recipient, day) in the
 * same transaction as its messages, so running the job twice (or every hour) sends nothing new.
 * The job runs as the database owner: it writes messages for other users.
 */
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { type DueReminder, dueReminders } from '../../domain/calendars/reminders';
import { listOverdue } from '../../domain/calendars/reporting-calendar';
import { digestMail, reminderMail } from '../../domain/messages/message-text';
import { addMonths } from '../../domain/periods';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { NotFound } from '../../shared/errors';
import { listCalendarDialogues, loadReceivedKeys } from '../calendars/calendars.rates';
import { loadReportingCalendar } from '../calendars/calendars.service';
import { loadCalendarSettings } from '../calendars/calendars.settings';
import { requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { listIndicatorCodes } from '../indicators/indicators.service';
import {
  type DialogueNaming,
  dialogueNaming,
  findRecipients,
  mailContext,
  sendUserMessages,
  type UserMessage,
} from '../messages/messages.service';
import { remindersPolicy } from './reminders.policy';
import type { ReminderList, ReminderRunView, RemindersQuery } from './reminders.schema';
import { listSentReminders, recordDigest, recordSentReminder } from './reminders.sql';

export interface ReminderRun {
  asOf: string;
  dialogues: number;
  reminders: number;
  digests: number;
  mails: number;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Runs the reminders of every dialogue with a calendar (or one), for day `asOf` (default today, UTC). */
export async function runReminders(
  db: Db,
  opts: { asOf?: string; dialogueId?: number } = {},
): Promise<ReminderRun> {
  const asOf = opts.asOf ?? today();
  const run: ReminderRun = { asOf, dialogues: 0, reminders: 0, digests: 0, mails: 0 };
  const ids = opts.dialogueId !== undefined ? [opts.dialogueId] : await listCalendarDialogues(db);
  for (const dialogueId of ids) {
    // One transaction per dialogue: its reminders, digests and messages are recorded together or not at all.
    const r = await db.transaction((tx) => remindDialogue(tx, dialogueId, asOf));
    if (!r) continue;
    run.dialogues++;
    run.reminders += r.reminders;
    run.digests += r.digests;
    run.mails += r.mails;
  }
  return run;
}

async function remindDialogue(tx: Queryable, dialogueId: number, asOf: string) {
  const settings = await loadCalendarSettings(tx, dialogueId);
  const naming = await dialogueNaming(tx, dialogueId);
  const entries = await loadReportingCalendar(tx, dialogueId);
  if (!settings.areRemindersEnabled || !naming || !entries.length) return undefined;
  const since = addMonths(asOf.slice(0, 7), -24);
  const received = await loadReceivedKeys(tx, dialogueId, since, asOf.slice(0, 7));
  const due = dueReminders(entries, received, asOf, settings.reminderOffsets);
  const indicatorIds = new Map((await listIndicatorCodes(tx, dialogueId)).map((i) => [i.code, i.id]));
  let reminders = 0;
  let mails = 0;
  let newlyLate = 0;
  for (const [reporter, items] of groupBy(due, (d) => d.reporter)) {
    for (const provider of await findRecipients(tx, dialogueId, ['data_provider'], reporter)) {
      const fresh: { item: DueReminder; id: number }[] = [];
      for (const item of items) {
        const id = await recordSentReminder(tx, {
          dialogueId,
          userId: provider.id,
          reporter,
          indicatorId: indicatorIds.get(item.indicator)!,
          period: item.period,
          offset: item.offset,
        });
        if (id !== undefined) fresh.push({ item, id });
      }
      if (!fresh.length) continue;
      reminders += fresh.length;
      newlyLate += fresh.filter((f) => f.item.offset > 0).length;
      mails += await sendUserMessages(tx, [reminderMessage(naming, dialogueId, provider, reporter, fresh)]);
    }
  }
  // The digest goes out the day something falls late at an after-deadline offset (or a late reminder went out).
  const isDigestDay = newlyLate > 0 || due.some((d) => d.offset > 0 && d.daysFromDeadline === d.offset);
  let digests = 0;
  if (settings.isDigestEnabled && isDigestDay) {
    const late = lateStates(entries, received, asOf);
    for (const person of await findRecipients(tx, dialogueId, ['admin', 'data_manager'])) {
      const overdue = late.reduce((s, l) => s + l.overdue, 0);
      if (!(await recordDigest(tx, { dialogueId, userId: person.id, day: asOf, overdue }))) continue;
      digests++;
      const path = `/d/${naming.slug}/definitions`;
      const { lang, link } = mailContext(person, path);
      mails += await sendUserMessages(tx, [
        {
          userId: person.id,
          dialogueId,
          kind: 'calendar.digest',
          payload: { asOf, states: late.length, overdue },
          link: path,
          dedupeKey: `digest:${dialogueId}:${asOf}`,
          mail: digestMail({ dialogue: naming.nameIn(lang), asOf, states: late, link }, lang),
        },
      ]);
    }
  }
  return { reminders, digests, mails };
}

function reminderMessage(
  naming: DialogueNaming,
  dialogueId: number,
  provider: { id: number; locale: string; email: string; name: string },
  reporter: string,
  fresh: { item: DueReminder; id: number }[],
): UserMessage {
  const path = `/d/${naming.slug}/data`;
  const { lang, link } = mailContext(provider, path);
  const items = fresh.map(({ item }) => ({
    indicator: item.indicator,
    period: item.period,
    deadline: item.deadline,
    daysFromDeadline: item.daysFromDeadline,
  }));
  return {
    userId: provider.id,
    dialogueId,
    kind: 'calendar.reminder',
    payload: {
      reporter,
      count: items.length,
      items: items.slice(0, 20),
      isLate: items.some((i) => i.daysFromDeadline > 0),
    },
    link: path,
    // The first reminder recorded names this batch: a retried job writes it once, a later batch anew.
    dedupeKey: `reminder:${Math.min(...fresh.map((f) => f.id))}`,
    mail: reminderMail({ dialogue: naming.nameIn(lang), reporter, items, link }, lang),
  };
}

/** Per member state: how many (indicator, month) are overdue within the last 12 months, and the oldest. */
function lateStates(
  entries: Awaited<ReturnType<typeof loadReportingCalendar>>,
  received: ReadonlySet<string>,
  asOf: string,
) {
  const overdue = listOverdue(entries, received, asOf, { since: addMonths(asOf.slice(0, 7), -12) });
  return [...groupBy(overdue, (o) => o.reporter)]
    .map(([reporter, items]) => ({
      reporter,
      overdue: items.length,
      oldest: items.map((i) => i.period).sort()[0]!,
    }))
    .sort((a, b) => b.overdue - a.overdue || a.reporter.localeCompare(b.reporter));
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

// ---------- HTTP use cases ----------

/** GET …/reminders: reminders sent (the secretariat sees all, others those sent to them). */
export async function listReminders(ctx: Ctx, slug: string, q: RemindersQuery): Promise<ReminderList> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, remindersPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  const since = q.since ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    since,
    items: (await listSentReminders(db, d.id, { since, reporter: q.reporter, limit: q.limit })).map((r) => ({
      reporter: r.reporter,
      indicator: r.indicator,
      period: r.period,
      offset: r.offset_days,
      recipient: { id: r.user_id, name: r.user_name },
      sentAt: new Date(r.sent_at).toISOString(),
    })),
  }));
}

/**
 * POST …/reminders/run: sends today's reminders of the dialogue now (secretariat), instead of waiting for the
 * hourly run; idempotent. Runs as the database owner like the job, after the role check.
 */
export async function runDialogueReminders(ctx: Ctx, slug: string): Promise<ReminderRunView> {
  const { d } = await requireDialogueFor(
    ctx,
    slug,
    remindersPolicy.run,
    'Only the secretariat of the dialogue sends reminders',
  );
  return runReminders(ctx.db, { dialogueId: d.id });
}
