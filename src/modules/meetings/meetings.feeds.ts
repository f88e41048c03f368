/**
 * A dialogue's meetings as an iCalendar feed (`ical-generator`, as the notices' feed): one all-day event
 * spanning each meeting, its agenda as the description. Built from the same visibility-checked list as the
 * API; only organisations and places, never persons.
 */
import ical from 'ical-generator';
import type { Ctx } from '../../shared/ctx';
import { listCalendarMeetings } from './meetings.service';

const KIND_LABELS = {
  som: "Senior officials' meeting",
  ministerial: 'Ministerial conference',
  working_group: 'Working group',
};

export async function meetingsCalendar(ctx: Ctx, slug: string, origin: string): Promise<string> {
  const { d, items } = await listCalendarMeetings(ctx, slug);
  const cal = ical({ name: `${d.slug}: meetings`, prodId: '//Passage//meetings//EN' });
  for (const m of items) {
    const end = new Date(`${m.endsOn}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    cal.createEvent({
      id: `meeting-${m.id}@${slug}.passage`,
      start: new Date(`${m.startsOn}T00:00:00Z`),
      end,
      allDay: true,
      summary: m.title,
      description: [KIND_LABELS[m.kind], ...m.agenda.map((a, i) => `${i + 1}. ${a}`)].join('\n'),
      location: m.place || null,
      url: `${origin}/d/${encodeURIComponent(slug)}/meetings/${m.id}`,
      categories: [{ name: m.kind }],
      stamp: new Date(m.updatedAt),
    });
  }
  return cal.toString();
}
