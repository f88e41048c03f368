/**
 * The consultations' background work, run by the job worker as the database owner (a request may not write
 * another user's notifications): 'consultations.notify' tells the delegations that a consultation opened
 * (queued by the 'consultation.opened' listener at the composition root, so it runs only if the opening
 * commits), and 'consultations.remind' (hourly) reminds the organisations that have not commented yet when
 * the deadline is PASSAGE_CONSULTATION_REMINDER_DAYS days away or less (default 3), once per deadline. Both
 * go through the notification centre's service (src/modules/messages: the bell), each message once (dedupe).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { enqueue } from '../../jobs/queue';
import type { ConsultationOpened } from '../../shared/events';
import { dialogueNaming, sendUserMessages } from '../messages/messages.service';
import {
  type ConsultationRow,
  findConsultationById,
  listCommentingOrganisations,
  listConsultationRecipients,
  listConsultationsDue,
} from './consultations.sql';

export const CONSULTATIONS_NOTIFY_JOB = 'consultations.notify';
export const CONSULTATIONS_REMIND_JOB = 'consultations.remind';

const NotifyPayload = z.object({ consultationId: z.number().int().positive() });

/** Listener of 'consultation.opened': queues the delegations' notifications in the opening transaction. */
export async function enqueueConsultationNotifications(e: ConsultationOpened, tx: Queryable): Promise<void> {
  await enqueue(tx, CONSULTATIONS_NOTIFY_JOB, { consultationId: e.consultationId });
}

/** Days before the deadline from which delegations that have not commented are reminded. */
export function consultationReminderDays(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PASSAGE_CONSULTATION_REMINDER_DAYS ?? 3);
  return Number.isInteger(n) && n > 0 && n <= 60 ? n : 3;
}

async function notify(db: Queryable, c: ConsultationRow, kind: string, onlyOrgIds?: readonly number[]) {
  const naming = await dialogueNaming(db, c.dialogue_id);
  if (!naming) return 0;
  const recipients = await listConsultationRecipients(db, c, onlyOrgIds);
  await sendUserMessages(
    db,
    recipients.map((r) => ({
      userId: r.id,
      dialogueId: c.dialogue_id,
      kind,
      payload: { consultationId: c.id, title: c.title, deadline: c.deadline },
      link: `/d/${naming.slug}/consultations/${c.id}`,
      dedupeKey: `${kind}:${c.id}:${c.deadline}`,
    })),
  );
  return recipients.length;
}

/** The job 'consultations.notify': one in-app notification per delegation member. */
export async function runConsultationNotifyJob(db: Db, payload: unknown): Promise<{ recipients: number }> {
  const { consultationId } = NotifyPayload.parse(payload);
  return db.transaction(async (tx) => {
    const c = await findConsultationById(tx, consultationId);
    if (c?.status !== 'open') return { recipients: 0 };
    return { recipients: await notify(tx, c, 'consultation.opened') };
  });
}

/** The job 'consultations.remind': before the deadline, reminds the organisations without a comment. */
export async function runConsultationRemindJob(
  db: Db,
  _payload?: unknown,
  now = new Date(),
): Promise<{ reminded: number }> {
  const today = now.toISOString().slice(0, 10);
  const until = new Date(now.getTime() + consultationReminderDays() * 86_400_000).toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    let reminded = 0;
    for (const c of await listConsultationsDue(tx, today, until)) {
      const commented = new Set(await listCommentingOrganisations(tx, c.id, c.current_version));
      const pending = [
        ...new Set((await listConsultationRecipients(tx, c)).map((r) => r.organisation_id)),
      ].filter((o) => !commented.has(o));
      if (pending.length) reminded += await notify(tx, c, 'consultation.reminder', pending);
    }
    return { reminded };
  });
}
