/**
 * Delivery of alerts by e-mail (SMTP via nodemailer, PASSAGE_SMTP_URL) and signed webhooks, run by the job
 * 'alerts.deliver' (or directly: processDueDeliveries). Each delivery is claimed with a lease, tried, and then
 * marked sent, or given a next attempt with exponential backoff (30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h);
 * after MAX_ATTEMPTS it is marked failed. Every error is recorded on the delivery (GET …/alerts/deliveries).
 * The alert itself was stored before, so a broken channel never loses it.
 *
 * Webhooks: POST of a JSON body with
 *   X-Passage-Timestamp: <unix seconds>
 *   X-Passage-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the subscription's secret>
 *   X-Passage-Delivery: <delivery id>
 * Receivers check the signature (verifyWebhookSignature) and refuse timestamps older than 5 minutes (replay).
 *
 * Webhooks go out only through the outbound rule (src/shared/outbound-url.ts, outbound-request.ts): https,
 * public addresses unless allow-listed, the address actually connected checked, no redirects followed. The
 * delivery records only a generic error (refused / unreachable / the HTTP status), never the network detail,
 * which goes to the server log: the delivery list must not tell anyone which internal ports are open.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/connect';
import { asLanguage, summariseAlert } from '../../domain/alerts/alert-text';
import { type MailConfig, readMailConfig } from '../../shared/config';
import { OutboundUnreachable, sendOutbound } from '../../shared/outbound-request';
import { type OutboundPolicy, OutboundRefused, readOutboundPolicy } from '../../shared/outbound-url';
import { openSmtpTransport } from '../../shared/smtp-transport';
import {
  type AlertPayloadRow,
  claimDueDeliveries,
  type DeliveryRow,
  loadAlertPayload,
  markDeliveryFailed,
  markDeliverySent,
  nextDueDelivery,
} from './alerts.sql';

export const MAX_ATTEMPTS = 6;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Backoff after the n-th failed attempt (n ≥ 1): 30 s × 4^(n-1). */
export function retryDelayMs(attempts: number): number {
  return 30_000 * 4 ** Math.max(0, attempts - 1);
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): is the signature right and the timestamp recent (default ±300 s)? */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  if (Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function alertLink(mail: MailConfig, slug: string): string {
  return `${mail.publicUrl ?? ''}/d/${slug}/alerts`;
}

async function sendEmail(mail: MailConfig, d: DeliveryRow, a: AlertPayloadRow): Promise<void> {
  if (!mail.smtpUrl) throw new Error('SMTP is not configured: set PASSAGE_SMTP_URL');
  const lang = asLanguage(d.user_locale);
  const text = summariseAlert(
    {
      kind: a.kind,
      ruleName: a.rule_name,
      indicator: a.indicator,
      route: a.route,
      seriesKey: a.series_key,
      period: a.period,
      value: a.value,
      reference: a.reference,
      details: a.details,
    },
    lang,
  );
  const transport = openSmtpTransport(mail.smtpUrl);
  try {
    await transport.sendMail({
      from: mail.from,
      to: d.user_email,
      subject: text.subject,
      text: `${text.summary}\n\n${text.openLabel}: ${alertLink(mail, a.dialogue_slug)}\n`,
      headers: { 'X-Passage-Alert': String(a.id) },
    });
  } finally {
    transport.close();
  }
}

export function webhookBody(d: DeliveryRow, a: AlertPayloadRow, mail: MailConfig): string {
  return JSON.stringify({
    type: 'alert',
    deliveryId: d.id,
    alert: {
      id: a.id,
      dialogue: a.dialogue_slug,
      rule: { id: a.rule_id, name: a.rule_name },
      kind: a.kind,
      indicator: a.indicator,
      route: a.route,
      citizenship: a.citizenship === '_T' ? null : a.citizenship,
      seriesKey: a.series_key,
      period: a.period,
      value: a.value,
      reference: a.reference,
      details: a.details,
      classification: a.classification,
      createdAt: new Date(a.created_at).toISOString(),
      url: alertLink(mail, a.dialogue_slug),
    },
  });
}

/** A delivery failure whose message is safe to store and show; `detail` is for the server log only. */
class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const WEBHOOK_REFUSED =
  'The webhook address is not allowed: it must use https and resolve to a public internet address';
export const WEBHOOK_UNREACHABLE = 'The webhook could not be reached (no connection or no answer in time)';

async function sendWebhook(
  d: DeliveryRow,
  a: AlertPayloadRow,
  mail: MailConfig,
  now: Date,
  policy: OutboundPolicy,
): Promise<void> {
  if (!d.webhook_url || !d.webhook_secret) throw new Error('The subscription has no webhook URL or secret');
  const body = webhookBody(d, a, mail);
  const timestamp = Math.floor(now.getTime() / 1000);
  let status: number;
  try {
    ({ status } = await sendOutbound(d.webhook_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Passage-Webhook/1',
        'x-passage-timestamp': String(timestamp),
        'x-passage-signature': signWebhook(d.webhook_secret, timestamp, body),
        'x-passage-delivery': String(d.id),
      },
      body,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      policy,
    }));
  } catch (e) {
    if (e instanceof OutboundRefused) throw new DeliveryFailure(WEBHOOK_REFUSED, e.detail);
    if (e instanceof OutboundUnreachable) throw new DeliveryFailure(WEBHOOK_UNREACHABLE, e.detail);
    throw e;
  }
  if (status >= 300 && status < 400)
    throw new DeliveryFailure(`The webhook answered HTTP ${status} (redirects are not followed)`);
  if (status < 200 || status >= 300) throw new DeliveryFailure(`The webhook answered HTTP ${status}`);
}

export interface DeliveryRun {
  sent: number;
  retried: number;
  failed: number;
  /** When the earliest pending delivery is due (to schedule the next run), or null. */
  nextDueAt: Date | null;
}

/** Sends every due delivery (claiming at most `limit`); records each outcome. */
export async function processDueDeliveries(
  db: Db,
  opts: {
    now?: Date;
    mail?: MailConfig;
    limit?: number;
    log?: FastifyBaseLogger;
    /** Default: PASSAGE_OUTBOUND_HTTP / PASSAGE_OUTBOUND_ALLOW from the environment. */
    outbound?: OutboundPolicy;
  } = {},
): Promise<DeliveryRun> {
  const now = opts.now ?? new Date();
  const mail = opts.mail ?? readMailConfig();
  const outbound = opts.outbound ?? readOutboundPolicy();
  const claimed = await db.transaction((tx) => claimDueDeliveries(tx, now, opts.limit ?? 50));
  const run: DeliveryRun = { sent: 0, retried: 0, failed: 0, nextDueAt: null };
  for (const d of claimed) {
    try {
      const alert = await loadAlertPayload(db, d.alert_id);
      if (!alert) throw new Error(`Alert ${d.alert_id} no longer exists`);
      if (d.channel === 'email') await sendEmail(mail, d, alert);
      else await sendWebhook(d, alert, mail, now, outbound);
      await markDeliverySent(db, d.id, new Date());
      run.sent++;
    } catch (e) {
      const message =
        e instanceof DeliveryFailure
          ? e.message
          : d.channel === 'webhook'
            ? 'The webhook could not be delivered'
            : e instanceof Error
              ? `${e.message}${causeOf(e)}`
              : String(e);
      const giveUp = d.attempts >= MAX_ATTEMPTS;
      const next = giveUp ? null : new Date(now.getTime() + retryDelayMs(d.attempts));
      await markDeliveryFailed(db, d.id, message, next);
      if (giveUp) run.failed++;
      else run.retried++;
      opts.log?.warn(
        {
          deliveryId: d.id,
          channel: d.channel,
          attempts: d.attempts,
          error: message,
          detail: e instanceof DeliveryFailure ? e.detail : e instanceof Error ? e.message : String(e),
        },
        'alert delivery failed',
      );
    }
  }
  run.nextDueAt = await nextDueDelivery(db);
  return run;
}

function causeOf(e: Error): string {
  const cause = (e as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
