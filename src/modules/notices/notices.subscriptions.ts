/**
 * Saved notice filters as subscriptions (issue 15: "anyone can subscribe to the fields they care about", as
 * TRIS and ePing do): a member saves the feed's filter under a name with a delivery — the bell, an e-mail at
 * once, a daily or weekly e-mail digest, or a signed webhook — and manages them (list, change as a new
 * revision, delete). When a notice is sent ('notice.sent', wired at the composition root) the job
 * 'notices.match' records a hit for every subscription whose filter it matches and whose owner may see it
 * (src/shared/visibility.ts canSee, with the owner's roles: never a notice the owner may not read), and
 * delivers it once through the notification centre (src/modules/messages: bell and e-mail outbox) or as a
 * webhook (job 'notices.webhook', signed as alerts' webhooks, through the outbound rule). The job
 * 'notices.digest' (hourly) e-mails each due digest subscriber the new matching notices since the last one,
 * once, in their language.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { asMessageLanguage } from '../../domain/messages/message-text';
import {
  type MailNotice,
  subscriptionDigestMail,
  subscriptionNoticeMail,
} from '../../domain/notices/notice-mail';
import { isDigest, isDigestDue, matchesFilter } from '../../domain/notices/subscription-filter';
import { enqueue } from '../../jobs/queue';
import type { Actor } from '../../shared/actor';
import { readMailConfig } from '../../shared/config';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import type { NoticeSent } from '../../shared/events';
import { OutboundUnreachable, sendOutbound } from '../../shared/outbound-request';
import { OutboundRefused, readOutboundPolicy, resolveOutboundUrl } from '../../shared/outbound-url';
import { canSee } from '../../shared/visibility';
import { signWebhook } from '../alerts/alerts.deliver';
import { recordAudit } from '../audit/audit.service';
import { type DialogueRef, requireDialogueFor } from '../dialogues/dialogues.service';
import { dialogueNaming, sendUserMessages } from '../messages/messages.service';
import { listRouteDefinitions } from '../migratory-routes/migratory-routes.service';
import { listCountries } from '../reference/reference.service';
import { findNoticeById, type NoticeRow } from './notices.sql';
import { noticeSubscriptionsPolicy } from './notices.subscriptions.policy';
import type {
  SavedFilter,
  SubscriptionCreateBody,
  SubscriptionList,
  SubscriptionUpdateBody,
  SubscriptionView,
} from './notices.subscriptions.schema';
import {
  deleteSubscription,
  findSubscriber,
  findSubscriptionOf,
  insertHit,
  insertSubscription,
  listDialogueSubscribers,
  listDigestSubscribers,
  listSubscriptionsOf,
  listUndigestedHits,
  markDigested,
  recordWebhookResult,
  type SubscriberRow,
  type SubscriptionFields,
  type SubscriptionRow,
  updateSubscription,
} from './notices.subscriptions.sql';

export const NOTICES_MATCH_JOB = 'notices.match';
export const NOTICES_DIGEST_JOB = 'notices.digest';
export const NOTICES_WEBHOOK_JOB = 'notices.webhook';

const iso = (v: Date | string) => new Date(v).toISOString();

function toView(s: SubscriptionRow): SubscriptionView {
  return {
    id: s.id,
    revision: s.revision,
    name: s.name,
    filter: s.filter,
    delivery: s.delivery,
    webhookUrl: s.webhook_url,
    lastDigestAt: s.last_digest_at ? iso(s.last_digest_at) : null,
    lastWebhookAt: s.last_webhook_at ? iso(s.last_webhook_at) : null,
    lastWebhookError: s.last_webhook_error,
    matched: s.matched,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
  };
}

const door = (ctx: Ctx, slug: string) =>
  requireDialogueFor(ctx, slug, noticeSubscriptionsPolicy.subscribe, 'You may not subscribe to notices');

/** GET …/notices/subscriptions: the caller's own subscriptions in the dialogue. */
export async function listNoticeSubscriptions(ctx: Ctx, slug: string): Promise<SubscriptionList> {
  const { d, actor } = await door(ctx, slug);
  return withActor(ctx.db, actor, async (db) => ({
    items: (await listSubscriptionsOf(db, actor.userId, d.id)).map(toView),
  }));
}

/** Known countries and routes of the dialogue in the filter (the schema checked the vocabularies). */
async function checkFilter(db: Queryable, d: DialogueRef, f: SavedFilter): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (f.country && !listCountries().some((c) => c.iso3 === f.country))
    errors.push({ field: 'body.filter.country', message: `unknown country "${f.country}"` });
  if (f.route && !(await listRouteDefinitions(db, d.id)).some((r) => r.code === f.route))
    errors.push({ field: 'body.filter.route', message: `"${f.route}" is not a route of this dialogue` });
  return errors;
}

/** A webhook delivery has an address and a secret; the others have neither. */
function checkDelivery(f: SubscriptionFields): FieldError[] {
  if (f.delivery === 'webhook') {
    const errors: FieldError[] = [];
    if (!f.webhookUrl) errors.push({ field: 'body.webhookUrl', message: 'a webhook needs its address' });
    if (!f.webhookSecret)
      errors.push({ field: 'body.webhookSecret', message: 'a webhook needs a secret to sign with' });
    return errors;
  }
  return f.webhookUrl
    ? [{ field: 'body.webhookUrl', message: 'only a webhook delivery has an address' }]
    : [];
}

/**
 * A webhook needs a role that connects systems and an address the outbound rule allows (https, public
 * addresses unless the operator allow-lists them; src/shared/outbound-url.ts), checked with a DNS look-up
 * outside any transaction, and again at every delivery.
 */
async function checkWebhook(ctx: Ctx, actor: Actor, d: DialogueRef, url: string): Promise<void> {
  if (!noticeSubscriptionsPolicy.addWebhook(actor, { dialogueId: d.id }))
    throw new Forbidden('Webhooks are added by the secretariat and analysts; choose the bell or e-mail');
  try {
    await resolveOutboundUrl(url, readOutboundPolicy());
  } catch (e) {
    if (!(e instanceof OutboundRefused)) throw e;
    ctx.log.info({ reason: e.detail }, 'notice webhook URL refused');
    throw new Invalid([{ field: 'body.webhookUrl', message: e.message }]);
  }
}

async function validate(ctx: Ctx, actor: Actor, d: DialogueRef, f: SubscriptionFields, urlChanged: boolean) {
  const errors = checkDelivery(f);
  if (errors.length) throw new Invalid(errors);
  if (f.delivery === 'webhook' && f.webhookUrl && urlChanged) await checkWebhook(ctx, actor, d, f.webhookUrl);
}

/** POST …/notices/subscriptions: saves a filter under a name with a delivery. */
export async function createNoticeSubscription(
  ctx: Ctx,
  slug: string,
  input: SubscriptionCreateBody,
): Promise<SubscriptionView> {
  const { d, actor } = await door(ctx, slug);
  const fields: SubscriptionFields = {
    name: input.name,
    filter: input.filter,
    delivery: input.delivery,
    webhookUrl: input.webhookUrl ?? null,
    webhookSecret: input.webhookSecret ?? null,
  };
  await validate(ctx, actor, d, fields, true);
  return withActor(ctx.db, actor, async (db) => {
    const errors = await checkFilter(db, d, fields.filter);
    if (errors.length) throw new Invalid(errors);
    const id = await insertSubscription(db, { ...fields, userId: actor.userId, dialogueId: d.id });
    await recordAudit(
      db,
      actor,
      'notice_subscription.create',
      { type: 'notice_subscription', id, dialogueId: d.id },
      { delivery: fields.delivery, filter: fields.filter, webhookUrl: fields.webhookUrl },
      { ip: ctx.ip },
    );
    return toView((await findSubscriptionOf(db, actor.userId, d.id, id))!);
  });
}

/** PATCH …/notices/subscriptions/:id: a new revision (409 when expectedRevision is not the current one). */
export async function updateNoticeSubscription(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SubscriptionUpdateBody,
): Promise<SubscriptionView> {
  const { d, actor } = await door(ctx, slug);
  const current = await withActor(ctx.db, actor, (db) => findSubscriptionOf(db, actor.userId, d.id, id));
  if (!current) throw new NotFound(`Subscription ${id}`);
  const delivery = input.delivery ?? current.delivery;
  const isWebhook = delivery === 'webhook';
  const fields: SubscriptionFields = {
    name: input.name ?? current.name,
    filter: input.filter ?? current.filter,
    delivery,
    webhookUrl: isWebhook ? (input.webhookUrl ?? current.webhook_url) : (input.webhookUrl ?? null),
    webhookSecret: isWebhook ? (input.webhookSecret ?? current.webhook_secret) : null,
  };
  await validate(ctx, actor, d, fields, fields.webhookUrl !== current.webhook_url);
  return withActor(ctx.db, actor, async (db) => {
    const errors = await checkFilter(db, d, fields.filter);
    if (errors.length) throw new Invalid(errors);
    if (!(await updateSubscription(db, id, input.expectedRevision, fields))) {
      const now = await findSubscriptionOf(db, actor.userId, d.id, id);
      if (!now) throw new NotFound(`Subscription ${id}`);
      throw new Conflict(
        `Subscription ${id} is at revision ${now.revision}, not ${input.expectedRevision}: reload it`,
        toView(now),
      );
    }
    await recordAudit(
      db,
      actor,
      'notice_subscription.update',
      { type: 'notice_subscription', id, dialogueId: d.id },
      { fields: Object.keys(input).filter((k) => k !== 'expectedRevision' && k !== 'webhookSecret') },
      { ip: ctx.ip },
    );
    return toView((await findSubscriptionOf(db, actor.userId, d.id, id))!);
  });
}

/** DELETE …/notices/subscriptions/:id: the caller's own (another user's is a 404). */
export async function deleteNoticeSubscription(ctx: Ctx, slug: string, id: number): Promise<void> {
  const { d, actor } = await door(ctx, slug);
  await withActor(ctx.db, actor, async (db) => {
    if (!(await findSubscriptionOf(db, actor.userId, d.id, id)) || !(await deleteSubscription(db, id)))
      throw new NotFound(`Subscription ${id}`);
    await recordAudit(
      db,
      actor,
      'notice_subscription.delete',
      { type: 'notice_subscription', id, dialogueId: d.id },
      {},
      { ip: ctx.ip },
    );
  });
}

// --- jobs -----------------------------------------------------------------------------------------------------

const NoticePayload = z.object({ noticeId: z.number().int().positive() });
const WebhookPayload = z.object({
  subscriptionId: z.number().int().positive(),
  noticeId: z.number().int().positive(),
});

/** Listener of 'notice.sent': queues the matching of the subscriptions in the sending transaction. */
export async function enqueueSubscriptionMatching(e: NoticeSent, tx: Queryable): Promise<void> {
  await enqueue(tx, NOTICES_MATCH_JOB, { noticeId: e.noticeId });
}

/** The subscriber as an actor of the subscription's dialogue only: what canSee needs. */
function ownerActor(s: SubscriberRow): Actor {
  return {
    userId: s.user_id,
    orgId: s.org_id,
    orgKind: s.org_kind,
    countryIso3: s.country_iso3,
    email: s.email,
    name: s.user_name,
    roles: { [s.dialogue_id]: s.roles },
  };
}

/** Whether the subscriber (still a member) may read the sent notice and it matches the saved filter. */
function isFor(s: SubscriberRow, n: NoticeRow): boolean {
  if (n.status !== 'sent' || n.dialogue_id !== s.dialogue_id || s.roles.length === 0) return false;
  const visible = canSee(ownerActor(s), {
    dialogueId: n.dialogue_id,
    classification: n.classification,
    originatorOrgId: n.originator_org_id,
    sharedWithOrgIds: n.shared_with_org_ids,
  });
  return (
    visible &&
    matchesFilter(s.filter, {
      measureType: n.measure_type,
      stateIso3: n.state_iso3,
      countries: n.countries,
      routes: n.routes,
      stage: n.stage,
      title: n.title,
      summary: n.summary,
      legalReference: n.legal_reference,
    })
  );
}

const mailNotice = (n: NoticeRow, slug: string, publicUrl: string): MailNotice => ({
  id: n.id,
  title: n.title,
  state: n.state_iso3,
  measureType: n.measure_type,
  effectiveOn: n.effective_on,
  summary: n.summary,
  link: `${publicUrl}/d/${slug}/notices/${n.id}`,
});

const bellPayload = (n: NoticeRow, s: SubscriberRow) => ({
  noticeId: n.id,
  title: n.title,
  state: n.state_iso3,
  measureType: n.measure_type,
  subscription: s.name,
});

/** The job 'notices.match': hits for the matching subscriptions, each delivered once (digests wait). */
export async function runNoticeMatchJob(db: Db, payload: unknown): Promise<{ matched: number }> {
  const { noticeId } = NoticePayload.parse(payload);
  return db.transaction(async (tx) => {
    const n = await findNoticeById(tx, noticeId);
    const naming = n ? await dialogueNaming(tx, n.dialogue_id) : undefined;
    if (n?.status !== 'sent' || !naming) return { matched: 0 };
    const publicUrl = readMailConfig().publicUrl ?? '';
    let matched = 0;
    for (const s of await listDialogueSubscribers(tx, n.dialogue_id)) {
      if (!isFor(s, n) || !(await insertHit(tx, s.id, n.id))) continue;
      matched++;
      if (isDigest(s.delivery)) continue;
      if (s.delivery === 'webhook') {
        await enqueue(tx, NOTICES_WEBHOOK_JOB, { subscriptionId: s.id, noticeId: n.id });
        continue;
      }
      const lang = asMessageLanguage(s.locale);
      const mail =
        s.delivery === 'email'
          ? subscriptionNoticeMail(
              {
                dialogue: naming.nameIn(lang),
                subscription: s.name,
                notices: [mailNotice(n, naming.slug, publicUrl)],
                manageLink: `${publicUrl}/d/${naming.slug}/notices/subscriptions`,
              },
              lang,
            )
          : undefined;
      await sendUserMessages(tx, [
        {
          userId: s.user_id,
          dialogueId: n.dialogue_id,
          kind: 'notice.subscription',
          payload: bellPayload(n, s),
          link: `/d/${naming.slug}/notices/${n.id}`,
          dedupeKey: `notice.subscription:${s.id}:${n.id}`,
          ...(mail ? { mail } : {}),
        },
      ]);
    }
    return { matched };
  });
}

/**
 * The job 'notices.digest' (hourly): each daily or weekly subscription that is due e-mails the notices that
 * matched since its last digest (still visible to its owner), once; a digest with nothing new sends nothing
 * but starts the next period.
 */
export async function runNoticeDigestJob(
  db: Db,
  _payload?: unknown,
  now = new Date(),
): Promise<{ digests: number; notices: number }> {
  return db.transaction(async (tx) => {
    const publicUrl = readMailConfig().publicUrl ?? '';
    let digests = 0;
    let listed = 0;
    for (const s of await listDigestSubscribers(tx)) {
      if (!isDigest(s.delivery) || !isDigestDue(s.delivery, s.last_digest_at, s.created_at, now)) continue;
      const naming = await dialogueNaming(tx, s.dialogue_id);
      if (!naming) continue;
      const notices: NoticeRow[] = [];
      for (const id of await listUndigestedHits(tx, s.id)) {
        const n = await findNoticeById(tx, id);
        if (n && isFor(s, n)) notices.push(n);
      }
      if (notices.length) {
        const lang = asMessageLanguage(s.locale);
        await sendUserMessages(tx, [
          {
            userId: s.user_id,
            dialogueId: s.dialogue_id,
            kind: 'notice.digest',
            payload: { subscription: s.name, count: notices.length, noticeIds: notices.map((n) => n.id) },
            link: `/d/${naming.slug}/notices/subscriptions`,
            dedupeKey: `notice.digest:${s.id}:${now.toISOString()}`,
            mail: subscriptionDigestMail(
              {
                dialogue: naming.nameIn(lang),
                subscription: s.name,
                notices: notices.map((n) => mailNotice(n, naming.slug, publicUrl)),
                manageLink: `${publicUrl}/d/${naming.slug}/notices/subscriptions`,
              },
              lang,
            ),
          },
        ]);
        digests++;
        listed += notices.length;
      }
      await markDigested(tx, s.id, now);
    }
    return { digests, notices: listed };
  });
}

export const NOTICE_WEBHOOK_REFUSED =
  'The webhook address is not allowed: it must use https and resolve to a public internet address';
export const NOTICE_WEBHOOK_UNREACHABLE =
  'The webhook could not be reached (no connection or no answer in time)';

/** The JSON a notice webhook receives: the notice as the feed shows it (organisations, never persons). */
export function noticeWebhookBody(s: SubscriberRow, n: NoticeRow, slug: string, publicUrl: string): string {
  return JSON.stringify({
    type: 'notice',
    subscription: { id: s.id, name: s.name },
    notice: {
      id: n.id,
      dialogue: slug,
      state: n.state_iso3,
      organisation: n.organisation,
      title: n.title,
      measureType: n.measure_type,
      stage: n.stage,
      summary: n.summary,
      legalReference: n.legal_reference,
      legalLink: n.legal_link,
      adoptedOn: n.adopted_on,
      effectiveOn: n.effective_on,
      endsOn: n.ends_on,
      countries: n.countries,
      routes: n.routes,
      classification: n.classification,
      commentsUntil: n.comments_until,
      sentAt: n.sent_at ? iso(n.sent_at) : null,
      url: `${publicUrl}/d/${slug}/notices/${n.id}`,
    },
  });
}

/**
 * The job 'notices.webhook': POSTs the notice to the subscription's webhook, signed like alerts' webhooks
 * (X-Passage-Timestamp, X-Passage-Signature: sha256=HMAC of "<timestamp>.<body>"), through the outbound rule.
 * The outcome is kept on the subscription (a generic error, never the network detail); a failure throws, so
 * the job queue retries it with backoff.
 */
export async function runNoticeWebhookJob(
  db: Db,
  payload: unknown,
  now = new Date(),
): Promise<{ sent: boolean }> {
  const { subscriptionId, noticeId } = WebhookPayload.parse(payload);
  const s = await findSubscriber(db, subscriptionId);
  const n = await findNoticeById(db, noticeId);
  const naming = s ? await dialogueNaming(db, s.dialogue_id) : undefined;
  if (!s || !n || !naming || s.delivery !== 'webhook' || !s.webhook_url || !s.webhook_secret || !isFor(s, n))
    return { sent: false };
  const body = noticeWebhookBody(s, n, naming.slug, readMailConfig().publicUrl ?? '');
  const timestamp = Math.floor(now.getTime() / 1000);
  let error: string | null = null;
  try {
    const { status } = await sendOutbound(s.webhook_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Passage-Webhook/1',
        'x-passage-timestamp': String(timestamp),
        'x-passage-signature': signWebhook(s.webhook_secret, timestamp, body),
        'x-passage-delivery': `notice-${s.id}-${n.id}`,
      },
      body,
      timeoutMs: 10_000,
      policy: readOutboundPolicy(),
    });
    if (status < 200 || status >= 300) error = `The webhook answered HTTP ${status}`;
  } catch (e) {
    if (e instanceof OutboundRefused) error = NOTICE_WEBHOOK_REFUSED;
    else if (e instanceof OutboundUnreachable) error = NOTICE_WEBHOOK_UNREACHABLE;
    else throw e;
  }
  await recordWebhookResult(db, s.id, now, error);
  if (error) throw new Error(error);
  return { sent: true };
}
