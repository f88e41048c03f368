/**
 * "Last confirmed": the job 'contacts.confirm' e-mails each entry that fell due (confirm_every_days after its
 * last confirmation, default a year) a one-click link to confirm it and a link to correct it. The confirm link
 * carries a signed, expiring token (src/domain/contacts/confirm-token.ts) naming the request; the public
 * confirm endpoint takes it as the only credential, so it runs as the database owner and checks the token
 * first. A contact may have no user account, so these e-mails are sent straight to the entry's address over
 * SMTP (PASSAGE_SMTP_URL), not through the users' outbox; the request row keeps no address, only the
 * outcome (a failed one is tried again after a day).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Queryable } from '../../db/connect';
import { confirmMail, mailLanguage } from '../../domain/contacts/confirm-mail';
import { signConfirmToken, tokenRequestId, verifyConfirmToken } from '../../domain/contacts/confirm-token';
import { type MailConfig, readMailConfig } from '../../shared/config';
import type { Ctx } from '../../shared/ctx';
import { AppError, Forbidden } from '../../shared/errors';
import { openSmtpTransport } from '../../shared/smtp-transport';
import { recordAudit } from '../audit/audit.service';
import { requireDialogue } from '../dialogues/dialogues.service';
import { isContactSecretariat } from './contacts.policy';
import type { ConfirmationView, RunResult } from './contacts.schema';
import {
  type ConfirmationRow,
  type ContactRow,
  findConfirmationRow,
  findContactRow,
  findSigningKeyRow,
  insertConfirmationRow,
  listDueRows,
  markConfirmationFailed,
  markContactConfirmed,
  signingKeyRow,
} from './contacts.sql';

export const CONTACTS_CONFIRM_JOB = 'contacts.confirm';
const DAY_MS = 86_400_000;

/** The web page a confirm link opens; the token rides in the fragment, which browsers never send to servers. */
export function confirmPath(token: string): string {
  return `/confirm-contact#${token}`;
}

/** Sends a confirmation request to every due entry (of one dialogue, or all); the counts. */
export async function sendConfirmationRequests(
  db: Db,
  opts: { dialogueId?: number; now?: Date; mail?: MailConfig; limit?: number; log?: FastifyBaseLogger } = {},
): Promise<RunResult> {
  const now = opts.now ?? new Date();
  const mail = opts.mail ?? readMailConfig();
  const due = await listDueRows(db, now, opts.dialogueId ?? null, opts.limit ?? 200);
  const result: RunResult = { requested: due.length, sent: 0, failed: 0 };
  if (!due.length) return result;
  const transport = mail.smtpUrl ? openSmtpTransport(mail.smtpUrl) : null;
  try {
    for (const c of due) {
      const key = await signingKeyRow(db, c.dialogue_id, randomBytes(32).toString('base64url'));
      const expiresAt = new Date(now.getTime() + c.link_days * DAY_MS);
      const requestId = await insertConfirmationRow(db, {
        contactId: c.id,
        dialogueId: c.dialogue_id,
        sentAt: now,
        expiresAt,
      });
      const token = signConfirmToken(key, { requestId, expiresAt });
      const base = mail.publicUrl ?? '';
      const lang = mailLanguage(c.languages);
      const text = confirmMail(
        {
          dialogue: c.dialogue_name,
          name: c.name,
          topic: c.topic,
          country: c.country_iso3,
          confirmLink: `${base}${confirmPath(token)}`,
          correctLink: `${base}/d/${c.slug}/contacts?contact=${c.id}`,
          expiresOn: expiresAt.toISOString().slice(0, 10),
        },
        lang,
      );
      try {
        if (!transport) throw new Error('SMTP is not configured: set PASSAGE_SMTP_URL');
        await transport.sendMail({
          from: mail.from,
          to: c.email,
          subject: text.subject,
          text: text.body,
          headers: { 'X-Passage-Message': 'contacts.confirm' },
        });
        result.sent++;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await markConfirmationFailed(db, requestId, message);
        result.failed++;
        opts.log?.warn({ contactId: c.id, error: message }, 'contact confirmation e-mail failed');
      }
    }
  } finally {
    transport?.close();
  }
  return result;
}

/** The job: every dialogue's due entries (scheduled hourly; idempotent, a request is sent once per cycle). */
export function runContactsConfirmJob(db: Db): Promise<RunResult> {
  return sendConfirmationRequests(db);
}

/** POST …/contacts/confirmations/run: the secretariat sends this dialogue's due requests now. */
export async function runConfirmationsNow(ctx: Ctx, slug: string): Promise<RunResult> {
  const d = await requireDialogue(ctx, slug);
  if (!isContactSecretariat(ctx.actor, d.id))
    throw new Forbidden('Only the secretariat sends confirmation requests');
  return sendConfirmationRequests(ctx.db, { dialogueId: d.id, log: ctx.log });
}

const invalidLink = () =>
  new AppError(
    'CONTACT_LINK_INVALID',
    400,
    'The confirmation link is not valid: use the whole link from the e-mail',
  );

/** The request and entry a token names, if the token is genuine and unexpired; throws a clear error otherwise. */
async function checkToken(db: Queryable, token: string, now: Date, forUpdate: boolean) {
  const id = tokenRequestId(token);
  const request = id === null ? undefined : await findConfirmationRow(db, id, forUpdate);
  const key = request && (await findSigningKeyRow(db, request.dialogue_id));
  if (!request || !key) throw invalidLink();
  const check = verifyConfirmToken(key, token, now);
  if (!check.ok && check.reason === 'expired')
    throw new AppError(
      'CONTACT_LINK_EXPIRED',
      410,
      `The confirmation link expired on ${tokenExpiry(token)}; the secretariat can send a new one`,
    );
  if (!check.ok) throw invalidLink();
  const contact = await findContactRow(db, request.dialogue_id, request.contact_id, forUpdate);
  if (!contact) throw invalidLink();
  return { request, contact, expiresAt: check.claims.expiresAt };
}

function tokenExpiry(token: string): string {
  const seconds = Number(token.split('.')[1]);
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function toConfirmationView(
  r: ConfirmationRow,
  c: ContactRow,
  expiresAt: Date,
  confirmedAt: Date | null,
): ConfirmationView {
  return {
    dialogue: r.dialogue_name,
    topic: c.topic,
    country: c.country_iso3,
    name: c.name,
    function: c.function,
    organisation: c.organisation,
    email: c.email,
    phone: c.phone,
    lastConfirmedAt: new Date(c.last_confirmed_at).toISOString(),
    expiresAt: expiresAt.toISOString(),
    confirmedAt: confirmedAt ? new Date(confirmedAt).toISOString() : null,
    correctPath: `/d/${r.slug}/contacts?contact=${c.id}`,
  };
}

/** POST /api/contact-confirmations/lookup: what the link would confirm (writes nothing). */
export async function lookupConfirmation(ctx: Ctx, token: string): Promise<ConfirmationView> {
  const { request, contact, expiresAt } = await checkToken(ctx.db, token, new Date(), false);
  return toConfirmationView(request, contact, expiresAt, request.confirmed_at);
}

/** POST /api/contact-confirmations/confirm: the entry is confirmed today (a second click changes nothing). */
export async function confirmContact(ctx: Ctx, token: string): Promise<ConfirmationView> {
  return ctx.db.transaction(async (tx) => {
    const { request, contact, expiresAt } = await checkToken(tx, token, new Date(), true);
    if (request.confirmed_at) return toConfirmationView(request, contact, expiresAt, request.confirmed_at);
    const at = await markContactConfirmed(tx, request.id, contact.id);
    await recordAudit(
      tx,
      null,
      'contact.confirm',
      { type: 'contact', id: contact.id, dialogueId: request.dialogue_id },
      { via: 'link', requestId: request.id },
      { ip: ctx.ip },
    );
    return toConfirmationView(
      request,
      { ...contact, last_confirmed_at: at, last_confirmed_by: 'contact' },
      expiresAt,
      at,
    );
  });
}
