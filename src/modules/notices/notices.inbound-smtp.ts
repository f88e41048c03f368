/**
 * The SMTP listener of the inbound e-mail address (smtp-server), started by the server when
 * PASSAGE_INBOUND_SMTP_PORT is set (off by default), bound to PASSAGE_INBOUND_SMTP_HOST (default 127.0.0.1: a
 * relay on the same machine, which does TLS, spam filtering and DKIM/SPF checks, and adds the
 * Authentication-Results header PASSAGE_INBOUND_AUTHSERV_ID names). No AUTH and no STARTTLS here. A recipient
 * that is no dialogue's address is refused at RCPT TO (550 5.1.1); a message larger than
 * PASSAGE_INBOUND_MAIL_MAX_BYTES at DATA (552); a message that is dropped (notices.inbound.ts: forged,
 * unknown or not allowed sender) answers 550 5.7.1 without saying which check failed (the audit log says);
 * a draft answers 250.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../db/connect';
import { type InboundMailConfig, slugOfRecipient } from '../../domain/notices/inbound-mail';
import { AppError } from '../../shared/errors';
import { clearCachesAfterWrite } from '../../shared/ttl-cache';
import { type InboundOutcome, parseMessage, receiveInboundMail } from './notices.inbound';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startInboundSmtp(
  db: Db,
  log: FastifyBaseLogger,
  config: InboundMailConfig,
  opts: { port?: number; onOutcome?: (o: InboundOutcome[]) => void } = {},
): Promise<InboundSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: config.maxBytes,
    logger: false,
    banner: 'Passage inbound notices',
    onRcptTo(address, _session, callback) {
      if (slugOfRecipient(address.address, config)) callback();
      else callback(smtpError(550, '5.1.1 No such notices address here'));
    },
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 The message is larger than ${config.maxBytes} bytes`));
          return;
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        parseMessage(Buffer.concat(parts))
          .then((m) => receiveInboundMail({ db, log, config, ip: session.remoteAddress }, m, envelope))
          .then(async (outcomes) => {
            // A draft notice was written outside any HTTP write: forget cached answers, as after a write request.
            if (outcomes.some((o) => o.outcome !== 'dropped')) await clearCachesAfterWrite();
            opts.onOutcome?.(outcomes);
            if (outcomes.some((o) => o.outcome !== 'dropped')) callback();
            else callback(smtpError(550, '5.7.1 The message was not accepted'));
          })
          .catch((e: unknown) => {
            if (e instanceof AppError) callback(smtpError(550, `5.6.0 ${e.message}`));
            else {
              log.error({ err: e }, 'inbound e-mail failed');
              callback(smtpError(451, '4.3.0 Try again later'));
            }
          });
      });
    },
  });
  server.on('error', (e) => log.error({ err: e }, 'inbound SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? config.smtpPort ?? 0, config.smtpHost, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port; // listening on TCP: an AddressInfo
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
