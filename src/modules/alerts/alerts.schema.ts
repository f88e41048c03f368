import { z } from 'zod';
import { RuleDefinition } from '../../domain/alerts/rules';

const Code = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'letters, digits and underscores (at most 32)');
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
const Id = z.coerce.number().int().positive();

export const SlugParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes'),
});
export const IdParams = SlugParams.extend({ id: Id });
export const NotificationParams = z.object({ id: Id });

export const RuleCreateBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    indicator: Code,
    /** A route code of the dialogue, or `_T` (indicators without a route breakdown). */
    route: Code,
    /** One citizenship (ISO alpha-3 or a special code); absent = all citizenships. */
    citizenship: Code.optional(),
    definition: RuleDefinition,
    isActive: z.boolean().default(true),
  })
  .strict();
export type RuleCreateBody = z.infer<typeof RuleCreateBody>;

export const RuleUpdateBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    definition: RuleDefinition.optional(),
    isActive: z.boolean().optional(),
  })
  .strict();
export type RuleUpdateBody = z.infer<typeof RuleUpdateBody>;

export const RuleView = z.object({
  id: z.number(),
  name: z.string(),
  indicator: z.string(),
  route: z.string(),
  citizenship: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
  isActive: z.boolean(),
  owner: z.object({ id: z.number(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type RuleView = z.infer<typeof RuleView>;

export const EvaluateBody = z
  .object({
    /** Periods to evaluate (YYYY-MM); default: the latest period of each rule's series. */
    periods: z.array(Period).max(36).optional(),
  })
  .strict();
export type EvaluateBody = z.infer<typeof EvaluateBody>;

export const EvaluationView = z.object({
  rules: z.number(),
  created: z.number(),
  alertIds: z.array(z.number()),
  skipped: z.array(z.object({ ruleId: z.number(), reason: z.string() })),
});
export type EvaluationView = z.infer<typeof EvaluationView>;

export const FeedQuery = z
  .object({
    mine: z.enum(['true', 'false']).optional().describe('only alerts of my own rules'),
    unacknowledged: z.enum(['true', 'false']).optional().describe('only alerts I have not acknowledged'),
    route: Code.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type FeedQuery = z.infer<typeof FeedQuery>;

export const AlertView = z.object({
  id: z.number(),
  rule: z.object({ id: z.number(), name: z.string(), isMine: z.boolean() }),
  kind: z.string(),
  indicator: z.string(),
  route: z.string(),
  citizenship: z.string().nullable(),
  seriesKey: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  reference: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
  classification: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable().describe('when I acknowledged it'),
  acknowledgements: z.number(),
  comments: z.number(),
});
export type AlertView = z.infer<typeof AlertView>;

export const CommentView = z.object({
  id: z.number(),
  author: z.object({ id: z.number(), name: z.string() }),
  body: z.string(),
  createdAt: z.string(),
});
export type CommentView = z.infer<typeof CommentView>;

export const AlertDetail = AlertView.extend({ commentList: z.array(CommentView) });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const CommentBody = z.object({ body: z.string().trim().min(1).max(4000) }).strict();

const Scope = z.enum(['own', 'all']).default('own');
export const SubscriptionCreateBody = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('in_app'), scope: Scope }).strict(),
  z.object({ channel: z.literal('email'), scope: Scope }).strict(),
  z
    .object({
      channel: z.literal('webhook'),
      scope: Scope,
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
      /** Shared secret for the HMAC-SHA256 signature; never sent back. */
      secret: z.string().min(16, 'at least 16 characters').max(200),
    })
    .strict(),
]);
export type SubscriptionCreateBody = z.infer<typeof SubscriptionCreateBody>;

export const SubscriptionView = z.object({
  id: z.number(),
  channel: z.enum(['in_app', 'email', 'webhook']),
  scope: z.enum(['own', 'all']),
  /** E-mail: the account's address; webhook: the URL. */
  target: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
});
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const DeliveryQuery = z
  .object({
    status: z.enum(['pending', 'sent', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

export const DeliveryView = z.object({
  id: z.number(),
  alertId: z.number(),
  channel: z.enum(['email', 'webhook']),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  user: z.object({ id: z.number(), name: z.string() }),
  target: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const NotificationQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const NotificationView = z.object({
  id: z.number(),
  /** 'alert', or the kind of another message: calendar.reminder, calendar.digest, submission.submitted … */
  type: z.string(),
  /** The parameters of a message that is not an alert (the web app words it). */
  payload: z.record(z.string(), z.unknown()),
  /** Where it leads in the web app (messages that are not alerts). */
  link: z.string().nullable(),
  dialogue: z.string().nullable().describe('slug of the dialogue'),
  alertId: z.number().nullable(),
  ruleName: z.string().nullable(),
  kind: z.string().nullable(),
  period: z.string().nullable(),
  seriesKey: z.string().nullable(),
  value: z.number().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationList = z.object({ unread: z.number(), items: z.array(NotificationView) });
export const UnreadCount = z.object({ unread: z.number() });
