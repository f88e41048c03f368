/**
 * zod schemas of saved notice filters (subscriptions) and of the secretariat's uptake dashboard. The filter
 * is the feed's (NoticeFeedQuery) without dates, drafts and limit: a subscription looks ahead.
 */
import { z } from 'zod';
import { SUBSCRIPTION_DELIVERIES } from '../../domain/notices/subscription-filter';
import { MeasureType, NoticeFeedQuery, NoticeStage } from './notices.schema';

export const SubscriptionParams = z.object({
  slug: z.string().min(1).max(100),
  subscriptionId: z.coerce.number().int().positive(),
});

export const SavedFilter = z
  .object({
    type: MeasureType.optional(),
    country: NoticeFeedQuery.shape.country,
    route: z.string().trim().min(1).max(32).optional(),
    stage: NoticeStage.optional(),
    q: NoticeFeedQuery.shape.q,
  })
  .strict();
export type SavedFilter = z.infer<typeof SavedFilter>;

export const SubscriptionDelivery = z.enum(SUBSCRIPTION_DELIVERIES);

const Name = z.string().trim().min(1, 'give the subscription a name').max(200);
const WebhookUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).max(2000);
const WebhookSecret = z.string().min(16, 'the webhook secret has at least 16 characters').max(200);

export const SubscriptionCreateBody = z
  .object({
    name: Name,
    filter: SavedFilter.default({}),
    delivery: SubscriptionDelivery,
    /** For delivery "webhook": where to POST (signed with the secret; https, public addresses). */
    webhookUrl: WebhookUrl.optional(),
    webhookSecret: WebhookSecret.optional(),
  })
  .strict();
export type SubscriptionCreateBody = z.infer<typeof SubscriptionCreateBody>;

export const SubscriptionUpdateBody = z
  .object({
    name: Name.optional(),
    filter: SavedFilter.optional(),
    delivery: SubscriptionDelivery.optional(),
    webhookUrl: WebhookUrl.optional(),
    webhookSecret: WebhookSecret.optional(),
    /** The revision the change is based on: a newer one answers 409 CONFLICT. */
    expectedRevision: z.number().int().positive(),
  })
  .strict();
export type SubscriptionUpdateBody = z.infer<typeof SubscriptionUpdateBody>;

export const SubscriptionView = z.object({
  id: z.number(),
  revision: z.number(),
  name: z.string(),
  filter: SavedFilter,
  delivery: SubscriptionDelivery,
  /** The webhook's address (never its secret). */
  webhookUrl: z.string().nullable(),
  lastDigestAt: z.string().nullable(),
  lastWebhookAt: z.string().nullable(),
  lastWebhookError: z.string().nullable(),
  /** Notices that matched it so far. */
  matched: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const SubscriptionList = z.object({ items: z.array(SubscriptionView) });
export type SubscriptionList = z.infer<typeof SubscriptionList>;

// --- uptake -----------------------------------------------------------------------------------------------

export const UptakeQuery = z.object({ quarters: z.coerce.number().int().min(1).max(20).default(8) }).strict();
export type UptakeQuery = z.infer<typeof UptakeQuery>;

export const UptakeView = z.object({
  asOf: z.string(),
  nudgeMonths: z.number(),
  quarters: z.array(z.string()),
  states: z.array(
    z.object({
      state: z.string(),
      total: z.number(),
      byQuarter: z.array(z.number()),
      lastSentOn: z.string().nullable(),
      medianDaysToNotify: z.number().nullable(),
      late: z.number(),
      acknowledgementRate: z.number().nullable(),
      /** No notice for nudgeMonths months (or never): the state is nudged once per period. */
      isDue: z.boolean(),
    }),
  ),
  neverNotified: z.array(z.string()),
  medianDaysToNotify: z.number().nullable(),
  late: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      state: z.string(),
      effectiveOn: z.string(),
      sentOn: z.string(),
      daysLate: z.number(),
    }),
  ),
  acknowledgements: z.object({ expected: z.number(), acknowledged: z.number(), rate: z.number().nullable() }),
});
export type UptakeView = z.infer<typeof UptakeView>;

export const NudgeRun = z.object({ period: z.string(), states: z.array(z.string()), recipients: z.number() });
export type NudgeRun = z.infer<typeof NudgeRun>;
