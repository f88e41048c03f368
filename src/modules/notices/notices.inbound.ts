/**
 * The inbound e-mail address of a dialogue's notices (`notices+<slug>@<PASSAGE_INBOUND_MAIL_DOMAIN>`): a message
 * from a member allowed to post notices becomes a DRAFT notice of that member (subject → title, text → summary,
 * the measure type from the subject, attachments that pass the attachment checks), and the member is told by
 * e-mail, through the notification centre, where to review and send it. Two doors, one parser (mailparser):
 * the SMTP listener (notices.inbound-smtp.ts, PASSAGE_INBOUND_SMTP_PORT) and POST /api/inbound-mail for a
 * relay (the shared secret PASSAGE_INBOUND_MAIL_SECRET in the `X-Passage-Inbound-Secret` header).
 *
 * Dropped, never a draft, each with an audit entry `notice.inbound_dropped` naming the reason (the sender's
 * domain and a hash of the address, not the address): no dialogue for the recipient, a forged sender
 * (checkSender in src/domain/notices/inbound-mail.ts: From ≠ envelope sender, or no DKIM/SPF pass from the
 * trusted relay when one is configured), an unknown or inactive sender, a sender who may not post notices
 * there, a message the notice checks refuse. A Message-ID seen before in the dialogue makes no second draft.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { MAX_ATTACHMENTS_PER_NOTICE } from '../../domain/notices/attachment-format';
import {
  checkSender,
  draftFromMail,
  type InboundMailConfig,
  inboundAddress,
  inboundDraftMail,
  readInboundMailConfig,
  slugOfRecipient,
} from '../../domain/notices/inbound-mail';
import { dayOf } from '../../domain/notices/notice-rules';
import { enqueue } from '../../jobs/queue';
import { allows } from '../../shared/access';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Invalid } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { isArchivedDialogue, requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { actorOfEmail } from '../identity/auth/auth.service';
import { dialogueNaming, findMemberUsers, mailContext, sendUserMessages } from '../messages/messages.service';
import { type CheckedAttachment, checkAttachment, storeAttachments } from './notices.attachments';
import type { InboundAddressView, InboundMailQuery, InboundMailResult } from './notices.attachments.schema';
import { findInboundMail, insertInboundMail } from './notices.attachments.sql';
import { noticesPolicy } from './notices.policy';
import { insertNewNotice } from './notices.service';

export const NOTICES_INBOUND_CONFIRM_JOB = 'notices.inbound_confirm';

/** What SMTP knew of the message (or what the relay tells): the envelope sender and recipients. */
export interface InboundEnvelope {
  mailFrom: string | null;
  rcptTo: readonly string[];
}

export type DropReason =
  | 'recipient_unknown'
  | 'from_missing'
  | 'from_multiple'
  | 'envelope_missing'
  | 'envelope_mismatch'
  | 'authentication_missing'
  | 'authentication_failed'
  | 'sender_unknown'
  | 'sender_not_allowed'
  | 'dialogue_archived'
  | 'notice_refused';

export type InboundOutcome =
  | ({ outcome: 'draft' | 'duplicate'; slug: string } & Omit<InboundMailResult, 'outcome'>)
  | { outcome: 'dropped'; slug: string | null; reason: DropReason; detail: string };

const addressesOf = (o: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(o) ? o : o ? [o] : []).flatMap((a) =>
    a.value.flatMap((v) => (v.group ? v.group.map((g) => g.address ?? '') : [v.address ?? ''])),
  );

/** The values of a header as written (unfolded), every occurrence. */
const headerValues = (m: ParsedMail, key: string): string[] =>
  m.headerLines
    .filter((h) => h.key === key)
    .map((h) =>
      h.line
        .slice(h.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );

const angle = (v: string) => /<([^>]*)>/.exec(v)?.[1] ?? v;

/** Parses a raw RFC 822 message; 400 when it is not one. */
export async function parseMessage(raw: Buffer): Promise<ParsedMail> {
  if (raw.length === 0) throw new Invalid([{ field: 'body', message: 'the message is empty' }]);
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  if (m.headerLines.length === 0)
    throw new Invalid([{ field: 'body', message: 'the body is not an RFC 822 message (no headers)' }]);
  return m;
}

/** For the audit log: the domain of an address and a hash of it (never the address itself). */
function senderTrace(address: string | undefined) {
  const a = (address ?? '').trim().toLowerCase();
  if (!a) return {};
  return {
    senderDomain: a.slice(a.lastIndexOf('@') + 1),
    senderHash: createHash('sha256').update(a).digest('hex').slice(0, 16),
  };
}

interface Deps {
  db: Db;
  log: FastifyBaseLogger;
  config?: InboundMailConfig;
  ip?: string | null;
}

async function dropped(
  deps: Deps,
  actor: Actor | null,
  slug: string | null,
  dialogueId: number | null,
  reason: DropReason,
  detail: string,
  m: ParsedMail,
  from: string | undefined,
): Promise<InboundOutcome> {
  await deps.db.transaction((tx) =>
    recordAudit(
      tx,
      actor,
      'notice.inbound_dropped',
      dialogueId === null ? { type: 'inbound_mail' } : { type: 'inbound_mail', dialogueId },
      { reason, detail, slug, messageId: m.messageId ?? null, ...senderTrace(from) },
      { ip: deps.ip ?? null },
    ),
  );
  deps.log.warn({ reason, slug, messageId: m.messageId }, 'inbound e-mail dropped');
  return { outcome: 'dropped', slug, reason, detail };
}

/**
 * One message to one dialogue's address: a draft notice of its sender, or dropped (audited). The message is
 * parsed already (parseMessage); `slug` comes from the recipient.
 */
async function receiveForDialogue(
  deps: Deps,
  cfg: InboundMailConfig,
  m: ParsedMail,
  envelope: InboundEnvelope,
  slug: string,
): Promise<InboundOutcome> {
  const from = addressesOf(m.from);
  const sender = checkSender({
    from,
    envelopeFrom: envelope.mailFrom,
    authenticationResults: headerValues(m, 'authentication-results'),
    trustedAuthservId: cfg.trustedAuthservId,
  });
  if (!sender.ok) return dropped(deps, null, slug, null, sender.reason, sender.detail, m, from[0]);
  const actor = await actorOfEmail(deps.db, sender.address);
  const ctx: Ctx = { db: deps.db, actor, log: deps.log, ip: deps.ip ?? null };
  const d = actor ? await requireDialogue(ctx, slug).catch(() => null) : null;
  if (!actor || !d)
    return dropped(
      deps,
      null,
      slug,
      null,
      'sender_unknown',
      'no member of this dialogue has this address',
      m,
      sender.address,
    );
  if (!allows(actor, noticesPolicy.create, { dialogueId: d.id }))
    return dropped(
      deps,
      actor,
      slug,
      d.id,
      'sender_not_allowed',
      'the sender may not post notices in this dialogue',
      m,
      sender.address,
    );

  if (await isArchivedDialogue(deps.db, d.id))
    return dropped(
      deps,
      actor,
      slug,
      d.id,
      'dialogue_archived',
      'the dialogue is archived (read-only)',
      m,
      sender.address,
    );
  const draft = draftFromMail({
    subject: m.subject ?? '',
    text: m.text ?? (m.html ? m.html.replace(/<[^>]*>/g, ' ') : ''),
    receivedOn: dayOf(new Date()),
  });
  const files: CheckedAttachment[] = [];
  const refused: { fileName: string; reason: string }[] = [];
  for (const a of m.attachments) {
    if (a.related) continue; // an image of the HTML body (a logo in a signature), not an attachment
    if (files.length >= MAX_ATTACHMENTS_PER_NOTICE) {
      refused.push({
        fileName: a.filename ?? 'attachment',
        reason: `a notice has at most ${MAX_ATTACHMENTS_PER_NOTICE} attachments`,
      });
      continue;
    }
    try {
      files.push(await checkAttachment(a.content, a.filename));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refused.push({ fileName: a.filename ?? 'attachment', reason: e.message });
    }
  }
  const messageId = (m.messageId ?? '').trim().slice(0, 998);
  try {
    return await withActor(deps.db, actor, async (tx) => {
      if (messageId) {
        const before = await findInboundMail(tx, d.id, messageId);
        if (before !== undefined)
          return { outcome: 'duplicate', slug, noticeId: before, attachments: 0, refusedAttachments: [] };
      }
      const n = await insertNewNotice(
        tx,
        actor,
        d,
        {
          title: draft.title,
          measureType: draft.measureType,
          summary: draft.summary,
          stage: 'planned',
          ...(draft.state && noticesPolicy.notifiesForAnyState(actor, { dialogueId: d.id })
            ? { state: draft.state }
            : {}),
        },
        deps.ip,
      );
      await storeAttachments(tx, actor, n, 1, files);
      if (
        messageId &&
        !(await insertInboundMail(tx, { dialogueId: d.id, messageId, noticeId: n.id, userId: actor.userId }))
      )
        throw new AppError('CONFLICT', 409, `The message ${messageId} became a draft already`);
      await recordAudit(
        tx,
        actor,
        'notice.inbound',
        { type: 'notice', id: n.id, dialogueId: d.id },
        { messageId: messageId || null, attachments: files.length, refusedAttachments: refused.length },
        { ip: deps.ip ?? null },
      );
      await enqueue(tx, NOTICES_INBOUND_CONFIRM_JOB, {
        noticeId: n.id,
        dialogueId: d.id,
        userId: actor.userId,
        title: n.title,
        attachments: files.length,
        refused,
      });
      return {
        outcome: 'draft',
        slug,
        noticeId: n.id,
        attachments: files.length,
        refusedAttachments: refused,
      };
    });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    // The notice's own checks (a secretariat sender who named no member state, …): nothing was written.
    return dropped(deps, actor, slug, d.id, 'notice_refused', e.message, m, sender.address);
  }
}

/**
 * A message as received: one outcome per dialogue it is addressed to (envelope recipients first, else the
 * Delivered-To, X-Original-To, To and Cc headers). None of them a dialogue's address: dropped.
 */
export async function receiveInboundMail(
  deps: Deps,
  m: ParsedMail,
  envelope: InboundEnvelope,
): Promise<InboundOutcome[]> {
  const cfg = deps.config ?? readInboundMailConfig();
  const candidates = envelope.rcptTo.length
    ? envelope.rcptTo
    : [
        ...headerValues(m, 'delivered-to').map(angle),
        ...headerValues(m, 'x-original-to').map(angle),
        ...addressesOf(m.to),
        ...addressesOf(m.cc),
      ];
  const slugs = [...new Set(candidates.map((a) => slugOfRecipient(a, cfg)).filter((s) => s !== null))];
  if (slugs.length === 0) {
    const from = addressesOf(m.from)[0];
    return [
      await dropped(
        deps,
        null,
        null,
        null,
        'recipient_unknown',
        'the message is not addressed to a dialogue',
        m,
        from,
      ),
    ];
  }
  const outcomes: InboundOutcome[] = [];
  for (const slug of slugs) outcomes.push(await receiveForDialogue(deps, cfg, m, envelope, slug));
  return outcomes;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

/** Whether the relay's header holds the shared secret (compared in constant time). */
function secretMatches(given: string | undefined, secret: string): boolean {
  return given !== undefined && timingSafeEqual(sha(given), sha(secret));
}

/** 404 when inbound e-mail is off (no secret or no domain), 401 without the right secret. */
export function checkRelaySecret(secretHeader: string | undefined, config: InboundMailConfig): void {
  if (!config.secret || !config.domain)
    throw new AppError(
      'INBOUND_MAIL_DISABLED',
      404,
      'Inbound e-mail is not enabled: set PASSAGE_INBOUND_MAIL_DOMAIN and PASSAGE_INBOUND_MAIL_SECRET',
    );
  if (!secretMatches(secretHeader, config.secret))
    throw new AppError(
      'INBOUND_MAIL_SECRET',
      401,
      'The X-Passage-Inbound-Secret header does not hold the inbound e-mail secret',
    );
}

/**
 * POST /api/inbound-mail: a relay forwards one raw message (after checkRelaySecret). 400 for a body that is not
 * a message, 422 INBOUND_MAIL_REFUSED when the message is dropped (the reason in `reason`; audited), else the
 * draft (or the draft the same Message-ID made before).
 */
export async function receiveRelayedMail(
  ctx: Ctx,
  secretHeader: string | undefined,
  q: InboundMailQuery,
  raw: Buffer,
  config: InboundMailConfig = readInboundMailConfig(),
): Promise<InboundMailResult> {
  checkRelaySecret(secretHeader, config);
  const m = await parseMessage(raw);
  const returnPath = headerValues(m, 'return-path').map(angle)[0];
  const [o] = await receiveInboundMail({ db: ctx.db, log: ctx.log, config, ip: ctx.ip ?? null }, m, {
    mailFrom: q.envelopeFrom ?? returnPath ?? null,
    rcptTo: q.recipient ? [q.recipient] : [],
  });
  if (!o || o.outcome === 'dropped')
    throw new AppError(
      'INBOUND_MAIL_REFUSED',
      422,
      `The message was dropped (${o?.reason ?? 'recipient_unknown'}: ${o?.detail ?? ''}); no draft was made`,
      { reason: o?.reason ?? 'recipient_unknown' },
    );
  return {
    outcome: o.outcome,
    noticeId: o.noticeId,
    attachments: o.attachments,
    refusedAttachments: o.refusedAttachments,
  };
}

/** GET …/notices/inbound-address: the address to write to, for those who may post notices. */
export async function getInboundAddress(ctx: Ctx, slug: string): Promise<InboundAddressView> {
  const { d } = await requireDialogueFor(ctx, slug, noticesPolicy.create, 'You may not post notices');
  return { address: inboundAddress(d.slug, readInboundMailConfig()) };
}

const ConfirmPayload = z.object({
  noticeId: z.number().int().positive(),
  dialogueId: z.number().int().positive(),
  userId: z.number().int().positive(),
  title: z.string(),
  attachments: z.number().int().min(0),
  refused: z.array(z.object({ fileName: z.string(), reason: z.string() })),
});

/**
 * The job 'notices.inbound_confirm' (as the database owner, after the draft committed): the sender hears, in the
 * bell and by e-mail in their language, where to review and send the draft; written once (dedupe key).
 */
export async function runInboundConfirmJob(db: Db, payload: unknown): Promise<{ mails: number }> {
  const p = ConfirmPayload.parse(payload);
  return db.transaction(async (tx: Queryable) => {
    const naming = await dialogueNaming(tx, p.dialogueId);
    const [user] = await findMemberUsers(tx, p.dialogueId, [p.userId]);
    if (!naming || !user) return { mails: 0 };
    const path = `/d/${naming.slug}/notices/${p.noticeId}`;
    const { lang, link } = mailContext(user, path);
    const mails = await sendUserMessages(tx, [
      {
        userId: user.id,
        dialogueId: p.dialogueId,
        kind: 'notice.inbound_draft',
        payload: {
          noticeId: p.noticeId,
          title: p.title,
          attachments: p.attachments,
          refused: p.refused.length,
        },
        link: path,
        dedupeKey: `notice.inbound_draft:${p.noticeId}`,
        mail: inboundDraftMail(
          {
            dialogue: naming.nameIn(lang),
            title: p.title,
            link,
            attachments: p.attachments,
            refused: p.refused,
          },
          lang,
        ),
      },
    ]);
    return { mails };
  });
}
