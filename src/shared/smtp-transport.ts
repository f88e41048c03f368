/**
 * The one way Passage opens an SMTP connection (nodemailer, PASSAGE_SMTP_URL): invitations, the e-mail outbox,
 * alert e-mails and contact confirmations all use it, so the time-outs are the same everywhere: a mail server
 * that does not answer stalls a job for seconds, never for nodemailer's default of minutes.
 */
import nodemailer, { type Transporter } from 'nodemailer';

export type { Transporter };

export function openSmtpTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}
