/**
 * Queries of meetings (migration 0034). Meetings are read through visibleTo (their classification);
 * row-level security repeats it. A change of a meeting is always written with a revision row.
 */
import sql, { empty } from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { MeetingActionStatus, MeetingKind } from '../../domain/meetings/meeting-rules';
import type { MaybeActor } from '../../shared/actor';
import type { Classification } from '../../shared/classification';
import { visibleTo } from '../../shared/visibility';

export interface MeetingContent {
  kind: MeetingKind;
  title: string;
  startsOn: string;
  endsOn: string;
  place: string;
  agenda: string[];
  participantOrgIds: number[];
  minutes: string;
  classification: Classification;
}

export interface MeetingRow {
  id: number;
  dialogue_id: number;
  kind: MeetingKind;
  title: string;
  starts_on: string;
  ends_on: string;
  place: string;
  agenda: string[];
  participant_org_ids: number[];
  minutes: string;
  classification: Classification;
  revision: number;
  updated_at: Date;
}

const SELECT_MEETING = sql`SELECT m.id, m.dialogue_id, m.kind, m.title, to_char(m.starts_on, 'YYYY-MM-DD') AS starts_on,
    to_char(m.ends_on, 'YYYY-MM-DD') AS ends_on, m.place, m.agenda, m.participant_org_ids, m.minutes,
    m.classification, m.revision, m.updated_at
  FROM meetings m`;

export function listMeetingRows(db: Queryable, actor: MaybeActor, dialogueId: number, upcomingFrom?: string) {
  const from = upcomingFrom ? sql`AND m.ends_on >= ${upcomingFrom}` : empty;
  return db.query<MeetingRow>(sql`${SELECT_MEETING}
    WHERE m.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'm')} ${from} ORDER BY m.starts_on DESC, m.id DESC`);
}

export async function findMeetingRow(db: Queryable, actor: MaybeActor, dialogueId: number, id: number) {
  const [row] = await db.query<MeetingRow>(sql`${SELECT_MEETING}
    WHERE m.id = ${id} AND m.dialogue_id = ${dialogueId} AND ${visibleTo(actor, 'm')}`);
  return row;
}

export async function insertMeeting(
  db: Queryable,
  m: MeetingContent & { dialogueId: number; orgId: number; userId: number },
): Promise<number> {
  const [row] = await db.query<{
    id: number;
  }>(sql`INSERT INTO meetings (dialogue_id, kind, title, starts_on, ends_on,
      place, agenda, participant_org_ids, minutes, classification, originator_org_id, created_by)
    VALUES (${m.dialogueId}, ${m.kind}, ${m.title}, ${m.startsOn}, ${m.endsOn}, ${m.place}, ${m.agenda},
      ${m.participantOrgIds}, ${m.minutes}, ${m.classification}, ${m.orgId}, ${m.userId})
    RETURNING id`);
  return row!.id;
}

export async function updateMeetingRow(
  db: Queryable,
  id: number,
  expectedRevision: number,
  m: MeetingContent,
): Promise<boolean> {
  const rows =
    await db.query(sql`UPDATE meetings SET kind = ${m.kind}, title = ${m.title}, starts_on = ${m.startsOn},
      ends_on = ${m.endsOn}, place = ${m.place}, agenda = ${m.agenda}, participant_org_ids = ${m.participantOrgIds},
      minutes = ${m.minutes}, classification = ${m.classification}, revision = revision + 1, updated_at = now()
    WHERE id = ${id} AND revision = ${expectedRevision} RETURNING id`);
  return rows.length === 1;
}

export async function insertMeetingRevision(
  db: Queryable,
  r: {
    meetingId: number;
    revision: number;
    dialogueId: number;
    content: MeetingContent;
    userId: number;
    orgId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO meeting_revisions (meeting_id, revision, dialogue_id, content, user_id, organisation_id)
    VALUES (${r.meetingId}, ${r.revision}, ${r.dialogueId}, ${JSON.stringify(r.content)}::jsonb, ${r.userId}, ${r.orgId})`);
}

export function listMeetingRevisionRows(db: Queryable, meetingId: number) {
  return db.query<{
    revision: number;
    organisation: string;
    created_at: Date;
    content: Record<string, unknown>;
  }>(sql`
    SELECT v.revision, o.name AS organisation, v.created_at, v.content
    FROM meeting_revisions v JOIN organisations o ON o.id = v.organisation_id
    WHERE v.meeting_id = ${meetingId} ORDER BY v.revision`);
}

export interface OrgRow {
  id: number;
  name: string;
  country_iso3: string | null;
}

export function listOrganisationRows(db: Queryable, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([] as OrgRow[]);
  return db.query<OrgRow>(sql`SELECT id, name, trim(country_iso3) AS country_iso3 FROM organisations
    WHERE id = ANY(${[...ids]}::int[]) ORDER BY lower(name)`);
}

export interface ActionRow {
  id: number;
  meeting_id: number;
  meeting_title: string;
  dialogue_id: number;
  title: string;
  owner_org_id: number;
  owner_name: string;
  owner_country: string | null;
  due_on: string;
  status: MeetingActionStatus;
}

const SELECT_ACTION = sql`SELECT a.id, a.meeting_id, m.title AS meeting_title, a.dialogue_id, a.title, a.owner_org_id,
    o.name AS owner_name, trim(o.country_iso3) AS owner_country, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.status
  FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id JOIN organisations o ON o.id = a.owner_org_id`;

export function listActionRows(db: Queryable, meetingId: number) {
  return db.query<ActionRow>(sql`${SELECT_ACTION} WHERE a.meeting_id = ${meetingId} ORDER BY a.due_on, a.id`);
}

/** The open follow-up actions an organisation owns in a dialogue, soonest due first (its task list). */
export function listOwnedActionRows(db: Queryable, actor: MaybeActor, dialogueId: number, orgId: number) {
  return db.query<ActionRow>(sql`${SELECT_ACTION}
    WHERE a.dialogue_id = ${dialogueId} AND a.owner_org_id = ${orgId} AND a.status = 'open' AND ${visibleTo(actor, 'm')}
    ORDER BY a.due_on, a.id`);
}

export async function findActionRow(db: Queryable, meetingId: number, id: number) {
  const [row] = await db.query<ActionRow>(
    sql`${SELECT_ACTION} WHERE a.meeting_id = ${meetingId} AND a.id = ${id}`,
  );
  return row;
}

export async function insertAction(
  db: Queryable,
  a: {
    meetingId: number;
    dialogueId: number;
    title: string;
    ownerOrgId: number;
    dueOn: string;
    userId: number;
  },
): Promise<void> {
  await db.query(sql`INSERT INTO meeting_actions (meeting_id, dialogue_id, title, owner_org_id, due_on, created_by)
    VALUES (${a.meetingId}, ${a.dialogueId}, ${a.title}, ${a.ownerOrgId}, ${a.dueOn}, ${a.userId})`);
}

export async function completeActionRow(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE meeting_actions SET status = 'done', done_at = now()
    WHERE id = ${id} AND status = 'open' RETURNING id`);
  return rows.length === 1;
}
