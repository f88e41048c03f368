/**
 * Sends the e-mail outbox (SMTP via nodemailer, PASSAGE_SMTP_URL), run by the job 'messages.deliver': each due
 * e-mail is claimed with a lease, sent, and marked sent, or given a next attempt with backoff (30 s, 2 min,
 * 8 min, 32 min, ~2 h, ~8.5 h) and marked failed after MAX_ATTEMPTS; the error is kept. The in-app
 * notification was written with it, so a broken mail server never loses the message.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/connect';
import { type MailConfig, readMailConfig } from '../../shared/config';
import { openSmtpTransport, type Transporter } from '../../shared/smtp-transport';
import { claimDueEmails, markEmailFailed, markEmailSent, nextDueEmail, type OutboxRow } from './messages.sql';

export const MAX_ATTEMPTS = 6;

export function retryDelayMs(attempts: number): number {
  return 30_000 * 4 ** Math.max(0, attempts - 1);
}

export interface MailRun {
  sent: number;
  retried: number;
  failed: number;
  nextDueAt: Date | null;
}

async function sendOne(mail: MailConfig, transport: Transporter, e: OutboxRow): Promise<void> {
  if (!e.is_active) throw new Error('The account is deactivated');
  await transport.sendMail({
    from: mail.from,
    to: e.email,
    subject: e.subject,
    text: e.body,
    headers: { 'X-Passage-Message': e.kind },
  });
}

/** Sends every due e-mail (claiming at most `limit`), recording each outcome. */
export async function processDueEmails(
  db: Db,
  opts: { now?: Date; mail?: MailConfig; limit?: number; log?: FastifyBaseLogger } = {},
): Promise<MailRun> {
  const now = opts.now ?? new Date();
  const mail = opts.mail ?? readMailConfig();
  const claimed = await db.transaction((tx) => claimDueEmails(tx, now, opts.limit ?? 50));
  const run: MailRun = { sent: 0, retried: 0, failed: 0, nextDueAt: null };
  const transport = mail.smtpUrl ? openSmtpTransport(mail.smtpUrl) : null;
  try {
    for (const e of claimed) {
      try {
        if (!transport) throw new Error('SMTP is not configured: set PASSAGE_SMTP_URL');
        await sendOne(mail, transport, e);
        await markEmailSent(db, e.id, new Date());
        run.sent++;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const giveUp = e.attempts >= MAX_ATTEMPTS;
        await markEmailFailed(
          db,
          e.id,
          message,
          giveUp ? null : new Date(now.getTime() + retryDelayMs(e.attempts)),
        );
        if (giveUp) run.failed++;
        else run.retried++;
        opts.log?.warn(
          { emailId: e.id, kind: e.kind, attempts: e.attempts, error: message },
          'e-mail failed',
        );
      }
    }
  } finally {
    transport?.close();
  }
  run.nextDueAt = await nextDueEmail(db);
  return run;
}
