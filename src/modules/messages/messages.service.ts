/**
 * Messages to users that are not alerts: reminders of the reporting calendar, the secretariat's digest, the
 * steps of the submission workflow. A message is an in-app notification (the bell; the web app words it from
 * `kind` and `payload`) and an e-mail in the recipient's language, queued in the outbox and sent by the job
 * 'messages.deliver' with retries. Each carries a dedupe key: writing the same message twice (a job retried
 * after a crash) adds nothing. Called by jobs (as the database owner), never in a request's transaction,
 * because a message is written for someone other than the caller. The outbox is listed for the secretariat.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { asMessageLanguage, type MailText, type MessageLanguage } from '../../domain/messages/message-text';
import { enqueue } from '../../jobs/queue';
import { allows } from '../../shared/access';
import { readMailConfig } from '../../shared/config';
import type { Ctx } from '../../shared/ctx';
import { NotFound } from '../../shared/errors';
import { requireDialogue } from '../dialogues/dialogues.service';
import { messagesPolicy } from './messages.policy';
import type { OutboxList, OutboxQuery } from './messages.schema';
import {
  findDialogueName,
  insertMessageNotification,
  insertOutboxEmail,
  listMemberUsers,
  listOutbox,
  listRecipients,
  type RecipientRow,
} from './messages.sql';

export const MAIL_DELIVER_JOB = 'messages.deliver';

export type { RecipientRow };

export interface UserMessage {
  userId: number;
  dialogueId: number;
  /** e.g. 'calendar.reminder', 'calendar.digest', 'submission.submitted'. */
  kind: string;
  /** What the web app needs to word the notification. */
  payload: Record<string, unknown>;
  /** Path in the web app, e.g. /d/demo/data. */
  link: string;
  /** Unique per user: the same key is written once. */
  dedupeKey: string;
  /** The e-mail, already worded in the recipient's language; omitted: in-app only. */
  mail?: MailText;
}

/** Writes the messages (in the caller's transaction); the number of e-mails newly queued. */
export async function sendUserMessages(db: Queryable, messages: readonly UserMessage[]): Promise<number> {
  let mails = 0;
  for (const m of messages) {
    const isNew = await insertMessageNotification(db, m);
    if (isNew && m.mail)
      if (await insertOutboxEmail(db, { ...m, subject: m.mail.subject, body: m.mail.body })) mails++;
  }
  if (mails > 0) await enqueueMailDelivery(db);
  return mails;
}

/** Queues a run of the mail sender (retries share one waiting job; an immediate run is always added). */
export async function enqueueMailDelivery(db: Queryable, delaySeconds = 0): Promise<void> {
  await enqueue(db, MAIL_DELIVER_JOB, {}, delaySeconds > 0 ? { singletonKey: 'retry', delaySeconds } : {});
}

/** Active members of the dialogue with one of the roles (and of the given state's organisations). */
export function findRecipients(
  db: Queryable,
  dialogueId: number,
  roles: readonly string[],
  country?: string,
): Promise<RecipientRow[]> {
  return listRecipients(db, dialogueId, roles, country);
}

/** Of these users, the active ones still members of the dialogue. */
export function findMemberUsers(
  db: Queryable,
  dialogueId: number,
  ids: readonly number[],
): Promise<RecipientRow[]> {
  return ids.length ? listMemberUsers(db, dialogueId, ids) : Promise.resolve([]);
}

export interface DialogueNaming {
  slug: string;
  /** The dialogue's name in a language (its own name when there is no translation). */
  nameIn(lang: MessageLanguage): string;
}

export async function dialogueNaming(db: Queryable, dialogueId: number): Promise<DialogueNaming | undefined> {
  const d = await findDialogueName(db, dialogueId);
  if (!d) return undefined;
  return { slug: d.slug, nameIn: (lang) => d.name_i18n?.[lang] || d.name };
}

/** The recipient's language and an absolute link for e-mails (PASSAGE_PUBLIC_URL + path). */
export function mailContext(r: RecipientRow, path: string): { lang: MessageLanguage; link: string } {
  return { lang: asMessageLanguage(r.locale), link: `${readMailConfig().publicUrl ?? ''}${path}` };
}

/**
 * GET …/messages/outbox: the dialogue's e-mails (reminders, digests, workflow) with their status and last
 * error; the secretariat sees all of them, other members their own (row-level security).
 */
export async function listOutboxEmails(ctx: Ctx, slug: string, q: OutboxQuery): Promise<OutboxList> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, messagesPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    items: (await listOutbox(db, d.id, q.status, q.limit)).map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      subject: e.subject,
      status: e.status,
      attempts: e.attempts,
      lastError: e.last_error,
      recipient: { id: e.user_id, name: e.user_name },
      createdAt: new Date(e.created_at).toISOString(),
      sentAt: e.sent_at ? new Date(e.sent_at).toISOString() : null,
    })),
  }));
}
