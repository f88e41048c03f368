/**
 * zod schemas of meetings: what the secretariat writes (kind, title, dates, place, agenda items, participating
 * delegations by organisation, minutes), follow-up actions, and the views.
 */
import { z } from 'zod';
import { ACTION_STATUSES, MEETING_KINDS } from '../../domain/meetings/meeting-rules';
import { CLASSIFICATIONS } from '../../shared/classification';

const Slug = z.string().min(1).max(100);
const Id = z.coerce.number().int().positive();
export const SlugParams = z.object({ slug: Slug });
export const MeetingParams = z.object({ slug: Slug, id: Id });
export const ActionParams = z.object({ slug: Slug, id: Id, actionId: Id });

const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD');
export const MeetingKind = z.enum(MEETING_KINDS);

const MeetingFields = {
  kind: MeetingKind,
  title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(300),
  startsOn: Day,
  endsOn: Day,
  place: z.string().trim().max(200).optional(),
  agenda: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
  /** The participating delegations: organisations taking part in the dialogue (no persons). */
  participantOrgIds: z.array(z.number().int().positive()).max(200).optional(),
  minutes: z.string().trim().max(100_000).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
};

export const MeetingCreateBody = z.object(MeetingFields).strict();
export type MeetingCreateBody = z.infer<typeof MeetingCreateBody>;

export const MeetingUpdateBody = z
  .object({
    kind: MeetingKind.optional(),
    title: MeetingFields.title.optional(),
    startsOn: Day.optional(),
    endsOn: Day.optional(),
    place: MeetingFields.place,
    agenda: MeetingFields.agenda,
    participantOrgIds: MeetingFields.participantOrgIds,
    minutes: MeetingFields.minutes,
    classification: MeetingFields.classification,
    expectedRevision: z.number().int().positive(),
  })
  .strict();
export type MeetingUpdateBody = z.infer<typeof MeetingUpdateBody>;

export const ActionBody = z
  .object({
    title: z.string().trim().min(3, 'give a title (at least 3 characters)').max(500),
    ownerOrgId: z.number().int().positive(),
    dueOn: Day,
  })
  .strict();
export type ActionBody = z.infer<typeof ActionBody>;

const Org = z.object({ id: z.number().int(), name: z.string(), country: z.string().nullable() });

export const MeetingActionView = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  meetingTitle: z.string(),
  title: z.string(),
  owner: Org,
  dueOn: z.string(),
  status: z.enum(ACTION_STATUSES),
  isOverdue: z.boolean(),
  canComplete: z.boolean(),
});

export const MeetingSummaryView = z.object({
  id: z.number().int(),
  kind: MeetingKind,
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  place: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  revision: z.number().int(),
});

export const MeetingList = z.object({
  items: z.array(MeetingSummaryView),
  abilities: z.object({ canCreate: z.boolean() }),
});
export type MeetingList = z.infer<typeof MeetingList>;

export const MeetingView = MeetingSummaryView.extend({
  agenda: z.array(z.string()),
  participants: z.array(Org),
  minutes: z.string(),
  actions: z.array(MeetingActionView),
  abilities: z.object({ canEdit: z.boolean() }),
});
export type MeetingView = z.infer<typeof MeetingView>;

export const MyActions = z.object({ items: z.array(MeetingActionView) });
export type MyActions = z.infer<typeof MyActions>;

export const MeetingHistory = z.object({
  items: z.array(
    z.object({
      revision: z.number().int(),
      organisation: z.string(),
      at: z.string(),
      content: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type MeetingHistory = z.infer<typeof MeetingHistory>;
