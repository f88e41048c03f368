/**
 * Sends invitation e-mails over SMTP (nodemailer, PASSAGE_SMTP_URL; src/server/config.ts). One connection for a
 * batch, one message after another; a failure is reported per message and never undoes the invitations (they
 * were committed before): the caller shows the links of the messages that did not go out.
 */
import { type MailConfig, readMailConfig } from '../../shared/config';
import { openSmtpTransport } from '../../shared/smtp-transport';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export type MailOutcome = 'sent' | 'failed' | 'not_configured';

export async function sendMails(
  mails: readonly OutgoingMail[],
  log: (msg: string, error?: unknown) => void = () => {},
  config: MailConfig = readMailConfig(),
): Promise<MailOutcome[]> {
  if (mails.length === 0) return [];
  if (!config.smtpUrl) return mails.map(() => 'not_configured');
  const transport = openSmtpTransport(config.smtpUrl);
  const outcomes: MailOutcome[] = [];
  try {
    for (const m of mails) {
      try {
        await transport.sendMail({ from: config.from, to: m.to, subject: m.subject, text: m.text });
        outcomes.push('sent');
      } catch (e) {
        log(`invitation e-mail to ${m.to} failed`, e);
        outcomes.push('failed');
      }
    }
  } finally {
    transport.close();
  }
  return outcomes;
}
