/**
 * Use cases of meetings, one transaction each, run as the actor (row-level security applies). Every change of
 * a meeting is a new revision; follow-up actions are assigned to an organisation taking part in the dialogue
 * and appear in that organisation's task list (`listMyActions`) until it marks them done.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { checkMeetingDates, isOverdue } from '../../domain/meetings/meeting-rules';
import { allows } from '../../shared/access';
import type { Actor, MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Conflict, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { type DialogueRef, requireDialogueFor, requireMemberDialogue } from '../dialogues/dialogues.service';
import { checkSharedWith } from '../members/members.service';
import { meetingsPolicy } from './meetings.policy';
import type {
  ActionBody,
  MeetingCreateBody,
  MeetingHistory,
  MeetingList,
  MeetingUpdateBody,
  MeetingView,
  MyActions,
} from './meetings.schema';
import {
  type ActionRow,
  completeActionRow,
  findActionRow,
  findMeetingRow,
  insertAction,
  insertMeeting,
  insertMeetingRevision,
  listActionRows,
  listMeetingRevisionRows,
  listMeetingRows,
  listOrganisationRows,
  listOwnedActionRows,
  type MeetingContent,
  type MeetingRow,
  updateMeetingRow,
} from './meetings.sql';

const iso = (v: Date | string) => new Date(v).toISOString();

const contentOf = (m: MeetingRow): MeetingContent => ({
  kind: m.kind,
  title: m.title,
  startsOn: m.starts_on,
  endsOn: m.ends_on,
  place: m.place,
  agenda: m.agenda,
  participantOrgIds: m.participant_org_ids,
  minutes: m.minutes,
  classification: m.classification,
});

const summaryOf = (m: MeetingRow) => ({
  id: m.id,
  kind: m.kind,
  title: m.title,
  startsOn: m.starts_on,
  endsOn: m.ends_on,
  place: m.place,
  classification: m.classification,
  revision: m.revision,
});

function actionView(actor: MaybeActor, a: ActionRow) {
  return {
    id: a.id,
    meetingId: a.meeting_id,
    meetingTitle: a.meeting_title,
    title: a.title,
    owner: { id: a.owner_org_id, name: a.owner_name, country: a.owner_country },
    dueOn: a.due_on,
    status: a.status,
    isOverdue: isOverdue({ status: a.status, dueOn: a.due_on }, new Date()),
    canComplete:
      a.status === 'open' &&
      meetingsPolicy.completesAction(actor, { dialogueId: a.dialogue_id, ownerOrgId: a.owner_org_id }),
  };
}

async function requireMeeting(db: Queryable, actor: MaybeActor, d: DialogueRef, id: number) {
  const m = await findMeetingRow(db, actor, d.id, id);
  if (!m) throw new NotFound(`Meeting ${id}`);
  return m;
}

async function meetingView(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  m: MeetingRow,
): Promise<MeetingView> {
  const orgs = await listOrganisationRows(db, m.participant_org_ids);
  return {
    ...summaryOf(m),
    agenda: m.agenda,
    participants: orgs.map((o) => ({ id: o.id, name: o.name, country: o.country_iso3 })),
    minutes: m.minutes,
    actions: (await listActionRows(db, m.id)).map((a) => actionView(actor, a)),
    abilities: { canEdit: allows(actor, meetingsPolicy.manage, { dialogueId: d.id }) },
  };
}

/** Dates in order, delegations that take part in the dialogue. */
async function checkContent(db: Queryable, d: DialogueRef, c: MeetingContent) {
  const errors = [
    ...checkMeetingDates(c),
    ...(await checkSharedWith(db, d.id, c.participantOrgIds, 'body.participantOrgIds')),
  ];
  if (errors.length) throw new Invalid(errors);
}

/** GET …/meetings */
export async function listMeetings(ctx: Ctx, slug: string): Promise<MeetingList> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    items: (await listMeetingRows(db, ctx.actor, d.id)).map(summaryOf),
    abilities: { canCreate: allows(ctx.actor, meetingsPolicy.manage, { dialogueId: d.id }) },
  }));
}

/** The meetings a calendar feed shows (those ending a year ago or later), with the dialogue. */
export async function listCalendarMeetings(ctx: Ctx, slug: string) {
  const d = await requireMemberDialogue(ctx, slug);
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const items = await withActor(ctx.db, ctx.actor, (db) => listMeetingRows(db, ctx.actor, d.id, from));
  return {
    d,
    items: items.map((m) => ({ ...summaryOf(m), agenda: m.agenda, updatedAt: iso(m.updated_at) })),
  };
}

/** GET …/meetings/:id */
export async function getMeeting(ctx: Ctx, slug: string, id: number): Promise<MeetingView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    meetingView(db, ctx.actor, d, await requireMeeting(db, ctx.actor, d, id)),
  );
}

const by = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });

/** POST …/meetings */
export async function createMeeting(ctx: Ctx, slug: string, input: MeetingCreateBody): Promise<MeetingView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    meetingsPolicy.manage,
    'Only the secretariat plans meetings',
  );
  const content: MeetingContent = {
    kind: input.kind,
    title: input.title,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    place: input.place ?? '',
    agenda: input.agenda ?? [],
    participantOrgIds: input.participantOrgIds ?? [],
    minutes: input.minutes ?? '',
    classification: input.classification ?? 'dialogue',
  };
  return withActor(ctx.db, actor, async (db) => {
    await checkContent(db, d, content);
    const id = await insertMeeting(db, { ...content, dialogueId: d.id, ...by(actor) });
    await insertMeetingRevision(db, { meetingId: id, revision: 1, dialogueId: d.id, content, ...by(actor) });
    await recordAudit(
      db,
      actor,
      'meeting.create',
      { type: 'meeting', id, dialogueId: d.id },
      { title: content.title },
      {
        ip: ctx.ip,
      },
    );
    return meetingView(db, actor, d, await requireMeeting(db, actor, d, id));
  });
}

/** PATCH …/meetings/:id: a new revision (409 on a stale expectedRevision). */
export async function updateMeeting(
  ctx: Ctx,
  slug: string,
  id: number,
  input: MeetingUpdateBody,
): Promise<MeetingView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    meetingsPolicy.manage,
    'Only the secretariat changes meetings',
  );
  return withActor(ctx.db, actor, async (db) => {
    const m = await requireMeeting(db, actor, d, id);
    const { expectedRevision, ...patch } = input;
    const content: MeetingContent = { ...contentOf(m), ...patch };
    await checkContent(db, d, content);
    if (m.revision !== expectedRevision || !(await updateMeetingRow(db, m.id, expectedRevision, content)))
      throw new Conflict(
        `Meeting ${id} is at revision ${m.revision}, not ${expectedRevision}: reload it`,
        summaryOf(m),
      );
    await insertMeetingRevision(db, {
      meetingId: m.id,
      revision: m.revision + 1,
      dialogueId: d.id,
      content,
      ...by(actor),
    });
    return meetingView(db, actor, d, await requireMeeting(db, actor, d, id));
  });
}

/** GET …/meetings/:id/history */
export async function getMeetingHistory(ctx: Ctx, slug: string, id: number): Promise<MeetingHistory> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const m = await requireMeeting(db, ctx.actor, d, id);
    return {
      items: (await listMeetingRevisionRows(db, m.id)).map((r) => ({
        revision: r.revision,
        organisation: r.organisation,
        at: iso(r.created_at),
        content: r.content,
      })),
    };
  });
}

/** POST …/meetings/:id/actions: a follow-up action owned by an organisation of the dialogue. */
export async function addMeetingAction(
  ctx: Ctx,
  slug: string,
  id: number,
  input: ActionBody,
): Promise<MeetingView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    meetingsPolicy.manage,
    'Only the secretariat assigns actions',
  );
  return withActor(ctx.db, actor, async (db) => {
    const m = await requireMeeting(db, actor, d, id);
    const errors = [
      ...checkMeetingDates({ startsOn: m.starts_on, endsOn: m.ends_on }, [input.dueOn]).map((e) => ({
        ...e,
        field: 'body.dueOn',
      })),
      ...(await checkSharedWith(db, d.id, [input.ownerOrgId], 'body.ownerOrgId')).map((e) => ({
        ...e,
        field: 'body.ownerOrgId',
      })),
    ];
    if (errors.length) throw new Invalid(errors);
    await insertAction(db, { meetingId: m.id, dialogueId: d.id, ...input, userId: actor.userId });
    return meetingView(db, actor, d, m);
  });
}

/** POST …/meetings/:id/actions/:actionId/done: the owner organisation (or the secretariat) marks it done. */
export async function completeMeetingAction(
  ctx: Ctx,
  slug: string,
  id: number,
  actionId: number,
): Promise<MeetingView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    meetingsPolicy.completeAction,
    'Members complete actions',
  );
  return withActor(ctx.db, actor, async (db) => {
    const m = await requireMeeting(db, actor, d, id);
    const a = await findActionRow(db, m.id, actionId);
    if (!a) throw new NotFound(`Action ${actionId}`);
    if (!meetingsPolicy.completesAction(actor, { dialogueId: d.id, ownerOrgId: a.owner_org_id }))
      throw new Forbidden(
        `This action belongs to ${a.owner_name}: only they (or the secretariat) mark it done`,
      );
    if (!(await completeActionRow(db, a.id))) throw new Conflict(`Action ${actionId} is done already`);
    return meetingView(db, actor, d, m);
  });
}

/** GET …/meetings/actions/mine: the open follow-up actions of the caller's organisation (its task list). */
export async function listMyActions(ctx: Ctx, slug: string): Promise<MyActions> {
  const d = await requireMemberDialogue(ctx, slug);
  const actor = ctx.actor;
  if (!actor) return { items: [] };
  return withActor(ctx.db, actor, async (db) => ({
    items: (await listOwnedActionRows(db, actor, d.id, actor.orgId)).map((a) => actionView(actor, a)),
  }));
}
