/**
 * Saved notice filters (subscriptions) without a database: whether a sent notice matches a saved filter (the
 * feed's filters: type, country — notifying or affected —, route, stage, free text), when a digest is due,
 * and which of a digest's notices to list. Pure (subscription-filter.test.ts); the job that runs when a
 * notice is sent (src/modules/notices/notices.subscriptions.ts) asks it, after the owner's visibility.
 */
import type { MeasureType, NoticeStage } from './notice-rules';

export const SUBSCRIPTION_DELIVERIES = ['in_app', 'email', 'daily', 'weekly', 'webhook'] as const;
export type SubscriptionDelivery = (typeof SUBSCRIPTION_DELIVERIES)[number];

/** What a subscription saves of the feed's filter (dates and drafts are not part of it: it looks ahead). */
export interface SavedFilter {
  type?: MeasureType | undefined;
  country?: string | undefined;
  route?: string | undefined;
  stage?: NoticeStage | undefined;
  q?: string | undefined;
}

export interface MatchableNotice {
  measureType: MeasureType;
  stateIso3: string;
  countries: readonly string[];
  routes: readonly string[];
  stage: NoticeStage;
  title: string;
  summary: string;
  legalReference: string;
}

/** Lower-case words (letters and digits of any script), as the feed's 'simple' text search splits them. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Every condition of the filter holds; the text: every word of it is a word of the title, summary or reference. */
export function matchesFilter(f: SavedFilter, n: MatchableNotice): boolean {
  if (f.type && f.type !== n.measureType) return false;
  if (f.stage && f.stage !== n.stage) return false;
  if (f.country && f.country !== n.stateIso3 && !n.countries.includes(f.country)) return false;
  if (f.route && !n.routes.includes(f.route)) return false;
  if (f.q) {
    const words = new Set(wordsOf(`${n.title} ${n.summary} ${n.legalReference}`));
    if (!wordsOf(f.q).every((w) => words.has(w))) return false;
  }
  return true;
}

const DAY_MS = 86_400_000;

/** Digests: daily and weekly; the others are delivered when the notice is sent. */
export function isDigest(d: SubscriptionDelivery): d is 'daily' | 'weekly' {
  return d === 'daily' || d === 'weekly';
}

/**
 * Whether a digest is due: a day (a week) after the last one, or after the subscription was made. A run an
 * hour early is not a day early: 1 hour of slack, so an hourly job keeps a daily digest near its hour.
 */
export function isDigestDue(
  delivery: 'daily' | 'weekly',
  last: Date | null,
  createdAt: Date,
  now: Date,
): boolean {
  const period = (delivery === 'daily' ? 1 : 7) * DAY_MS;
  return now.getTime() - (last ?? createdAt).getTime() >= period - 3_600_000;
}

/** A short description of the filter for e-mails and lists, e.g. "type=visa_regime, country=GRC, “border”". */
export function describeFilter(f: SavedFilter): string {
  const parts = (['type', 'country', 'route', 'stage'] as const)
    .filter((k) => f[k])
    .map((k) => `${k}=${f[k]}`);
  if (f.q) parts.push(`“${f.q}”`);
  return parts.join(', ');
}
