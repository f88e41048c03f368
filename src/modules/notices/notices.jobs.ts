/**
 * The notices' background work, run by the job worker as the database owner (a request may not write another
 * user's notifications, row-level security): 'notices.notify' tells the dialogue's members outside the
 * notifying side that a notice was sent (queued by the 'notice.sent' listener at the composition root, so it
 * runs only if the sending commits), and 'notices.remind' (hourly) reminds the organisations that have not
 * acknowledged a notice after PASSAGE_NOTICE_REMINDER_DAYS days (default 7). Both go through the notification
 * centre's service (src/modules/messages: the bell), each message written once (dedupe keys).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { acknowledgementStatus } from '../../domain/notices/notice-rules';
import { enqueue } from '../../jobs/queue';
import type { NoticeSent } from '../../shared/events';
import { dialogueNaming, sendUserMessages } from '../messages/messages.service';
import {
  findNoticeById,
  listAcknowledgements,
  listMemberStateOrganisations,
  listNoticeRecipients,
  listNoticesToChase,
  type NoticeRow,
} from './notices.sql';

export const NOTICES_NOTIFY_JOB = 'notices.notify';
export const NOTICES_REMIND_JOB = 'notices.remind';

const NotifyPayload = z.object({ noticeId: z.number().int().positive() });

/** Listener of 'notice.sent': queues the members' notifications in the sending transaction. */
export async function enqueueNoticeNotifications(e: NoticeSent, tx: Queryable): Promise<void> {
  await enqueue(tx, NOTICES_NOTIFY_JOB, { noticeId: e.noticeId });
}

/** Days after sending before organisations that have not acknowledged are reminded. */
export function reminderDays(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PASSAGE_NOTICE_REMINDER_DAYS ?? 7);
  return Number.isInteger(n) && n > 0 && n <= 365 ? n : 7;
}

const payloadOf = (n: NoticeRow) => ({
  noticeId: n.id,
  title: n.title,
  state: n.state_iso3,
  measureType: n.measure_type,
  commentsUntil: n.comments_until,
});

async function notify(db: Queryable, n: NoticeRow, kind: string, onlyOrgIds?: readonly number[]) {
  const naming = await dialogueNaming(db, n.dialogue_id);
  if (!naming) return 0;
  const ref = { originatorOrgId: n.originator_org_id, stateIso3: n.state_iso3 };
  const recipients = await listNoticeRecipients(db, n.dialogue_id, ref, onlyOrgIds);
  const link = `/d/${naming.slug}/notices/${n.id}`;
  await sendUserMessages(
    db,
    recipients.map((r) => ({
      userId: r.id,
      dialogueId: n.dialogue_id,
      kind,
      payload: payloadOf(n),
      link,
      dedupeKey: `${kind}:${n.id}`,
    })),
  );
  return recipients.length;
}

/** The job 'notices.notify': one in-app notification per member outside the notifying side. */
export async function runNoticeNotifyJob(db: Db, payload: unknown): Promise<{ recipients: number }> {
  const { noticeId } = NotifyPayload.parse(payload);
  return db.transaction(async (tx) => {
    const n = await findNoticeById(tx, noticeId);
    if (n?.status !== 'sent') return { recipients: 0 };
    return { recipients: await notify(tx, n, 'notice.sent') };
  });
}

/** The job 'notices.remind': reminds, once per notice, the organisations that have not acknowledged. */
export async function runNoticeRemindJob(
  db: Db,
  _payload?: unknown,
  now = new Date(),
): Promise<{ reminded: number }> {
  const before = new Date(now.getTime() - reminderDays() * 86_400_000);
  return db.transaction(async (tx) => {
    let reminded = 0;
    for (const n of await listNoticesToChase(tx, before)) {
      const org = (o: { id: number; name: string; country_iso3: string | null }) => ({
        id: o.id,
        name: o.name,
        countryIso3: o.country_iso3,
      });
      const { pending } = acknowledgementStatus(
        (await listMemberStateOrganisations(tx, n.dialogue_id)).map(org),
        (await listAcknowledgements(tx, n.id)).map((a) => ({ ...org(a), at: '' })),
        { originatorOrgId: n.originator_org_id, stateIso3: n.state_iso3 },
      );
      if (pending.length)
        reminded += await notify(
          tx,
          n,
          'notice.reminder',
          pending.map((o) => o.id),
        );
    }
    return { reminded };
  });
}
