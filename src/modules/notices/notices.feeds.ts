/**
 * The notices as feeds a ministry follows in its own tools: Atom (the `feed` library) for new and changed
 * notices, iCalendar (`ical-generator`) with one all-day event per effective date. Both are built from the
 * same filtered, visibility-checked list as the API's feed (listFeedNotices), so a token of scope
 * notices:read sees exactly what its owner sees. Only organisations are named, never persons.
 */
import { Feed } from 'feed';
import ical from 'ical-generator';
import { measureTypeLabel } from '../../domain/notices/notice-mail';
import type { Ctx } from '../../shared/ctx';
import type { NoticeFeedQuery, NoticeSummaryView } from './notices.schema';
import { listFeedNotices } from './notices.service';

const noticeLink = (origin: string, slug: string, id: number) => `${origin}/d/${slug}/notices/${id}`;

function describe(n: NoticeSummaryView): string {
  const dates = [
    n.adoptedOn && `adopted ${n.adoptedOn}`,
    n.effectiveOn && `effective ${n.effectiveOn}`,
    n.endsOn && `ends ${n.endsOn}`,
  ].filter(Boolean);
  return [
    `${n.state} · ${measureTypeLabel(n.measureType)} · ${n.stage.replace('_', ' ')}`,
    dates.join(', '),
    n.legalReference,
    n.summary,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** GET …/notices/feed.atom: the sent notices, newest first, as an Atom 1.0 document. */
export async function noticesAtom(
  ctx: Ctx,
  slug: string,
  q: NoticeFeedQuery,
  origin: string,
): Promise<string> {
  const { d, items } = await listFeedNotices(ctx, slug, q);
  const feed = new Feed({
    id: `${origin}/d/${slug}/notices`,
    title: `${d.slug}: notices of new national measures`,
    link: `${origin}/d/${slug}/notices`,
    updated: items[0] ? new Date(items[0].updatedAt) : new Date(0),
    generator: 'Passage',
    feedLinks: { atom: `${origin}/api/dialogues/${slug}/notices/feed.atom` },
  });
  for (const n of items)
    feed.addItem({
      id: `${origin}/d/${slug}/notices/${n.id}`,
      title: `[${n.state}] ${n.title}`,
      link: noticeLink(origin, slug, n.id),
      date: new Date(n.updatedAt),
      published: new Date(n.sentAt ?? n.updatedAt),
      description: describe(n),
      category: [{ name: n.measureType, term: n.measureType }],
      author: [{ name: n.organisation }],
    });
  return feed.atom1();
}

/** GET …/notices/effective.ics: one all-day event per notice with an effective date. */
export async function noticesCalendar(
  ctx: Ctx,
  slug: string,
  q: NoticeFeedQuery,
  origin: string,
): Promise<string> {
  const { d, items } = await listFeedNotices(ctx, slug, q, { hasEffectiveDate: true });
  const cal = ical({
    name: `${d.slug}: effective dates of notified measures`,
    prodId: '//Passage//notices//EN',
  });
  for (const n of items) {
    if (!n.effectiveOn) continue;
    cal.createEvent({
      id: `notice-${n.id}@${slug}.passage`,
      start: new Date(`${n.effectiveOn}T00:00:00Z`),
      allDay: true,
      summary: `[${n.state}] ${n.title}`,
      description: describe(n),
      url: noticeLink(origin, slug, n.id),
      categories: [{ name: n.measureType }],
      stamp: new Date(n.updatedAt),
    });
  }
  return cal.toString();
}
